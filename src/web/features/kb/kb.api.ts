/** The knowledge base's calls and shapes, as the server's /api/kb routes answer them. */
import { ApiError, api, type Query, withQuery } from '../../api';

export type Validity = 'in_force' | 'partly_void' | 'void';
export type ArticleStatus = 'draft' | 'review' | 'published' | 'archived';

export interface CodeName {
  code: string;
  name: string;
}

export interface Library extends CodeName {
  description: string | null;
  rankWeight: number;
  sortOrder: number;
  isActive: boolean;
}

export interface Reference {
  libraries: Library[];
  taxKinds: CodeName[];
  industries: CodeName[];
  taxpayerTypes: CodeName[];
  validities: CodeName[];
  statuses: CodeName[];
}

export interface Category {
  id: number;
  parentId: number | null;
  name: string;
  sortOrder: number;
  count: number;
}

export interface Hit {
  id: number;
  externalId: string | null;
  library: string;
  /** HTML: escaped text with <mark> around matched words. */
  title: string;
  snippet: string;
  score: number;
  validity: Validity;
  categoryId: number | null;
  documentNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  isExpired: boolean;
  validityNote: string | null;
}

export interface Facets {
  library: Record<string, number>;
  validity: Record<string, number>;
  category: Record<string, number>;
  /** Keyed by the bit of the reference list (its index). */
  taxKind: Record<string, number>;
  industry: Record<string, number>;
  taxpayerType: Record<string, number>;
  region: Record<string, number>;
  year: Record<string, number>;
}

export interface SearchResult {
  total: number;
  tookMs: number;
  hits: Hit[];
  facets: Facets | null;
  corrections: Array<{ from: string; to: string }>;
  relaxed: boolean;
}

export interface SearchFilters {
  q: string;
  library?: string[];
  validity?: Validity[];
  category?: number | null;
  taxKind?: string[];
  industry?: string[];
  taxpayerType?: string[];
  region?: string[];
  from?: string | null;
  to?: string | null;
  sort?: 'relevance' | 'newest';
}

export interface Suggestion {
  id: number;
  library: string;
  title: string;
  snippet: string;
  validity: Validity;
  isExpired: boolean;
  answerText: string;
}

export interface ArticleSummary {
  id: number;
  title: string;
  library: string;
  validity: Validity;
  isExpired: boolean;
  documentNumber: string | null;
  issuedOn: string | null;
  reviewedAt?: string | null;
}

export interface Attachment {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface Article {
  id: number;
  externalId: string | null;
  version: number;
  publishedAt: string;
  library: CodeName;
  category: { id: number; path: string[] } | null;
  title: string;
  question: string | null;
  body: string;
  answerText: string;
  keywords: string[];
  taxKinds: CodeName[];
  industries: CodeName[];
  taxpayerTypes: CodeName[];
  region: string | null;
  issuer: string | null;
  documentNumber: string | null;
  issuedOn: string | null;
  effectiveOn: string | null;
  expiresOn: string | null;
  validity: Validity;
  isExpired: boolean;
  validityNote: string | null;
  sourceUrl: string | null;
  isPublic: boolean;
  isFlagged: boolean;
  related: ArticleSummary[];
  cites: ArticleSummary[];
  citedBy: { total: number; items: ArticleSummary[] };
  attachments: Attachment[];
  votes: { useful: number; notUseful: number; myVote: 'useful' | 'not_useful' | null };
  canEdit: boolean;
}

export interface ArticleInput {
  library: string;
  categoryId: number | null;
  title: string;
  question: string | null;
  body: string;
  keywords: string[];
  taxKinds: string[];
  industries: string[];
  taxpayerTypes: string[];
  region: string | null;
  issuer: string | null;
  documentNumber: string | null;
  issuedOn: string | null;
  effectiveOn: string | null;
  expiresOn: string | null;
  validity: Validity;
  validityNote: string | null;
  sourceUrl: string | null;
  isPublic: boolean;
  relatedIds: number[];
}

export interface ManagedArticle extends Omit<ArticleInput, 'library' | 'relatedIds'> {
  id: number;
  externalId: string | null;
  libraryCode: string;
  status: ArticleStatus;
  publishedVersion: number | null;
  reviewNote: string | null;
  updatedAt: string;
  publishedAt: string | null;
  related: ArticleSummary[];
  cites: ArticleSummary[];
  versions: Array<{ version: number; publishedAt: string; publishedByName: string | null }>;
  attachments: Attachment[];
  isFlagged: boolean;
  effectiveValidity: { validity: Validity; isExpired: boolean };
}

export interface ManagedListItem {
  id: number;
  externalId: string | null;
  libraryCode: string;
  categoryId: number | null;
  status: ArticleStatus;
  title: string;
  validity: Validity;
  expiresOn: string | null;
  publishedVersion: number | null;
  updatedAt: string;
  publishedAt: string | null;
  isFlagged: boolean;
}

export interface VersionDiff {
  from: number;
  to: number;
  title: Array<{ value: string; added: boolean; removed: boolean }>;
  body: Array<{ value: string; added: boolean; removed: boolean }>;
  fields: Array<{ field: string; before: unknown; after: unknown }>;
}

export interface Synonym {
  id: number;
  kind: 'synonym' | 'abbreviation' | 'question';
  terms: string[];
  note: string | null;
  updatedAt: string;
}

export interface DictionaryWord {
  id: number;
  word: string;
  note: string | null;
  createdAt: string;
  createdByName: string | null;
}

export interface ImportResult {
  created: number;
  updated: number;
  failed: Array<{ line: number; error: string }>;
}

const searchQuery = (f: SearchFilters, page: { limit: number; offset: number }): Query => ({
  q: f.q,
  library: f.library?.join(','),
  validity: f.validity?.join(','),
  category: f.category ?? undefined,
  taxKind: f.taxKind?.join(','),
  industry: f.industry?.join(','),
  taxpayerType: f.taxpayerType?.join(','),
  region: f.region?.join(','),
  from: f.from ?? undefined,
  to: f.to ?? undefined,
  sort: f.sort,
  limit: page.limit,
  offset: page.offset,
  view: 'full',
});

export const kbApi = {
  reference: () => api.get<Reference>('/api/kb/reference'),
  categories: () => api.get<Category[]>('/api/kb/categories'),
  search: (f: SearchFilters, page: { limit: number; offset: number }) =>
    api.get<SearchResult>('/api/kb/search', searchQuery(f, page)),
  advancedSearch: (body: {
    clauses: Array<{ op: 'and' | 'or' | 'not'; field: string; text: string }>;
    library?: string[];
    validity?: Validity[];
    from?: string;
    to?: string;
    limit: number;
    offset: number;
  }) => api.post<SearchResult>('/api/kb/advanced-search', body),
  hot: (days = 7) =>
    api.get<Array<{ id: number; title: string; libraryCode: string; uses: number; views: number }>>('/api/kb/hot', {
      days,
    }),
  article: (id: number) => api.get<Article>(`/api/kb/articles/${id}`),
  vote: (id: number, useful: boolean) => api.post<Article['votes']>(`/api/kb/articles/${id}/vote`, { useful }),

  manageList: (query: Query) => api.get<{ total: number; items: ManagedListItem[] }>('/api/kb/manage/articles', query),
  manageArticle: (id: number) => api.get<ManagedArticle>(`/api/kb/manage/articles/${id}`),
  createArticle: (input: ArticleInput) => api.post<{ id: number }>('/api/kb/manage/articles', input),
  updateArticle: (id: number, input: ArticleInput) => api.put<{ id: number }>(`/api/kb/manage/articles/${id}`, input),
  transition: (id: number, action: 'submit' | 'return' | 'publish' | 'archive' | 'restore', note?: string) =>
    api.post<{ status: ArticleStatus }>(`/api/kb/manage/articles/${id}/${action}`, note ? { note } : {}),
  markReviewed: (id: number) => api.post<{ reviewed: number }>(`/api/kb/manage/articles/${id}/mark-reviewed`, {}),
  diff: (id: number, from: number, to: number) =>
    api.get<VersionDiff>(`/api/kb/manage/articles/${id}/diff`, { from, to }),
  removeAttachment: (id: number) => api.delete<{ ok: true }>(`/api/kb/attachments/${id}`),

  createLibrary: (body: {
    code: string;
    name: string;
    description?: string | null;
    rankWeight: number;
    sortOrder: number;
  }) => api.post<{ id: number }>('/api/kb/libraries', body),
  updateLibrary: (code: string, body: Partial<Omit<Library, 'code'>>) =>
    api.patch<{ ok: true }>(`/api/kb/libraries/${code}`, body),
  createCategory: (body: { parentId: number | null; name: string; sortOrder?: number }) =>
    api.post<{ id: number }>('/api/kb/categories', body),
  updateCategory: (id: number, body: { name?: string; sortOrder?: number }) =>
    api.patch<{ ok: true }>(`/api/kb/categories/${id}`, body),
  deleteCategory: (id: number) => api.delete<{ ok: true }>(`/api/kb/categories/${id}`),

  synonyms: () => api.get<Synonym[]>('/api/kb/synonyms'),
  saveSynonym: (id: number | null, body: { kind: Synonym['kind']; terms: string[]; note: string | null }) =>
    id === null ? api.post<Synonym>('/api/kb/synonyms', body) : api.put<Synonym>(`/api/kb/synonyms/${id}`, body),
  deleteSynonym: (id: number) => api.delete<{ ok: true }>(`/api/kb/synonyms/${id}`),
  dictionary: () => api.get<DictionaryWord[]>('/api/kb/dictionary'),
  addWord: (word: string, note: string | null) => api.post<{ id: number }>('/api/kb/dictionary', { word, note }),
  deleteWord: (id: number) => api.delete<{ ok: true }>(`/api/kb/dictionary/${id}`),
  clickThrough: () =>
    api.get<Array<{ id: number; title: string; libraryCode: string; useCount: number; boostPercent: number }>>(
      '/api/kb/click-through',
    ),
  resetClickThrough: (articleId: number | null) =>
    api.post<{ reset: number }>('/api/kb/click-through/reset', { articleId }),
};

/** Suggestions while typing; an aborted call (a newer keystroke) rejects with an AbortError. */
export async function fetchSuggestions(q: string, signal: AbortSignal, limit = 6): Promise<Suggestion[]> {
  const response = await fetch(withQuery('/api/kb/suggest', { q, limit }), {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal,
  });
  const body = (await response.json().catch(() => null)) as
    | { hits: Suggestion[] }
    | { error?: { code: string; message: string } }
    | null;
  if (!response.ok || !body || !('hits' in body)) {
    const error = body && 'error' in body ? body.error : undefined;
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? '检索失败，请稍后重试');
  }
  return body.hits;
}

/** Imports a .jsonl file (as application/x-ndjson) or an .xlsx workbook. */
export async function importFile(file: File): Promise<ImportResult> {
  if (/\.xlsx$/i.test(file.name)) {
    const form = new FormData();
    form.set('file', file, file.name);
    return api.upload<ImportResult>('/api/kb/import/xlsx', form);
  }
  return api.upload<ImportResult>('/api/kb/import', await file.text(), 'application/x-ndjson');
}

/** Uploads an attachment to an article. */
export async function uploadAttachment(articleId: number, file: File): Promise<Attachment> {
  const form = new FormData();
  form.set('file', file, file.name);
  return api.upload<Attachment>(`/api/kb/manage/articles/${articleId}/attachments`, form);
}
