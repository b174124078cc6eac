import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { AppError, invalidField } from '../../platform/errors';
import { actorOf, requireUser } from '../../platform/http';
import { sendXlsx } from '../../platform/xlsx';
import { articleStatuses } from './article';
import * as service from './kb.service';
import { exportJsonl, exportXlsx, readXlsxImport } from './kb-exchange';
import { importArticles, parseNdjson } from './kb-import';
import { industries, maskOf, taxKinds, taxpayerTypes } from './kb-reference';
import { type Hit, KbSearch, type SearchOutcome, type SearchParams } from './kb-search';
import { validities } from './search-index';

const tags = ['kb'];
const id = z.coerce.number().int().positive();
const idParams = z.strictObject({ id });
const date = z.string().refine(isValidDate, '须为有效日期，格式 YYYY-MM-DD');

/** A list given as repeated parameters or comma-separated (library=policy,faq). */
const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => (typeof s === 'string' ? s.split(',') : [s]))
        .map((s) => (typeof s === 'string' ? s.trim() : s))
        .filter((s) => s !== ''),
    z.array(item).max(40),
  );

const codesOf = (list: readonly { code: string }[]) => z.enum(list.map((e) => e.code) as [string, ...string[]]);

const searchQuery = z.strictObject({
  q: z.string().max(200).optional().default(''),
  library: listParam(z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '库种代码不正确')).optional(),
  validity: listParam(z.enum(validities)).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().default(10),
  offset: z.coerce.number().int().min(0).max(10_000).optional().default(0),
  category: id.optional(),
  taxKind: listParam(codesOf(taxKinds)).optional(),
  industry: listParam(codesOf(industries)).optional(),
  taxpayerType: listParam(codesOf(taxpayerTypes)).optional(),
  region: listParam(z.string().max(60)).optional(),
  from: date.optional(),
  to: date.optional(),
  sort: z.enum(['relevance', 'newest']).optional(),
  /** `full`: the web app's view, with facets, corrections and more per hit; the contract's shape otherwise. */
  view: z.enum(['contract', 'full']).optional().default('contract'),
});

const advancedBody = z.strictObject({
  clauses: z
    .array(
      z.strictObject({
        op: z.enum(['and', 'or', 'not']),
        field: z.enum(['any', 'title', 'body', 'documentNumber', 'issuer']),
        text: z.string().trim().min(1).max(200),
      }),
    )
    .min(1, '至少填写一个检索条件')
    .max(10),
  library: z.array(z.string()).max(20).optional(),
  validity: z.array(z.enum(validities)).max(3).optional(),
  from: date.optional(),
  to: date.optional(),
  sort: z.enum(['relevance', 'newest']).optional(),
  limit: z.number().int().min(1).max(100).optional().default(20),
  offset: z.number().int().min(0).max(10_000).optional().default(0),
});

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const articleBody = z.strictObject({
  library: z.string().min(1).max(32),
  categoryId: id.nullable().optional(),
  title: z.string().trim().min(1, '标题不能为空').max(300),
  question: optionalText(2000),
  body: z.string().min(1, '正文不能为空').max(500_000),
  keywords: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  taxKinds: z.array(codesOf(taxKinds)).max(taxKinds.length).optional(),
  industries: z.array(codesOf(industries)).max(industries.length).optional(),
  taxpayerTypes: z.array(codesOf(taxpayerTypes)).max(taxpayerTypes.length).optional(),
  region: optionalText(60),
  issuer: optionalText(200),
  documentNumber: optionalText(100),
  issuedOn: date.nullable().optional(),
  effectiveOn: date.nullable().optional(),
  expiresOn: date.nullable().optional(),
  validity: z.enum(validities),
  validityNote: optionalText(500),
  sourceUrl: z
    .string()
    .trim()
    .max(1000)
    .regex(/^https?:\/\/\S+$/, '须为 http(s) 链接')
    .nullable()
    .optional()
    .or(z.literal('').transform(() => null)),
  isPublic: z.boolean(),
  relatedIds: z.array(id).max(50).optional(),
});

const synonymBody = z.strictObject({
  kind: z.enum(['synonym', 'abbreviation', 'question']),
  terms: z.array(z.string().trim().min(1).max(20).regex(/^\S+$/, '词中不能有空格')).min(2, '至少填写两个词').max(20),
  note: optionalText(200),
});

/** The contract's hit: exactly these keys. */
const contractHit = (h: Hit) => ({
  id: h.id,
  externalId: h.externalId,
  library: h.library,
  title: h.title,
  snippet: h.snippet,
  score: h.score,
  validity: h.validity,
});

const fullHit = (h: Hit) => {
  const { bodyText: _bodyText, ...rest } = h;
  return rest;
};

const fullOutcome = (o: SearchOutcome) => ({
  total: o.total,
  tookMs: o.tookMs,
  hits: o.hits.map(fullHit),
  facets: o.facets,
  corrections: o.corrections,
  relaxed: o.relaxed,
});

/** Knowledge base: search, suggestions, articles and their lifecycle, import/export, the analysis data. */
export const kbRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;
  const search = new KbSearch(db, clock, app.log);
  app.addHook('onClose', async () => search.close());
  // Warm the index at start when there is content (tests without content never pay for it).
  app.addHook('onReady', async () => {
    const any = await db.selectFrom('kb_search_docs').select('article_id').limit(1).executeTakeFirst();
    if (any) search.ready().catch((error: unknown) => app.log.error({ err: error }, 'kb index build failed'));
  });

  await app.register(fastifyMultipart, { limits: { fileSize: 64 * 1024 * 1024, files: 1, fields: 4, parts: 5 } });
  // NDJSON for the import, in this plugin's scope only; the body limit is set on the route.
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const searchParamsOf = async (q: z.infer<typeof searchQuery>): Promise<SearchParams> => ({
    q: q.q,
    libraries: q.library,
    validities: q.validity,
    categoryIds: q.category !== undefined ? await service.categorySubtree(db, q.category) : undefined,
    taxKindMask: q.taxKind ? maskOf(taxKinds, q.taxKind) : undefined,
    industryMask: q.industry ? maskOf(industries, q.industry) : undefined,
    taxpayerTypeMask: q.taxpayerType ? maskOf(taxpayerTypes, q.taxpayerType) : undefined,
    regions: q.region,
    dateFrom: q.from,
    dateTo: q.to,
    limit: q.limit,
    offset: q.offset,
    sort: q.sort,
    facets: q.view === 'full',
  });

  app.get(
    '/api/kb/search',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '全文检索（中文分词、同义词、错别字与拼音纠正；view=full 时附分面统计）',
        querystring: searchQuery,
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from && q.to && q.to < q.from) throw invalidField('to', 'DATE_RANGE', '结束日期不能早于开始日期');
      if (q.library) await service.checkLibraryCodes(db, q.library, 'library');
      const outcome = await search.search(await searchParamsOf(q));
      if (q.view === 'full') return fullOutcome(outcome);
      return { total: outcome.total, tookMs: outcome.tookMs, hits: outcome.hits.map(contractHit) };
    },
  );

  app.get(
    '/api/kb/suggest',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '输入联想：边输入边推荐知识（含答复正文）',
        querystring: z.strictObject({
          q: z.string().max(200),
          limit: z.coerce.number().int().min(1).max(20).optional().default(6),
        }),
      },
    },
    async (request) => {
      const outcome = await search.suggest(request.query.q, request.query.limit);
      return {
        total: outcome.total,
        tookMs: outcome.tookMs,
        corrections: outcome.corrections,
        hits: outcome.hits.map((h) => ({
          id: h.id,
          library: h.library,
          title: h.title,
          snippet: h.snippet,
          validity: h.validity,
          isExpired: h.isExpired,
          answerText: h.bodyText.slice(0, 4000),
        })),
      };
    },
  );

  app.post(
    '/api/kb/advanced-search',
    { config: { access: 'kb.read' }, schema: { tags, summary: '高级检索：按字段组合与、或、非', body: advancedBody } },
    async (request) => {
      const b = request.body;
      if (b.from && b.to && b.to < b.from) throw invalidField('to', 'DATE_RANGE', '结束日期不能早于开始日期');
      if (b.library) await service.checkLibraryCodes(db, b.library, 'library');
      const outcome = await search.advancedSearch(b.clauses, {
        libraries: b.library,
        validities: b.validity,
        dateFrom: b.from,
        dateTo: b.to,
        sort: b.sort,
        limit: b.limit,
        offset: b.offset,
        facets: true,
      });
      return fullOutcome(outcome);
    },
  );

  app.get(
    '/api/kb/reference',
    { config: { access: 'kb.read' }, schema: { tags, summary: '库种、税种、行业、纳税人类型、有效性等参考数据' } },
    async () => service.referenceData(db),
  );

  app.get(
    '/api/kb/categories',
    { config: { access: 'kb.read' }, schema: { tags, summary: '目录树（含已发布知识数）' } },
    async () => service.categoryTree(db),
  );

  app.get(
    '/api/kb/hot',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '热点问题：近期被查阅和采用最多的知识',
        querystring: z.strictObject({
          days: z.coerce.number().int().min(1).max(90).optional().default(7),
          limit: z.coerce.number().int().min(1).max(50).optional().default(10),
        }),
      },
    },
    async (request) => service.hotArticles(db, clock.now(), request.query.days, request.query.limit),
  );

  app.get(
    '/api/kb/articles/:id',
    { config: { access: 'kb.read' }, schema: { tags, summary: '阅读知识（已发布版本）', params: idParams } },
    async (request) => service.readArticle(db, requireUser(request), request.params.id, clock.now()),
  );

  app.post(
    '/api/kb/articles/:id/vote',
    {
      config: { access: 'kb.read' },
      schema: { tags, summary: '评价知识是否有用', params: idParams, body: z.strictObject({ useful: z.boolean() }) },
    },
    async (request) =>
      service.voteOnArticle(db, requireUser(request), request.params.id, request.body.useful, clock.now()),
  );

  app.get(
    '/api/kb/attachments/:id',
    { config: { access: 'kb.read' }, schema: { tags, summary: '下载附件', params: idParams } },
    async (request, reply) => {
      const file = await service.attachmentFile(db, request.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.content));
    },
  );

  // ---- editing ----

  app.get(
    '/api/kb/manage/articles',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '知识管理列表（含草稿、待审核、已下架；flagged=true 只看引用了失效知识的）',
        querystring: z.strictObject({
          status: z.enum(articleStatuses).optional(),
          library: z.string().max(32).optional(),
          category: id.optional(),
          q: z.string().trim().max(100).optional(),
          flagged: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional().default(20),
          offset: z.coerce.number().int().min(0).optional().default(0),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      return service.listManagedArticles(
        db,
        {
          status: q.status,
          libraryCode: q.library,
          categoryId: q.category,
          q: q.q || undefined,
          flaggedOnly: q.flagged === 'true',
        },
        { limit: q.limit, offset: q.offset },
        clock.now(),
      );
    },
  );

  app.get(
    '/api/kb/manage/articles/:id',
    { config: { access: 'kb.edit' }, schema: { tags, summary: '知识的工作稿、版本和附件', params: idParams } },
    async (request) => service.manageArticle(db, request.params.id, clock.now()),
  );

  app.post(
    '/api/kb/manage/articles',
    { config: { access: 'kb.edit' }, schema: { tags, summary: '新建知识（草稿）', body: articleBody } },
    async (request) => service.createArticle(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.put(
    '/api/kb/manage/articles/:id',
    {
      config: { access: 'kb.edit' },
      schema: { tags, summary: '修改知识（已发布的知识改为新草稿）', params: idParams, body: articleBody },
    },
    async (request) =>
      service.updateArticle(db, requireUser(request), request.params.id, request.body, actorOf(request), clock.now()),
  );

  const transition = (
    path: string,
    access: 'kb.edit' | 'kb.publish',
    to: (typeof articleStatuses)[number],
    summary: string,
    withNote = false,
  ) =>
    app.post(
      `/api/kb/manage/articles/:id/${path}`,
      {
        config: { access },
        schema: {
          tags,
          summary,
          params: idParams,
          body: withNote
            ? z.strictObject({ note: z.string().trim().min(1, '请填写退回意见').max(500) })
            : z.strictObject({}).optional(),
        },
      },
      async (request) =>
        service.transitionArticle(
          db,
          search,
          requireUser(request),
          request.params.id,
          to,
          { note: (request.body as { note?: string } | undefined)?.note },
          actorOf(request),
          clock.now(),
        ),
    );
  transition('submit', 'kb.edit', 'review', '提交审核');
  transition('return', 'kb.publish', 'draft', '退回修改', true);
  transition('publish', 'kb.publish', 'published', '审核通过并发布');
  transition('archive', 'kb.publish', 'archived', '下架');
  transition('restore', 'kb.edit', 'draft', '恢复为草稿');

  app.post(
    '/api/kb/manage/articles/:id/mark-reviewed',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '已复核：所引用的知识失效后已检查本条',
        params: idParams,
        body: z.strictObject({}).optional(),
      },
    },
    async (request) =>
      service.markCitationsReviewed(db, requireUser(request), request.params.id, actorOf(request), clock.now()),
  );

  app.get(
    '/api/kb/manage/articles/:id/versions/:version',
    {
      config: { access: 'kb.edit' },
      schema: { tags, summary: '某一发布版本的内容', params: z.strictObject({ id, version: id }) },
    },
    async (request) => service.articleVersion(db, request.params.id, request.params.version),
  );

  app.get(
    '/api/kb/manage/articles/:id/diff',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '两个发布版本之间的差异',
        params: idParams,
        querystring: z.strictObject({ from: id, to: id }),
      },
    },
    async (request) => service.diffVersions(db, request.params.id, request.query.from, request.query.to),
  );

  app.post(
    '/api/kb/manage/articles/:id/attachments',
    {
      config: { access: 'kb.edit' },
      schema: { tags, summary: '上传附件（multipart 字段 file，最大 10 MB）', params: idParams },
    },
    async (request) => {
      const user = requireUser(request);
      if (!request.isMultipart()) {
        throw new AppError('unsupported_media_type', 'MULTIPART_REQUIRED', '请以 multipart/form-data 上传附件', {
          fields: [{ field: 'file', message: '缺少文件' }],
        });
      }
      const part = await request.file({ limits: { fileSize: service.maxAttachmentBytes } });
      if (!part) throw invalidField('file', 'FILE_REQUIRED', '请选择要上传的文件');
      const content = await readPart(part, service.maxAttachmentBytes);
      return service.addAttachment(
        db,
        user,
        { articleId: request.params.id, fileName: part.filename, content },
        actorOf(request),
        clock.now(),
      );
    },
  );

  app.delete(
    '/api/kb/attachments/:id',
    { config: { access: 'kb.edit' }, schema: { tags, summary: '删除附件', params: idParams } },
    async (request) => {
      await service.removeAttachment(db, request.params.id, actorOf(request), clock.now());
      return { ok: true };
    },
  );

  app.get(
    '/api/kb/export',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '导出已发布的知识（JSONL 或 .xlsx，与导入格式相同）',
        querystring: z.strictObject({
          format: z.enum(['jsonl', 'xlsx']).optional().default('jsonl'),
          library: z.string().max(32).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { format, library } = request.query;
      if (format === 'xlsx') {
        return sendXlsx(reply, '知识库导出.xlsx', exportXlsx(db, library, clock.now()), 'kb-export.xlsx');
      }
      return reply
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('知识库导出.jsonl')}`)
        .header('cache-control', 'private, no-store')
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .send(exportJsonl(db, library));
    },
  );

  // ---- publishing: import ----

  app.post(
    '/api/kb/import',
    {
      config: { access: 'kb.publish' },
      bodyLimit: 256 * 1024 * 1024,
      schema: { tags, summary: '导入知识（application/x-ndjson，每行一条；按 id 幂等）' },
    },
    async (request) => {
      const contentType = request.headers['content-type'] ?? '';
      if (!contentType.startsWith('application/x-ndjson') || typeof request.body !== 'string') {
        throw new AppError(
          'unsupported_media_type',
          'NDJSON_REQUIRED',
          '请以 application/x-ndjson 提交，每行一条知识',
          {
            fields: [{ field: 'body', message: '须为 application/x-ndjson' }],
          },
        );
      }
      const config = await search.analysis();
      const result = await importArticles(db, config, parseNdjson(request.body), actorOf(request), clock.now());
      return result;
    },
  );

  app.post(
    '/api/kb/import/xlsx',
    { config: { access: 'kb.publish' }, schema: { tags, summary: '从 .xlsx 导入知识（第一行为列名，同 JSONL 字段）' } },
    async (request) => {
      if (!request.isMultipart()) {
        throw new AppError('unsupported_media_type', 'MULTIPART_REQUIRED', '请以 multipart/form-data 上传 .xlsx 文件', {
          fields: [{ field: 'file', message: '缺少文件' }],
        });
      }
      const part = await request.file();
      if (!part) throw invalidField('file', 'FILE_REQUIRED', '请选择要导入的 .xlsx 文件');
      const content = await readPart(part, 64 * 1024 * 1024);
      const lines = await readXlsxImport(content);
      return importArticles(db, await search.analysis(), lines, actorOf(request), clock.now());
    },
  );

  // ---- administration ----

  const libraryPatch = z.strictObject({
    name: z.string().trim().min(1).max(40).optional(),
    description: optionalText(200),
    rankWeight: z.number().int().min(10).max(200).optional(),
    sortOrder: z.number().int().min(0).max(999).optional(),
    isActive: z.boolean().optional(),
  });

  app.post(
    '/api/kb/libraries',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '新增库种',
        body: z.strictObject({
          code: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '须为小写字母开头的 2–32 位字母、数字或下划线'),
          name: z.string().trim().min(1).max(40),
          description: optionalText(200),
          rankWeight: z.number().int().min(10).max(200).optional().default(100),
          sortOrder: z.number().int().min(0).max(999).optional().default(10),
        }),
      },
    },
    async (request) => service.createLibrary(db, request.body, actorOf(request), clock.now()),
  );

  app.patch(
    '/api/kb/libraries/:code',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '修改库种', params: z.strictObject({ code: z.string().max(32) }), body: libraryPatch },
    },
    async (request) => {
      await service.updateLibrary(db, request.params.code, request.body, actorOf(request), clock.now());
      return { ok: true };
    },
  );

  app.post(
    '/api/kb/categories',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '新增目录',
        body: z.strictObject({
          parentId: id.nullable(),
          name: z.string().trim().min(1).max(40),
          sortOrder: z.number().int().min(0).max(999).optional().default(0),
        }),
      },
    },
    async (request) => service.createCategory(db, request.body, actorOf(request), clock.now()),
  );

  app.patch(
    '/api/kb/categories/:id',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '修改目录',
        params: idParams,
        body: z.strictObject({
          name: z.string().trim().min(1).max(40).optional(),
          sortOrder: z.number().int().min(0).max(999).optional(),
        }),
      },
    },
    async (request) => {
      await service.updateCategory(db, search, request.params.id, request.body, actorOf(request), clock.now());
      return { ok: true };
    },
  );

  app.delete(
    '/api/kb/categories/:id',
    { config: { access: 'kb.admin' }, schema: { tags, summary: '删除目录（须为空）', params: idParams } },
    async (request) => {
      await service.deleteCategory(db, request.params.id, actorOf(request), clock.now());
      return { ok: true };
    },
  );

  app.get(
    '/api/kb/synonyms',
    { config: { access: 'kb.admin' }, schema: { tags, summary: '同义词、缩略语和问法提示' } },
    async () => service.listSynonyms(db),
  );

  app.post(
    '/api/kb/synonyms',
    { config: { access: 'kb.admin' }, schema: { tags, summary: '新增同义词组', body: synonymBody } },
    async (request) =>
      service.saveSynonym(db, search, requireUser(request), null, request.body, actorOf(request), clock.now()),
  );

  app.put(
    '/api/kb/synonyms/:id',
    { config: { access: 'kb.admin' }, schema: { tags, summary: '修改同义词组', params: idParams, body: synonymBody } },
    async (request) =>
      service.saveSynonym(
        db,
        search,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        clock.now(),
      ),
  );

  app.delete(
    '/api/kb/synonyms/:id',
    { config: { access: 'kb.admin' }, schema: { tags, summary: '删除同义词组', params: idParams } },
    async (request) => {
      await service.removeSynonym(db, search, request.params.id, actorOf(request), clock.now());
      return { ok: true };
    },
  );

  app.get(
    '/api/kb/dictionary',
    { config: { access: 'kb.admin' }, schema: { tags, summary: '分词用户词典（管理员添加的词）' } },
    async () => service.listDictionaryWords(db),
  );

  app.post(
    '/api/kb/dictionary',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '添加词典词条',
        body: z.strictObject({ word: z.string().trim().min(1).max(20), note: optionalText(200) }),
      },
    },
    async (request) =>
      service.addDictionaryWord(db, search, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.delete(
    '/api/kb/dictionary/:id',
    { config: { access: 'kb.admin' }, schema: { tags, summary: '删除词典词条', params: idParams } },
    async (request) => {
      await service.removeDictionaryWord(db, search, request.params.id, actorOf(request), clock.now());
      return { ok: true };
    },
  );

  app.get(
    '/api/kb/click-through',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '点击反馈：被采用最多的知识及其排序加成',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional().default(100) }),
      },
    },
    async (request) => service.clickThrough(db, request.query.limit),
  );

  app.post(
    '/api/kb/click-through/reset',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '清零点击反馈（一条或全部）',
        body: z.strictObject({ articleId: id.nullable().optional() }),
      },
    },
    async (request) => service.resetClickThrough(db, request.body.articleId ?? null, actorOf(request), clock.now()),
  );
};

async function readPart(part: { toBuffer(): Promise<Buffer> }, max: number): Promise<Buffer> {
  try {
    const content = await part.toBuffer();
    if (content.length > max) throw tooLarge(max);
    return content;
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(max);
    throw error;
  }
}

const tooLarge = (max: number) =>
  new AppError('payload_too_large', 'FILE_TOO_LARGE', `文件过大（上限 ${Math.round(max / 1024 / 1024)} MB）`, {
    fields: [{ field: 'file', message: '文件过大' }],
  });
