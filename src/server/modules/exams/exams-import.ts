import fs from 'node:fs';
import path from 'node:path';
import {
  areaCode,
  difficulties,
  examAreas,
  examTaxKinds,
  optionKeys,
  type QuestionType,
  questionBody,
  questionTypeNames,
  questionTypes,
  taxKindCode,
} from '../../../shared/exams';
import type { Db } from '../../db/connection';
import { type Actor, writeAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import {
  type ColumnSpec,
  emptyTable,
  MAX_REPORTED_ERRORS,
  mapHeader,
  pick,
  type ReceivedUpload,
  type RowError,
  readTabularRows,
} from '../../platform/uploads';
import { cleanLatex, difficultyWords, tagArea, tagTaxKind } from './exams';
import * as repo from './exams.repository';
import { checkQuestion } from './exams.service';

type Column =
  | 'question'
  | 'answer'
  | 'explanation'
  | 'type'
  | 'taxKind'
  | 'area'
  | 'difficulty'
  | (typeof optionKeys)[number];

/** The columns of a question import: those of the FinEval files, with optional tags. */
export const questionColumns: readonly ColumnSpec<Column>[] = [
  { field: 'question', headers: ['question', '题目', '题干'], required: true },
  ...optionKeys.map((key) => ({ field: key, headers: [key, `选项${key}`], required: false })),
  { field: 'answer', headers: ['answer', '答案'], required: true },
  { field: 'explanation', headers: ['explanation', '解析'], required: false },
  { field: 'type', headers: ['type', '题型'], required: false },
  { field: 'taxKind', headers: ['taxKind', '税种'], required: false },
  { field: 'area', headers: ['area', '内容类别'], required: false },
  { field: 'difficulty', headers: ['difficulty', '难度'], required: false },
];

/** The largest question file taken (a bank holds thousands of questions, not millions). */
export const MAX_QUESTION_FILE_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 5000;

const typeWords: Record<string, QuestionType> = {
  ...Object.fromEntries(questionTypes.map((t) => [t, t])),
  ...Object.fromEntries(Object.entries(questionTypeNames).map(([t, name]) => [name, t as QuestionType])),
  单选: 'single',
  多选: 'multiple',
  判断: 'true_false',
  填空: 'fill_blank',
  简答: 'short_answer',
};

const byCodeOrName = (list: readonly { code: string; name: string }[], value: string) =>
  list.find((e) => e.code === value || e.name === value)?.code ?? value;

/** One row of the file as a question, or the reason it is refused. */
function rowToQuestion(row: Record<Column, string | undefined>, source: string | null): repo.NewQuestion | string {
  const stem = cleanLatex(row.question ?? '');
  if (!stem) return '题目为空';
  const options = optionKeys
    .map((k) => cleanLatex(row[k] ?? ''))
    .filter((o, i, all) => o !== '' || all.slice(i).some(Boolean));
  if (options.some((o) => o === '')) return '选项不能中间留空';
  const answerText = (row.answer ?? '').trim();
  let type: QuestionType;
  if (row.type) {
    const known = typeWords[row.type.trim()];
    if (!known) return `题型“${row.type}”不正确，应为：${Object.values(questionTypeNames).join('、')}`;
    type = known;
  } else if (options.length > 0) {
    type = answerText.replace(/[^A-Za-z]/g, '').length > 1 ? 'multiple' : 'single';
  } else {
    type = 'short_answer';
  }
  const difficulty = row.difficulty ? difficultyWords[row.difficulty.trim().toLowerCase()] : 'medium';
  if (!difficulty) return `难度“${row.difficulty}”不正确，应为：易、中、难`;
  const taxKind = row.taxKind ? byCodeOrName(examTaxKinds, row.taxKind.trim()) : tagTaxKind(stem);
  if (!taxKindCode.safeParse(taxKind).success) return `税种“${row.taxKind}”不正确`;
  const area = row.area ? byCodeOrName(examAreas, row.area.trim()) : tagArea(stem);
  if (!areaCode.safeParse(area).success)
    return `内容类别“${row.area}”不正确，应为：${examAreas.map((a) => a.name).join('、')}`;
  const parsed = questionBody.safeParse({
    type,
    stem,
    options,
    answer: answerText,
    explanation: row.explanation ? cleanLatex(row.explanation) : undefined,
    taxKind,
    area,
    difficulty: difficulties.includes(difficulty) ? difficulty : 'medium',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${issue?.path.join('.') || '行'}：${issue?.message ?? '格式不正确'}`;
  }
  try {
    return checkQuestion(parsed.data, source);
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

/**
 * Imports questions from a CSV or .xlsx: the good rows are loaded (in one transaction with the audit
 * row), every bad one is reported by its line.
 */
export async function importQuestions(
  db: Db,
  upload: Pick<ReceivedUpload, 'path' | 'type' | 'fileName'>,
  actor: Actor,
  now: Date,
  options: { source?: string | null; audit?: boolean } = {},
): Promise<{ created: number; failed: RowError[] }> {
  let mapping: Map<Column, number> | undefined;
  const good: repo.NewQuestion[] = [];
  const failed: RowError[] = [];
  let rows = 0;
  for await (const row of readTabularRows(upload)) {
    if (!mapping) {
      mapping = mapHeader(row.values, questionColumns);
      continue;
    }
    rows += 1;
    if (rows > MAX_ROWS) {
      failed.push({ line: row.line, error: `一次最多导入 ${MAX_ROWS} 道题，其余行未导入` });
      break;
    }
    const result = rowToQuestion(pick(row.values, mapping), options.source ?? null);
    if (typeof result === 'string') {
      if (failed.length < MAX_REPORTED_ERRORS) failed.push({ line: row.line, error: result });
    } else {
      good.push(result);
    }
  }
  if (!mapping) throw emptyTable();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < good.length; i += 200)
      await repo.insertQuestions(trx, good.slice(i, i + 200), actor.userId, now);
    if (options.audit !== false) {
      await writeAudit(trx, actor, now, {
        action: 'exams.question_import',
        entityType: 'exam_question',
        entityId: upload.fileName,
        after: { created: good.length, failed: failed.length },
      });
    }
  });
  return { created: good.length, failed };
}

/** The FinEval questions shipped in resources/training (Apache-2.0, see resources/SOURCES.md). */
export const demoQuestionDir = path.resolve(import.meta.dirname, '../../../../resources/training');
export const demoQuestionFiles = ['tax_law_val.csv', 'tax_law_dev.csv', 'economic_law_val.csv'] as const;
const DEMO_SOURCE = 'FinEval';

/** Loads the FinEval questions into the bank once (tagged by keyword rules, LaTeX cleaned); idempotent. */
export async function loadDemoQuestions(db: Db, actor: Actor, now: Date): Promise<number> {
  if ((await repo.countQuestionsFromSource(db, DEMO_SOURCE)) > 0) return 0;
  let created = 0;
  for (const file of demoQuestionFiles) {
    const filePath = path.join(demoQuestionDir, file);
    if (!fs.existsSync(filePath)) continue;
    const result = await importQuestions(
      db,
      { path: filePath, fileName: file, type: { ext: 'txt', mime: 'text/plain; charset=utf-8' } },
      actor,
      now,
      { source: DEMO_SOURCE, audit: false },
    );
    created += result.created;
  }
  return created;
}
