import { z } from 'zod';
import { clearableText } from '../../../shared/schemas';
import type { Tx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { isValidDate } from '../../platform/dates';
import type { AnonymousContext } from '../../platform/request-context';
import { htmlToText } from './analysis/normalize';
import { type ArticleContent, citationsIn, citeKeyOf, contentJson, documentKey, documentOfTitle } from './article';
import type { AnalysisConfig } from './kb-analysis-config';
import { AnalysisPool } from './kb-analysis-pool';
import * as articlesRepo from './kb-articles.repository';
import * as catalogueRepo from './kb-catalogue.repository';
import { bodyHtmlOf } from './kb-html';
import { categoryPathNames, loadCategoryMap, type PublishedDoc, writeSearchDocs } from './kb-publishing';
import { countTaxKinds, industries, taxKinds, taxpayerTypes } from './kb-reference';
import * as searchRepo from './kb-search.repository';
import { type EncodedPostings, type FieldTexts, fieldTextsOf } from './kb-search-docs';
import { validities } from './search-index';

/**
 * Import of articles in the contract's JSONL shape (one article a line, `id` kept as externalId):
 * bad lines are reported with their line number and the reason, good lines are kept. Re-importing
 * an id updates that article (a new published version when its content changed). The same path
 * loads the demo content and the .xlsx import.
 */

/** A date in an import line: trimmed, and a timestamp's date part is accepted (unlike the shared `date`). */
const importDate = z
  .string()
  .trim()
  .refine((v) => isValidDate(v.slice(0, 10)), '须为 YYYY-MM-DD 格式的日期')
  .transform((v) => v.slice(0, 10));
const codeList = <T extends readonly { code: string }[]>(list: T) =>
  z.array(z.enum(list.map((e) => e.code) as [string, ...string[]])).max(list.length);

export const importLineSchema = z.object({
  id: z.string().trim().min(1, 'id 不能为空').max(100),
  library: z.string().trim().min(1, 'library 不能为空').max(40),
  title: z.string().trim().min(1, 'title 不能为空').max(300),
  body: z.string().trim().min(1, 'body 不能为空').max(200_000),
  question: clearableText(2000),
  documentTitle: clearableText(200),
  chapter: clearableText(200),
  issuer: clearableText(200),
  issuedAt: importDate.nullish(),
  effectiveAt: importDate.nullish(),
  expiresAt: importDate.nullish(),
  validity: z.enum(validities).nullish(),
  validityNote: clearableText(500),
  sourceUrl: z
    .string()
    .trim()
    .max(1000)
    .regex(/^https?:\/\/\S+$/, '须为 http(s) 链接')
    .nullish()
    .or(z.literal('').transform(() => null)),
  category: clearableText(200),
  keywords: z.array(z.string().trim().min(1).max(40)).max(30).nullish(),
  taxKinds: codeList(taxKinds).nullish(),
  industries: codeList(industries).nullish(),
  taxpayerTypes: codeList(taxpayerTypes).nullish(),
  region: clearableText(60),
  documentNumber: clearableText(100),
  public: z.boolean().nullish(),
  related: z.array(z.string().trim().min(1).max(100)).max(50).nullish(),
});
export type ImportLine = z.infer<typeof importLineSchema>;

export interface ImportFailure {
  line: number;
  error: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  failed: ImportFailure[];
}

/** Parses NDJSON text into lines to import, numbering from 1 and skipping blank lines. */
export function parseNdjson(text: string): Array<{ line: number; value: unknown } | ImportFailure> {
  const out: Array<{ line: number; value: unknown } | ImportFailure> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch {
      out.push({ line: i + 1, error: '不是合法的 JSON' });
    }
  });
  return out;
}

const subjectRules: Array<[RegExp, string]> = [
  [/最高人民法院|最高人民检察院|刑事/, '涉税刑事'],
  [/发票/, '发票管理'],
  [/征收管理/, '税收征收管理'],
  [/进口|出口|进境|船舶运输/, '进出口税收'],
];

const mainTaxKind = (text: string): string | null => {
  let best: string | null = null;
  let bestCount = 0;
  for (const [code, count] of countTaxKinds(text)) {
    if (count > bestCount) {
      best = taxKinds.find((k) => k.code === code)!.name;
      bestCount = count;
    }
  }
  return best;
};

/**
 * The category path of a line that names none (税种 → 业务): a code's articles go under the tax
 * kind or subject of the code and the chapter; bulletins under their main tax kind; FAQ likewise.
 */
export function deriveCategoryPath(line: ImportLine): string[] {
  if (line.category) {
    return line.category
      .split('/')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 4);
  }
  const chapter = line.chapter?.replace(/^第[零〇一二三四五六七八九十百]+章/, '').replace(/\s+/g, '') || null;
  if (line.documentTitle) {
    const kind = mainTaxKind(line.documentTitle);
    const subject = kind ?? subjectRules.find(([pattern]) => pattern.test(line.documentTitle!))?.[1] ?? '其他税收法规';
    return chapter ? [subject, chapter] : [subject];
  }
  const kind = mainTaxKind(`${line.title}\n${line.title}\n${line.body}`);
  if (line.library === 'notice') return [kind ?? '税收征收管理', '税案通报'];
  if (line.library === 'faq') return kind ? [kind, '问题解答'] : ['会计核算'];
  return [kind ?? '综合'];
}

/** Tax kinds of a line that names none: those its code's title names, else its title, else named twice in the body. */
export function deriveTaxKinds(line: ImportLine): string[] {
  if (line.taxKinds) return [...line.taxKinds];
  if (line.documentTitle) return [...countTaxKinds(line.documentTitle).keys()];
  const inTitle = countTaxKinds(line.title);
  const kinds = new Set<string>(inTitle.keys());
  for (const [code, count] of countTaxKinds(line.body)) if (count >= 2) kinds.add(code);
  return [...kinds];
}

/** Ensures every category of the path exists (by name under its parent); returns the leaf's id. */
async function ensureCategoryPath(
  trx: Tx,
  categories: Map<number, catalogueRepo.CategoryRow>,
  byPath: Map<string, number>,
  names: readonly string[],
  now: Date,
): Promise<number | null> {
  let parent: catalogueRepo.CategoryRow | null = null;
  let key = '';
  for (const name of names) {
    key = `${key}/${name}`;
    let id = byPath.get(key);
    if (id === undefined) {
      const parentPath: string = parent?.path ?? '/';
      id = await catalogueRepo.insertCategory(trx, {
        parentId: parent?.id ?? null,
        parentPath,
        name,
        sortOrder: 0,
        now,
      });
      categories.set(id, { id, parentId: parent?.id ?? null, name, path: `${parentPath}${id}/`, sortOrder: 0 });
      byPath.set(key, id);
    }
    parent = categories.get(id)!;
  }
  return parent?.id ?? null;
}

function namePathIndex(categories: ReadonlyMap<number, catalogueRepo.CategoryRow>): Map<string, number> {
  const byPath = new Map<string, number>();
  for (const c of categories.values()) byPath.set(`/${categoryPathNames(categories, c.id).join('/')}`, c.id);
  return byPath;
}

function contentOf(line: ImportLine, categoryId: number | null, body: string): ArticleContent {
  return {
    libraryCode: line.library,
    categoryId,
    title: line.title,
    question: line.question ?? null,
    body,
    keywords: line.keywords ? [...new Set(line.keywords)] : [],
    taxKinds: deriveTaxKinds(line),
    industries: line.industries ? [...line.industries] : [],
    taxpayerTypes: line.taxpayerTypes ? [...line.taxpayerTypes] : [],
    region: line.region ?? '全国',
    issuer: line.issuer ?? null,
    documentNumber: line.documentNumber ?? null,
    issuedOn: line.issuedAt ?? null,
    effectiveOn: line.effectiveAt ?? null,
    expiresOn: line.expiresAt ?? null,
    validity: line.validity ?? 'in_force',
    validityNote: line.validityNote ?? null,
    sourceUrl: line.sourceUrl ?? null,
    isPublic: line.public ?? true,
  };
}

/** What an import line needs before the database: its body as HTML and text, its category names, its field texts. */
interface Prepared {
  line: number;
  item: ImportLine;
  bodyHtml: string;
  bodyText: string;
  categoryNames: string[];
  texts: FieldTexts;
}

function prepare(line: number, item: ImportLine): Prepared {
  const bodyHtml = bodyHtmlOf(item.body);
  const bodyText = htmlToText(bodyHtml);
  const categoryNames = deriveCategoryPath(item);
  const texts = fieldTextsOf(
    {
      title: item.title,
      question: item.question ?? null,
      keywords: item.keywords ? [...new Set(item.keywords)] : [],
      documentNumber: item.documentNumber ?? null,
      issuer: item.issuer ?? null,
    },
    categoryNames,
    bodyText,
  );
  return { line, item, bodyHtml, bodyText, categoryNames, texts };
}

/** Batches at least this large are analysed by the worker pool. */
const poolThreshold = 2000;

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '格式不正确';
  const field = issue.path.join('.');
  return field ? `${field}：${issue.message}` : issue.message;
}

/**
 * Imports parsed lines in one transaction. Lines that fail validation (or name an unknown library,
 * or repeat an id of the same import) are reported and skipped; the others are created or updated
 * and published at once, with their search documents and citations.
 */
export async function importArticles(
  { db, actor, now }: AnonymousContext,
  config: AnalysisConfig,
  parsed: ReadonlyArray<{ line: number; value: unknown } | ImportFailure>,
  options: { audit: boolean } = { audit: true },
): Promise<ImportResult> {
  const failed: ImportFailure[] = [];
  const good: Prepared[] = [];
  const libraries = new Map((await catalogueRepo.findLibraries(db)).map((l) => [l.code, l]));
  const seen = new Map<string, number>();
  for (const entry of parsed) {
    if ('error' in entry) {
      failed.push(entry);
      continue;
    }
    const result = importLineSchema.safeParse(entry.value);
    if (!result.success) {
      failed.push({ line: entry.line, error: firstIssue(result.error) });
      continue;
    }
    const item = result.data;
    if (!libraries.get(item.library)?.isActive) {
      failed.push({ line: entry.line, error: `library：库种不存在或已停用（${item.library}）` });
      continue;
    }
    const earlier = seen.get(item.id);
    if (earlier !== undefined) {
      failed.push({ line: entry.line, error: `id：与第 ${earlier} 行重复（${item.id}）` });
      continue;
    }
    seen.set(item.id, entry.line);
    good.push(prepare(entry.line, item));
  }
  // A large batch is segmented on another core while this one writes to the database.
  const pool = good.length >= poolThreshold ? AnalysisPool.for(config.segmenter.dictionaryKey, config.userWords) : null;
  const analysed = pool
    ? pool.analyse(good.map((g) => g.texts)).catch(() => null)
    : Promise.resolve<EncodedPostings[] | null>(null);

  let created = 0;
  let updated = 0;
  await db.transaction().execute(async (trx) => {
    // One import at a time: the lock also orders the index log (see appendIndexLog).
    await searchRepo.lockIndexLog(trx);
    const existing = await articlesRepo.findArticlesByExternalIds(
      trx,
      good.map((g) => g.item.id),
    );
    const publishedBefore = await articlesRepo.findPublishedContents(
      trx,
      [...existing.values()]
        .filter((a) => a.publishedVersion !== null)
        .map((a) => ({ id: a.id, version: a.publishedVersion! })),
    );
    const useCounts = await searchRepo.findUseCounts(
      trx,
      [...existing.values()].map((a) => a.id),
    );
    const categories = await loadCategoryMap(trx);
    const byPath = namePathIndex(categories);
    const knownDocuments = await articlesRepo.findKnownDocumentKeys(trx);
    for (const { item } of good) {
      const doc = documentOfTitle(item.title) ?? (item.documentTitle ? documentKey(item.documentTitle) : null);
      if (doc) knownDocuments.add(doc);
    }

    const inserts: articlesRepo.NewArticle[] = [];
    const insertedLines: Array<{ prepared: Prepared; content: ArticleContent; citeKey: string | null }> = [];
    const published: Array<PublishedDoc & { prepared: Prepared }> = [];
    const versions: articlesRepo.NewVersion[] = [];
    const citations: Array<{ articleId: number; key: string }> = [];
    const citationKeysOf = ({ item, bodyText }: Prepared, citeKey: string | null) =>
      citationsIn(bodyText, {
        ownDocument: documentOfTitle(item.title) ?? (item.documentTitle ? documentKey(item.documentTitle) : null),
        knownDocuments,
        ownKey: citeKey,
      });

    for (const prepared of good) {
      const { item } = prepared;
      const categoryId = await ensureCategoryPath(trx, categories, byPath, prepared.categoryNames, now);
      const content = contentOf(item, categoryId, prepared.bodyHtml);
      const citeKey = citeKeyOf(content);
      const library = libraries.get(item.library)!;
      const before = existing.get(item.id);
      if (!before) {
        inserts.push({
          externalId: item.id,
          libraryId: library.id,
          content,
          status: 'published',
          citeKey,
          publishedVersion: 1,
          userId: actor.userId,
          now,
        });
        insertedLines.push({ prepared, content, citeKey });
        created++;
        continue;
      }
      updated++;
      const previous = publishedBefore.get(before.id);
      const unchanged =
        previous &&
        before.status === 'published' &&
        contentJson(previous) === contentJson(content) &&
        contentJson(before) === contentJson(content);
      if (unchanged) continue;
      const version = (before.publishedVersion ?? 0) + 1;
      await articlesRepo.updateArticle(trx, before.id, {
        fromStatus: before.status,
        content: { content, libraryId: library.id, citeKey },
        status: 'published',
        publishedVersion: version,
        reviewNote: null,
        userId: actor.userId,
        now,
      });
      versions.push({ articleId: before.id, version, content: contentJson(content), userId: actor.userId, now });
      await articlesRepo.replaceCitations(trx, before.id, citationKeysOf(prepared, citeKey));
      published.push({
        articleId: before.id,
        version,
        content,
        useCount: useCounts.get(before.id) ?? 0,
        bodyText: prepared.bodyText,
        prepared,
      });
    }

    const ids = await articlesRepo.insertArticles(trx, inserts);
    ids.forEach((id, i) => {
      const { prepared, content, citeKey } = insertedLines[i]!;
      versions.push({ articleId: id, version: 1, content: contentJson(content), userId: actor.userId, now });
      for (const key of citationKeysOf(prepared, citeKey)) citations.push({ articleId: id, key });
      published.push({ articleId: id, version: 1, content, useCount: 0, bodyText: prepared.bodyText, prepared });
    });
    await articlesRepo.insertVersions(trx, versions);
    await articlesRepo.insertCitations(trx, citations);
    const encoded = await analysed;
    const position = new Map(good.map((g, i) => [g, i]));
    await writeSearchDocs(
      trx,
      config,
      published.map(({ prepared, ...doc }) => ({ ...doc, encoded: encoded?.[position.get(prepared)!] })),
      categories,
      now,
    );

    // Related articles name other articles by their external ids (of this import or earlier ones).
    const withRelated = good.filter((g) => g.item.related && g.item.related.length > 0);
    if (withRelated.length > 0) {
      const ids = await articlesRepo.findArticleIdsByExternalIds(trx, [
        ...new Set(withRelated.flatMap((g) => [g.item.id, ...(g.item.related ?? [])])),
      ]);
      for (const { item } of withRelated) {
        const own = ids.get(item.id);
        if (own === undefined) continue;
        const related = (item.related ?? []).map((r) => ids.get(r)).filter((id): id is number => id !== undefined);
        await articlesRepo.replaceLinks(trx, own, related);
      }
    }

    articlesRepo.rememberDocumentKeys(db, knownDocuments);
    if (options.audit) {
      await writeAudit(trx, actor, now, {
        action: 'kb.import',
        entityType: 'kb_article',
        entityId: 'import',
        after: { created, updated, failed: failed.length, firstFailures: failed.slice(0, 20) },
      });
    }
  });
  failed.sort((a, b) => a.line - b.line);
  return { created, updated, failed };
}
