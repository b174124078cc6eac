/**
 * The knowledge base's contract (知识库): its enums, reference lists, and the request and response
 * schemas of every /api/kb route, shared by the server (validation, serialisation, OpenAPI) and the
 * web app (types inferred from them). No Node imports.
 */
import { z } from 'zod';
import { clearableText, date, id, instant } from './schemas';

// ---- enums and reference lists ----

/** The working copy's state: draft → review → published, or archived. */
export const articleStatuses = ['draft', 'review', 'published', 'archived'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];
export const articleStatusNames = {
  draft: '草稿',
  review: '待审核',
  published: '已发布',
  archived: '已下架',
} as const satisfies Record<ArticleStatus, string>;

/** 有效性: 现行有效, 部分失效, 全文失效. */
export const validities = ['in_force', 'partly_void', 'void'] as const;
export type Validity = (typeof validities)[number];
export const validityNames = {
  in_force: '现行有效',
  partly_void: '部分失效',
  void: '全文失效',
} as const satisfies Record<Validity, string>;

/** A synonym group, an abbreviation and its full term, or a question word and the answer words it hints at. */
export const synonymKinds = ['synonym', 'abbreviation', 'question'] as const;
export type SynonymKind = (typeof synonymKinds)[number];

/**
 * What a 口语词表 (colloquialLexicon) entry rewrites: a tax's common name, an income or a thing, a
 * person, a verb, a period, an amount, or how a procedure or permission is asked about.
 */
export const colloquialCategories = ['tax', 'thing', 'party', 'verb', 'period', 'amount', 'action'] as const;
export type ColloquialCategory = (typeof colloquialCategories)[number];
export const colloquialCategoryLabels = {
  tax: '税种俗称',
  thing: '收入与财物',
  party: '人与单位',
  verb: '动作',
  period: '时间期限',
  amount: '金额比例',
  action: '办理与问法',
} as const satisfies Record<ColloquialCategory, string>;

/**
 * Reference lists: tax kinds, industries (GB/T 4754-2017 sections) and taxpayer types. An article
 * stores each multi-valued list as a bit mask over these lists, so the order is frozen: add new
 * entries at the end only.
 */
export const taxKinds = [
  { code: 'vat', name: '增值税' },
  { code: 'consumption', name: '消费税' },
  { code: 'corporate_income', name: '企业所得税' },
  { code: 'individual_income', name: '个人所得税' },
  { code: 'resource', name: '资源税' },
  { code: 'urban_construction', name: '城市维护建设税' },
  { code: 'property', name: '房产税' },
  { code: 'urban_land_use', name: '城镇土地使用税' },
  { code: 'land_value_added', name: '土地增值税' },
  { code: 'vehicle_vessel', name: '车船税' },
  { code: 'vehicle_purchase', name: '车辆购置税' },
  { code: 'stamp', name: '印花税' },
  { code: 'deed', name: '契税' },
  { code: 'farmland_occupation', name: '耕地占用税' },
  { code: 'tobacco_leaf', name: '烟叶税' },
  { code: 'customs', name: '关税' },
  { code: 'tonnage', name: '船舶吨税' },
  { code: 'environmental_protection', name: '环境保护税' },
  { code: 'education_surcharge', name: '教育费附加' },
  { code: 'social_insurance', name: '社会保险费' },
] as const;
export type TaxKindCode = (typeof taxKinds)[number]['code'];

export const industries = [
  { code: 'A', name: '农、林、牧、渔业' },
  { code: 'B', name: '采矿业' },
  { code: 'C', name: '制造业' },
  { code: 'D', name: '电力、热力、燃气及水生产和供应业' },
  { code: 'E', name: '建筑业' },
  { code: 'F', name: '批发和零售业' },
  { code: 'G', name: '交通运输、仓储和邮政业' },
  { code: 'H', name: '住宿和餐饮业' },
  { code: 'I', name: '信息传输、软件和信息技术服务业' },
  { code: 'J', name: '金融业' },
  { code: 'K', name: '房地产业' },
  { code: 'L', name: '租赁和商务服务业' },
  { code: 'M', name: '科学研究和技术服务业' },
  { code: 'N', name: '水利、环境和公共设施管理业' },
  { code: 'O', name: '居民服务、修理和其他服务业' },
  { code: 'P', name: '教育' },
  { code: 'Q', name: '卫生和社会工作' },
  { code: 'R', name: '文化、体育和娱乐业' },
  { code: 'S', name: '公共管理、社会保障和社会组织' },
  { code: 'T', name: '国际组织' },
] as const;
export type IndustryCode = (typeof industries)[number]['code'];

export const taxpayerTypes = [
  { code: 'general', name: '一般纳税人' },
  { code: 'small_scale', name: '小规模纳税人' },
  { code: 'individual_business', name: '个体工商户' },
  { code: 'natural_person', name: '自然人' },
  { code: 'non_resident', name: '非居民' },
  { code: 'other_organization', name: '其他单位' },
] as const;
export type TaxpayerTypeCode = (typeof taxpayerTypes)[number]['code'];

const codesOf = (list: readonly { code: string }[]) => z.enum(list.map((e) => e.code) as [string, ...string[]]);

// ---- requests ----

/** A library's code: a lower-case letter, then 1–31 letters, digits or underscores. */
const libraryCodePattern = /^[a-z][a-z0-9_]{1,31}$/;

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

const searchSort = z.enum(['relevance', 'newest']);

/** GET /api/kb/search. */
export const kbSearchQuerySchema = z.strictObject({
  q: z.string().max(200).optional().default(''),
  library: listParam(z.string().regex(libraryCodePattern, '库种代码不正确')).optional(),
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
  sort: searchSort.optional(),
  /** `full`: the web app's view, with facets, corrections and more per hit; the contract's shape otherwise. */
  view: z.enum(['contract', 'full']).optional().default('contract'),
});
export type KbSearchQuery = z.infer<typeof kbSearchQuerySchema>;

/** GET /api/kb/suggest. */
export const kbSuggestQuerySchema = z.strictObject({
  q: z.string().max(200),
  limit: z.coerce.number().int().min(1).max(20).optional().default(6),
});

export const advancedSearchFields = ['any', 'title', 'body', 'documentNumber', 'issuer'] as const;

/** POST /api/kb/advanced-search: field clauses joined by AND / OR / NOT. */
export const kbAdvancedSearchSchema = z.strictObject({
  clauses: z
    .array(
      z.strictObject({
        op: z.enum(['and', 'or', 'not']),
        field: z.enum(advancedSearchFields),
        text: z.string().trim().min(1).max(200),
      }),
    )
    .min(1, '至少填写一个检索条件')
    .max(10),
  library: z.array(z.string()).max(20).optional(),
  validity: z.array(z.enum(validities)).max(3).optional(),
  from: date.optional(),
  to: date.optional(),
  sort: searchSort.optional(),
  limit: z.number().int().min(1).max(100).optional().default(20),
  offset: z.number().int().min(0).max(10_000).optional().default(0),
});
export type KbAdvancedSearchInput = z.input<typeof kbAdvancedSearchSchema>;

/** GET /api/kb/hot. */
export const kbHotQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).optional().default(7),
  limit: z.coerce.number().int().min(1).max(50).optional().default(10),
});

/** POST /api/kb/articles/:id/vote. */
export const kbVoteSchema = z.strictObject({ useful: z.boolean() });

/** GET /api/kb/manage/articles. */
export const kbManageListQuerySchema = z.strictObject({
  status: z.enum(articleStatuses).optional(),
  library: z.string().max(32).optional(),
  category: id.optional(),
  q: z.string().trim().max(100).optional(),
  flagged: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional().default(20),
  offset: z.coerce.number().int().min(0).optional().default(0),
});

/** POST and PUT /api/kb/manage/articles: the whole working copy (missing or blank text is empty). */
export const kbArticleInputSchema = z.strictObject({
  library: z.string().min(1).max(32),
  categoryId: id.nullable().optional(),
  title: z.string().trim().min(1, '标题不能为空').max(300),
  question: clearableText(2000),
  body: z.string().min(1, '正文不能为空').max(500_000),
  keywords: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  taxKinds: z.array(codesOf(taxKinds)).max(taxKinds.length).optional(),
  industries: z.array(codesOf(industries)).max(industries.length).optional(),
  taxpayerTypes: z.array(codesOf(taxpayerTypes)).max(taxpayerTypes.length).optional(),
  region: clearableText(60),
  issuer: clearableText(200),
  documentNumber: clearableText(100),
  issuedOn: date.nullable().optional(),
  effectiveOn: date.nullable().optional(),
  expiresOn: date.nullable().optional(),
  validity: z.enum(validities),
  validityNote: clearableText(500),
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
export type KbArticleInput = z.input<typeof kbArticleInputSchema>;

/** POST /api/kb/manage/articles/:id/return. */
export const kbReturnSchema = z.strictObject({ note: z.string().trim().min(1, '请填写退回意见').max(500) });

/** The lifecycle actions without a body (submit, publish, archive, restore, mark-reviewed). */
export const kbEmptyBodySchema = z.strictObject({}).optional();

/** GET /api/kb/manage/articles/:id/versions/:version. */
export const kbVersionParamsSchema = z.strictObject({ id, version: id });

/** GET /api/kb/manage/articles/:id/diff. */
export const kbDiffQuerySchema = z.strictObject({ from: id, to: id });

/** GET /api/kb/export. */
export const kbExportQuerySchema = z.strictObject({
  format: z.enum(['jsonl', 'xlsx']).optional().default('jsonl'),
  library: z.string().max(32).optional(),
});

const shortName = z.string().trim().min(1).max(40);
const rankWeight = z.number().int().min(10).max(200);
const sortOrder = z.number().int().min(0).max(999);

/** POST /api/kb/libraries. */
export const kbLibraryCreateSchema = z.strictObject({
  code: z.string().regex(libraryCodePattern, '须为小写字母开头的 2–32 位字母、数字或下划线'),
  name: shortName,
  description: clearableText(200),
  rankWeight: rankWeight.optional().default(100),
  sortOrder: sortOrder.optional().default(10),
});
export type KbLibraryCreateInput = z.input<typeof kbLibraryCreateSchema>;

/** PATCH /api/kb/libraries/:code: missing keeps a value, a null or blank description clears it. */
export const kbLibraryPatchSchema = z.strictObject({
  name: shortName.optional(),
  description: clearableText(200),
  rankWeight: rankWeight.optional(),
  sortOrder: sortOrder.optional(),
  isActive: z.boolean().optional(),
});
export type KbLibraryPatch = z.input<typeof kbLibraryPatchSchema>;

export const kbLibraryParamsSchema = z.strictObject({ code: z.string().max(32) });

/** POST /api/kb/categories. */
export const kbCategoryCreateSchema = z.strictObject({
  parentId: id.nullable(),
  name: shortName,
  sortOrder: sortOrder.optional().default(0),
});

/** PATCH /api/kb/categories/:id. */
export const kbCategoryPatchSchema = z.strictObject({
  name: shortName.optional(),
  sortOrder: sortOrder.optional(),
});

/** POST and PUT /api/kb/synonyms. */
export const kbSynonymInputSchema = z.strictObject({
  kind: z.enum(synonymKinds),
  terms: z.array(z.string().trim().min(1).max(20).regex(/^\S+$/, '词中不能有空格')).min(2, '至少填写两个词').max(20),
  note: clearableText(200),
});
export type KbSynonymInput = z.input<typeof kbSynonymInputSchema>;

const legalTerm = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[^\s|]+$/, '词中不能有空格或竖线');

/** POST and PUT /api/kb/colloquial-lexicon: a caller's phrase and the legal terms it stands for, slot by slot. */
export const kbColloquialTermInputSchema = z.strictObject({
  phrase: z.string().trim().min(1).max(12).regex(/^\S+$/, '口语词中不能有空格'),
  slots: z.array(z.array(legalTerm).min(1).max(10)).min(1, '至少填写一个规范词').max(4),
  category: z.enum(colloquialCategories),
  note: clearableText(200),
});
export type KbColloquialTermInput = z.input<typeof kbColloquialTermInputSchema>;

/** POST /api/kb/dictionary. */
export const kbDictionaryWordInputSchema = z.strictObject({
  word: z.string().trim().min(1).max(20),
  note: clearableText(200),
});

/** GET /api/kb/click-through. */
export const kbClickThroughQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional().default(100),
});

/** POST /api/kb/click-through/reset: one article, or every article when `articleId` is missing or null. */
export const kbClickThroughResetSchema = z.strictObject({ articleId: id.nullable().optional() });

// ---- responses ----

const nullableText = z.string().nullable();
const nullableDate = z.string().nullable();

export const kbCodeNameSchema = z.object({ code: z.string(), name: z.string() });
export type KbCodeName = z.infer<typeof kbCodeNameSchema>;

export const kbLibrarySchema = z.object({
  code: z.string(),
  name: z.string(),
  description: nullableText,
  rankWeight: z.number(),
  sortOrder: z.number(),
  isActive: z.boolean(),
});
export type KbLibrary = z.infer<typeof kbLibrarySchema>;

/** GET /api/kb/reference. */
export const kbReferenceSchema = z.object({
  libraries: z.array(kbLibrarySchema),
  taxKinds: z.array(kbCodeNameSchema),
  industries: z.array(kbCodeNameSchema),
  taxpayerTypes: z.array(kbCodeNameSchema),
  validities: z.array(kbCodeNameSchema),
  statuses: z.array(kbCodeNameSchema),
});
export type KbReference = z.infer<typeof kbReferenceSchema>;

/** A node of the category tree with the number of published articles in it and below it. */
export const kbCategorySchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  sortOrder: z.number(),
  count: z.number(),
});
export type KbCategory = z.infer<typeof kbCategorySchema>;

/** The contract's hit: exactly these keys. */
export const kbContractHitSchema = z.object({
  id: z.number(),
  externalId: nullableText,
  library: z.string(),
  /** HTML: escaped text with <mark> around matched words. */
  title: z.string(),
  snippet: z.string(),
  score: z.number(),
  validity: z.enum(validities),
});

/** A hit as the web app shows it. */
export const kbHitSchema = kbContractHitSchema.extend({
  /** HTML: the one or two sentences of the article that answer the question, matched words marked. */
  answer: z.string(),
  categoryId: z.number().nullable(),
  documentNumber: nullableText,
  issuer: nullableText,
  issuedOn: nullableDate,
  isExpired: z.boolean(),
  validityNote: nullableText,
});
export type KbHit = z.infer<typeof kbHitSchema>;

const countsByKey = z.record(z.string(), z.number());

/** Counts of the matching articles per filter value; tax kinds, industries and taxpayer types by their bit. */
export const kbFacetsSchema = z.object({
  library: countsByKey,
  validity: countsByKey,
  category: countsByKey,
  taxKind: countsByKey,
  industry: countsByKey,
  taxpayerType: countsByKey,
  region: countsByKey,
  year: countsByKey,
});
export type KbFacets = z.infer<typeof kbFacetsSchema>;

export const kbCorrectionSchema = z.object({ from: z.string(), to: z.string() });

/** The full view of a search (`view=full`, and the advanced search). */
export const kbSearchResultSchema = z.object({
  total: z.number(),
  tookMs: z.number(),
  hits: z.array(kbHitSchema),
  facets: kbFacetsSchema.nullable(),
  corrections: z.array(kbCorrectionSchema),
  relaxed: z.boolean(),
});
export type KbSearchResult = z.infer<typeof kbSearchResultSchema>;

/**
 * GET /api/kb/search: the contract's keys, and with `view=full` the rest. One flat schema whose
 * full-view keys are optional (absent keys stay absent), not a union tried option by option.
 */
export const kbSearchResponseSchema = kbSearchResultSchema
  .partial({ facets: true, corrections: true, relaxed: true })
  .extend({
    hits: z.array(
      kbHitSchema.partial({
        answer: true,
        categoryId: true,
        documentNumber: true,
        issuer: true,
        issuedOn: true,
        isExpired: true,
        validityNote: true,
      }),
    ),
  });

/** GET /api/kb/suggest: suggestions while typing, with the answer's text. */
export const kbSuggestionsSchema = z.object({
  total: z.number(),
  tookMs: z.number(),
  corrections: z.array(kbCorrectionSchema),
  hits: z.array(
    z.object({
      id: z.number(),
      library: z.string(),
      title: z.string(),
      snippet: z.string(),
      validity: z.enum(validities),
      isExpired: z.boolean(),
      answerText: z.string(),
    }),
  ),
});
export type KbSuggestion = z.infer<typeof kbSuggestionsSchema>['hits'][number];

/** GET /api/kb/hot. */
export const kbHotArticlesSchema = z.array(
  z.object({ id: z.number(), title: z.string(), libraryCode: z.string(), uses: z.number(), views: z.number() }),
);

/** An article in a list of related, cited or citing articles. */
export const kbArticleSummarySchema = z.object({
  id: z.number(),
  title: z.string(),
  library: z.string(),
  validity: z.enum(validities),
  isExpired: z.boolean(),
  documentNumber: nullableText,
  issuedOn: nullableDate,
});
/** A cited article, with when the citing article was last checked against it. */
export const kbCitedArticleSchema = kbArticleSummarySchema.extend({ reviewedAt: instant.nullable() });
export type KbArticleSummary = z.infer<typeof kbArticleSummarySchema> & { reviewedAt?: string | null };

export const kbAttachmentSchema = z.object({
  id: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  createdAt: instant,
});
export type KbAttachment = z.infer<typeof kbAttachmentSchema>;

/** POST /api/kb/manage/articles/:id/attachments. */
export const kbAddedAttachmentSchema = kbAttachmentSchema.omit({ createdAt: true });

/** POST /api/kb/articles/:id/vote, and an article's votes. */
export const kbVotesSchema = z.object({
  useful: z.number(),
  notUseful: z.number(),
  myVote: z.enum(['useful', 'not_useful']).nullable(),
});

const contentShape = {
  title: z.string(),
  question: nullableText,
  /** Sanitised HTML. */
  body: z.string(),
  keywords: z.array(z.string()),
  region: nullableText,
  issuer: nullableText,
  documentNumber: nullableText,
  issuedOn: nullableDate,
  effectiveOn: nullableDate,
  expiresOn: nullableDate,
  validityNote: nullableText,
  sourceUrl: nullableText,
  isPublic: z.boolean(),
};

/** What an article says and how it is classified: the content a published version snapshots. */
export const kbArticleContentSchema = z.object({
  libraryCode: z.string(),
  categoryId: z.number().nullable(),
  ...contentShape,
  taxKinds: z.array(z.string()),
  industries: z.array(z.string()),
  taxpayerTypes: z.array(z.string()),
  validity: z.enum(validities),
});

/** GET /api/kb/articles/:id: the published version as an agent reads it. */
export const kbArticleSchema = z.object({
  id: z.number(),
  externalId: nullableText,
  version: z.number(),
  publishedAt: instant,
  library: kbCodeNameSchema,
  category: z.object({ id: z.number(), path: z.array(z.string()) }).nullable(),
  ...contentShape,
  answerText: z.string(),
  taxKinds: z.array(kbCodeNameSchema),
  industries: z.array(kbCodeNameSchema),
  taxpayerTypes: z.array(kbCodeNameSchema),
  validity: z.enum(validities),
  isExpired: z.boolean(),
  isFlagged: z.boolean(),
  related: z.array(kbArticleSummarySchema),
  cites: z.array(kbCitedArticleSchema),
  citedBy: z.object({ total: z.number(), items: z.array(kbArticleSummarySchema) }),
  attachments: z.array(kbAttachmentSchema),
  votes: kbVotesSchema,
  canEdit: z.boolean(),
});
export type KbArticle = z.infer<typeof kbArticleSchema>;

/** GET /api/kb/manage/articles. */
export const kbManagedListSchema = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.number(),
      externalId: nullableText,
      libraryCode: z.string(),
      categoryId: z.number().nullable(),
      status: z.enum(articleStatuses),
      title: z.string(),
      validity: z.enum(validities),
      expiresOn: nullableDate,
      publishedVersion: z.number().nullable(),
      updatedAt: instant,
      publishedAt: instant.nullable(),
      isFlagged: z.boolean(),
    }),
  ),
});
export type KbManagedListItem = z.infer<typeof kbManagedListSchema>['items'][number];

/** GET /api/kb/manage/articles/:id: the working copy, its state, versions and attachments. */
export const kbManagedArticleSchema = kbArticleContentSchema.extend({
  id: z.number(),
  externalId: nullableText,
  status: z.enum(articleStatuses),
  citeKey: nullableText,
  publishedVersion: z.number().nullable(),
  reviewNote: nullableText,
  createdAt: instant,
  updatedAt: instant,
  publishedAt: instant.nullable(),
  related: z.array(kbArticleSummarySchema),
  cites: z.array(kbCitedArticleSchema),
  versions: z.array(z.object({ version: z.number(), publishedAt: instant, publishedByName: nullableText })),
  attachments: z.array(kbAttachmentSchema),
  isFlagged: z.boolean(),
  effectiveValidity: z.object({ validity: z.enum(validities), isExpired: z.boolean() }),
});
export type KbManagedArticle = z.infer<typeof kbManagedArticleSchema>;

export const kbCreatedSchema = z.object({ id: z.number() });

/** PUT /api/kb/manage/articles/:id. */
export const kbUpdatedArticleSchema = z.object({ id: z.number(), status: z.enum(articleStatuses) });

/** The lifecycle actions: the article's new state. */
export const kbTransitionedSchema = z.object({
  id: z.number(),
  status: z.enum(articleStatuses),
  publishedVersion: z.number().nullable(),
});

export const kbReviewedSchema = z.object({ reviewed: z.number() });

/** GET /api/kb/manage/articles/:id/versions/:version. */
export const kbVersionSchema = z.object({
  version: z.number(),
  content: kbArticleContentSchema,
  publishedAt: instant,
  publishedBy: z.number().nullable(),
});

const diffParts = z.array(z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() }));

/** GET /api/kb/manage/articles/:id/diff. */
export const kbVersionDiffSchema = z.object({
  from: z.number(),
  to: z.number(),
  title: diffParts,
  body: diffParts,
  fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type KbVersionDiff = z.infer<typeof kbVersionDiffSchema>;

/** POST /api/kb/import and /api/kb/import/xlsx: good lines are kept, bad ones reported by line number. */
export const kbImportResultSchema = z.object({
  created: z.number(),
  updated: z.number(),
  failed: z.array(z.object({ line: z.number(), error: z.string() })),
});
export type KbImportResult = z.infer<typeof kbImportResultSchema>;

/** The answer of a change that returns nothing else. */
export const kbOkSchema = z.object({ ok: z.literal(true) });

/** GET /api/kb/synonyms. */
export const kbSynonymSchema = z.object({
  id: z.number(),
  kind: z.enum(synonymKinds),
  terms: z.array(z.string()),
  note: nullableText,
  updatedAt: instant,
});
export type KbSynonym = z.infer<typeof kbSynonymSchema>;

/** POST and PUT /api/kb/synonyms. */
export const kbSavedSynonymSchema = kbSynonymSchema.pick({ id: true, kind: true, terms: true });

/** GET /api/kb/colloquial-lexicon. */
export const kbColloquialTermSchema = z.object({
  id: z.number(),
  phrase: z.string(),
  slots: z.array(z.array(z.string())),
  category: z.enum(colloquialCategories),
  note: nullableText,
  updatedAt: instant,
});
export type KbColloquialTerm = z.infer<typeof kbColloquialTermSchema>;

/** GET /api/kb/intents: the question-intent rules, as administrators read them. */
export const kbIntentRuleSchema = z.object({
  kind: z.string(),
  label: z.string(),
  asks: z.string(),
  states: nullableText,
});

/** GET /api/kb/dictionary. */
export const kbDictionaryWordSchema = z.object({
  id: z.number(),
  word: z.string(),
  note: nullableText,
  createdAt: instant,
  createdByName: nullableText,
});
export type KbDictionaryWord = z.infer<typeof kbDictionaryWordSchema>;

/** POST /api/kb/dictionary. */
export const kbAddedWordSchema = kbDictionaryWordSchema.pick({ id: true, word: true });

/** GET /api/kb/click-through. */
export const kbClickThroughSchema = z.array(
  z.object({
    id: z.number(),
    title: z.string(),
    libraryCode: z.string(),
    useCount: z.number(),
    boostPercent: z.number(),
  }),
);

export const kbResetSchema = z.object({ reset: z.number() });
