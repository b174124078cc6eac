/** The knowledge base's calls and shapes, as the server's /api/kb routes answer them. */

import type { z } from 'zod';
import type {
  KbAdvancedSearchInput,
  KbArticle,
  KbArticleInput,
  KbArticleSummary,
  KbAttachment,
  KbCategory,
  KbCodeName,
  KbColloquialTerm,
  KbColloquialTermInput,
  KbDictionaryWord,
  KbFacets,
  KbHit,
  KbImportResult,
  KbLibrary,
  KbLibraryCreateInput,
  KbLibraryPatch,
  KbManagedArticle,
  KbManagedListItem,
  KbReference,
  KbSearchResult,
  KbSuggestion,
  KbSynonym,
  KbSynonymInput,
  KbVersionDiff,
  kbAddedAttachmentSchema,
  kbAddedWordSchema,
  kbClickThroughSchema,
  kbColloquialTermSchema,
  kbCreatedSchema,
  kbHotArticlesSchema,
  kbIntentRuleSchema,
  kbManagedListSchema,
  kbOkSchema,
  kbResetSchema,
  kbReviewedSchema,
  kbSavedSynonymSchema,
  kbTransitionedSchema,
  kbUpdatedArticleSchema,
  kbVotesSchema,
  Validity,
} from '../../../shared/kb';
import { ApiError, api, type Query, withQuery } from '../../api';

export type { ArticleStatus, Validity } from '../../../shared/kb';

// The server's shapes, inferred from the shared schemas (src/shared/kb.ts) under the names the pages use.
export type CodeName = KbCodeName;
export type Library = KbLibrary;
export type Reference = KbReference;
export type Category = KbCategory;
export type Hit = KbHit;
export type Facets = KbFacets;
export type SearchResult = KbSearchResult;
export type Suggestion = KbSuggestion;
export type ArticleSummary = KbArticleSummary;
export type Attachment = KbAttachment;
export type Article = KbArticle;
export type ArticleInput = KbArticleInput;
export type ManagedArticle = KbManagedArticle;
export type ManagedListItem = KbManagedListItem;
export type VersionDiff = KbVersionDiff;
export type Synonym = KbSynonym;
export type DictionaryWord = KbDictionaryWord;
export type ImportResult = KbImportResult;

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
  advancedSearch: (body: KbAdvancedSearchInput) => api.post<SearchResult>('/api/kb/advanced-search', body),
  hot: (days = 7) => api.get<z.infer<typeof kbHotArticlesSchema>>('/api/kb/hot', { days }),
  article: (id: number) => api.get<Article>(`/api/kb/articles/${id}`),
  vote: (id: number, useful: boolean) =>
    api.post<z.infer<typeof kbVotesSchema>>(`/api/kb/articles/${id}/vote`, { useful }),

  manageList: (query: Query) => api.get<z.infer<typeof kbManagedListSchema>>('/api/kb/manage/articles', query),
  manageArticle: (id: number) => api.get<ManagedArticle>(`/api/kb/manage/articles/${id}`),
  createArticle: (input: ArticleInput) => api.post<z.infer<typeof kbCreatedSchema>>('/api/kb/manage/articles', input),
  updateArticle: (id: number, input: ArticleInput) =>
    api.put<z.infer<typeof kbUpdatedArticleSchema>>(`/api/kb/manage/articles/${id}`, input),
  transition: (id: number, action: 'submit' | 'return' | 'publish' | 'archive' | 'restore', note?: string) =>
    api.post<z.infer<typeof kbTransitionedSchema>>(`/api/kb/manage/articles/${id}/${action}`, note ? { note } : {}),
  markReviewed: (id: number) =>
    api.post<z.infer<typeof kbReviewedSchema>>(`/api/kb/manage/articles/${id}/mark-reviewed`, {}),
  diff: (id: number, from: number, to: number) =>
    api.get<VersionDiff>(`/api/kb/manage/articles/${id}/diff`, { from, to }),
  removeAttachment: (id: number) => api.delete<z.infer<typeof kbOkSchema>>(`/api/kb/attachments/${id}`),

  createLibrary: (body: KbLibraryCreateInput) => api.post<z.infer<typeof kbCreatedSchema>>('/api/kb/libraries', body),
  updateLibrary: (code: string, body: KbLibraryPatch) =>
    api.patch<z.infer<typeof kbOkSchema>>(`/api/kb/libraries/${code}`, body),
  createCategory: (body: { parentId: number | null; name: string; sortOrder?: number }) =>
    api.post<z.infer<typeof kbCreatedSchema>>('/api/kb/categories', body),
  updateCategory: (id: number, body: { name?: string; sortOrder?: number }) =>
    api.patch<z.infer<typeof kbOkSchema>>(`/api/kb/categories/${id}`, body),
  deleteCategory: (id: number) => api.delete<z.infer<typeof kbOkSchema>>(`/api/kb/categories/${id}`),

  synonyms: () => api.get<Synonym[]>('/api/kb/synonyms'),
  saveSynonym: (id: number | null, body: KbSynonymInput) =>
    id === null
      ? api.post<z.infer<typeof kbSavedSynonymSchema>>('/api/kb/synonyms', body)
      : api.put<z.infer<typeof kbSavedSynonymSchema>>(`/api/kb/synonyms/${id}`, body),
  deleteSynonym: (id: number) => api.delete<z.infer<typeof kbOkSchema>>(`/api/kb/synonyms/${id}`),
  colloquialLexicon: () => api.get<KbColloquialTerm[]>('/api/kb/colloquial-lexicon'),
  saveColloquialTerm: (id: number | null, body: KbColloquialTermInput) =>
    id === null
      ? api.post<z.infer<typeof kbColloquialTermSchema>>('/api/kb/colloquial-lexicon', body)
      : api.put<z.infer<typeof kbColloquialTermSchema>>(`/api/kb/colloquial-lexicon/${id}`, body),
  deleteColloquialTerm: (id: number) => api.delete<z.infer<typeof kbOkSchema>>(`/api/kb/colloquial-lexicon/${id}`),
  intentRules: () => api.get<Array<z.infer<typeof kbIntentRuleSchema>>>('/api/kb/intents'),
  dictionary: () => api.get<DictionaryWord[]>('/api/kb/dictionary'),
  addWord: (word: string, note: string | null) =>
    api.post<z.infer<typeof kbAddedWordSchema>>('/api/kb/dictionary', { word, note }),
  deleteWord: (id: number) => api.delete<z.infer<typeof kbOkSchema>>(`/api/kb/dictionary/${id}`),
  clickThrough: () => api.get<z.infer<typeof kbClickThroughSchema>>('/api/kb/click-through'),
  resetClickThrough: (articleId: number | null) =>
    api.post<z.infer<typeof kbResetSchema>>('/api/kb/click-through/reset', { articleId }),
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
export async function uploadAttachment(
  articleId: number,
  file: File,
): Promise<z.infer<typeof kbAddedAttachmentSchema>> {
  const form = new FormData();
  form.set('file', file, file.name);
  return api.upload<z.infer<typeof kbAddedAttachmentSchema>>(`/api/kb/manage/articles/${articleId}/attachments`, form);
}
