/**
 * Pure rules of the question bank and exams: answers in their stored form, objective grading,
 * each person's shuffled layout, the FinEval import's cleaning and tagging, and paper statistics.
 */
import { randomInt } from 'node:crypto';
import { type Difficulty, type ExamAreaCode, optionKeys, type QuestionType } from '../../../shared/exams';

/** A question as grading and the paper need it. */
export interface GradableQuestion {
  id: number;
  type: QuestionType;
  options: string[];
  answer: string;
}

/** Folds full-width characters and spaces so that `Ａ，ｂ` and `a,b` compare equal. */
function fold(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const trueWords = new Set(['true', 't', '对', '正确', '√', '是', 'y', 'yes']);
const falseWords = new Set(['false', 'f', '错', '错误', '×', 'x', '否', 'n', 'no']);

/**
 * An answer as stored: option letters sorted and deduplicated for choice questions, `true`/`false`,
 * or the text as given. Null when it cannot be an answer to the question (a letter it does not have).
 */
export function normaliseAnswer(type: QuestionType, optionCount: number, given: string | string[]): string | null {
  const letters = optionKeys.slice(0, optionCount) as readonly string[];
  switch (type) {
    case 'single':
    case 'multiple': {
      const raw = Array.isArray(given) ? given.join('') : given;
      const picked = [...new Set([...fold(raw).toUpperCase()].filter((ch) => /[A-Z]/.test(ch)))].sort();
      if (picked.length === 0 || picked.some((ch) => !letters.includes(ch))) return null;
      if (type === 'single' && picked.length !== 1) return null;
      return picked.join('');
    }
    case 'true_false': {
      const value = fold(Array.isArray(given) ? (given[0] ?? '') : given);
      if (trueWords.has(value)) return 'true';
      if (falseWords.has(value)) return 'false';
      return null;
    }
    case 'fill_blank':
    case 'short_answer': {
      const value = (Array.isArray(given) ? given.join(' ') : given).trim();
      return value === '' ? null : value;
    }
  }
}

/** The answer as the API shows it: an array of letters for multiple choice, a string otherwise. */
export function answerForClient(type: QuestionType, stored: string): string | string[] {
  return type === 'multiple' ? [...stored] : stored;
}

/** True when an objective answer is right; null for a short answer (a grader decides). */
export function isAnswerRight(question: GradableQuestion, stored: string | null | undefined): boolean | null {
  if (question.type === 'short_answer') return null;
  if (stored == null) return false;
  if (question.type === 'fill_blank') {
    const accepted = question.answer.split('|').map(fold);
    return accepted.includes(fold(stored));
  }
  return stored === question.answer;
}

/** Fisher–Yates with a cryptographic source: nobody can predict another person's order. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A person's paper: the order of the questions and, per question, the order of its options (original indexes). */
export interface AttemptLayout {
  questions: number[];
  options: Record<string, number[]>;
}

export function layoutFor(paper: readonly GradableQuestion[]): AttemptLayout {
  const options: Record<string, number[]> = {};
  for (const q of paper) {
    if (q.type === 'single' || q.type === 'multiple') options[q.id] = shuffled(q.options.map((_, i) => i));
  }
  return { questions: shuffled(paper.map((q) => q.id)), options };
}

/** The options a person sees, in their order; the key is the original letter an answer names. */
export function optionsFor(question: GradableQuestion, layout: AttemptLayout): Array<{ key: string; text: string }> {
  if (question.type === 'true_false') {
    return [
      { key: 'true', text: '正确' },
      { key: 'false', text: '错误' },
    ];
  }
  const order = layout.options[question.id] ?? question.options.map((_, i) => i);
  return order.map((i) => ({ key: optionKeys[i] ?? String(i), text: question.options[i] ?? '' }));
}

/** Removes the LaTeX left in the FinEval texts: `$\%$` → `%`, `$\times$` → `×`, `$5$` → `5`. */
export function cleanLatex(value: string): string {
  return value
    .replace(/\$\s*\\%\s*\$/g, '%')
    .replace(/\\%/g, '%')
    .replace(/\\times/g, '×')
    .replace(/\\div/g, '÷')
    .replace(/\\leq?/g, '≤')
    .replace(/\\geq?/g, '≥')
    .replace(/\\(?:cdot|ast)/g, '·')
    .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, '$1/$2')
    .replace(/\\text\{([^{}]*)\}/g, '$1')
    .replace(/\\[,;! ]/g, '')
    .replace(/\$([^$]*)\$/g, '$1')
    .replace(/\$/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** Keyword rules of the tax kind over a stem: the first rule with a word in it wins. */
const taxKindRules: Array<[string, RegExp]> = [
  ['land_value_added', /土地增值税/],
  ['urban_land_use', /城镇土地使用税|土地使用税/],
  ['vehicle_purchase', /车辆购置税/],
  ['vehicle_vessel', /车船税/],
  ['farmland_occupation', /耕地占用税/],
  ['environmental_protection', /环境保护税|环保税/],
  ['urban_construction', /城市维护建设税|城建税/],
  ['education_surcharge', /教育费附加/],
  ['tobacco_leaf', /烟叶税/],
  ['tonnage', /船舶吨税/],
  ['customs', /关税|进口环节/],
  ['stamp', /印花税/],
  ['deed', /契税/],
  ['resource', /资源税/],
  ['property', /房产税/],
  ['consumption', /消费税/],
  ['corporate_income', /企业所得税|应纳税所得额|汇算清缴|税前扣除/],
  ['individual_income', /个人所得税|工资薪金|综合所得|劳务报酬|稿酬/],
  ['vat', /增值税|进项税|销项税|一般纳税人|小规模纳税人|发票/],
  ['social_insurance', /社会保险|社保费/],
  ['collection', /税收征管|征收管理|纳税申报|税务登记|滞纳金|税务行政|涉税|纳税担保|税收保全|强制执行|税务机关/],
  ['economic_law', /合同|公司法|合伙|票据|仲裁|诉讼|民事|代位权|保证|抵押|破产|劳动/],
];

/** The tax kind of a stem by keyword rules (`general` when none matches). */
export function tagTaxKind(stem: string): string {
  for (const [code, pattern] of taxKindRules) if (pattern.test(stem)) return code;
  return 'general';
}

/** The content area of a stem: service and system words, else business knowledge (业务知识). */
export function tagArea(stem: string): ExamAreaCode {
  if (/12366|热线|接听|来电|录音|工单/.test(stem)) return 'service_process';
  if (/服务礼仪|服务用语|沟通技巧|安抚/.test(stem)) return 'service_skills';
  if (/系统操作|电子税务局|金税/.test(stem)) return 'system_operation';
  return 'business_knowledge';
}

export const difficultyWords: Record<string, Difficulty> = {
  easy: 'easy',
  易: 'easy',
  简单: 'easy',
  medium: 'medium',
  中: 'medium',
  中等: 'medium',
  一般: 'medium',
  hard: 'hard',
  难: 'hard',
  困难: 'hard',
};

/** Whole-point statistics of one question over graded attempts ordered by total score, best first. */
export function questionStatistics(
  attemptsByScore: ReadonlyArray<{ attemptId: number }>,
  isFull: (attemptId: number) => boolean,
): { difficulty: number | null; discrimination: number | null } {
  const n = attemptsByScore.length;
  if (n === 0) return { difficulty: null, discrimination: null };
  const share = (list: ReadonlyArray<{ attemptId: number }>) =>
    list.filter((a) => isFull(a.attemptId)).length / list.length;
  const difficulty = share(attemptsByScore);
  const group = Math.max(1, Math.round(n * 0.27));
  if (n < 2) return { difficulty, discrimination: null };
  const top = attemptsByScore.slice(0, group);
  const bottom = attemptsByScore.slice(n - group);
  return { difficulty, discrimination: share(top) - share(bottom) };
}

/** Score bands of 10 % of the maximum score; the last band includes the maximum. */
export function scoreDistribution(scores: readonly number[], maxScore: number) {
  const bands = Array.from({ length: 10 }, (_, i) => ({
    from: Math.round((maxScore * i) / 10),
    to: Math.round((maxScore * (i + 1)) / 10),
    count: 0,
  }));
  for (const score of scores) {
    const index = maxScore === 0 ? 9 : Math.min(9, Math.floor((score / maxScore) * 10));
    const band = bands[index];
    if (band) band.count += 1;
  }
  return bands;
}
