import type { Generated } from 'kysely';
import type { ArticleStatus, ColloquialCategory, SynonymKind, Validity } from '../../../shared/kb';

/** The knowledge base's tables (migration 2026-11-27-0400-kb), joined into the Database type in db/schema.ts. */
export interface KbTables {
  kb_libraries: KbLibraryTable;
  kb_categories: KbCategoryTable;
  kb_articles: KbArticleTable;
  kb_article_versions: KbArticleVersionTable;
  kb_article_links: KbArticleLinkTable;
  kb_article_citations: KbArticleCitationTable;
  kb_attachments: KbAttachmentTable;
  kb_article_votes: KbArticleVoteTable;
  kb_article_events: KbArticleEventTable;
  kb_synonyms: KbSynonymTable;
  kb_dictionary_words: KbDictionaryWordTable;
  kb_colloquial_terms: KbColloquialTermTable;
  kb_search_docs: KbSearchDocTable;
  kb_index_log: KbIndexLogTable;
}

export interface KbLibraryTable {
  id: Generated<number>;
  code: string;
  name: string;
  description: string | null;
  /** Rank weight in percent (100 = neutral). */
  rank_weight: number;
  sort_order: number;
  is_active: number;
  created_at: string;
  updated_at: string;
}

export interface KbCategoryTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  /** Materialised path of ids, `/3/17/`: a node's subtree is every path that starts with its own. */
  path: string;
  sort_order: number;
  created_at: string;
}

export interface KbArticleTable {
  id: Generated<number>;
  external_id: string | null;
  library_id: number;
  category_id: number | null;
  /** The working copy's state: draft, review, published, archived. */
  status: ArticleStatus;
  title: string;
  question: string | null;
  /** Sanitised HTML. */
  body: string;
  /** JSON arrays of strings / codes. */
  keywords: string;
  tax_kinds: string;
  industries: string;
  taxpayer_types: string;
  region: string | null;
  issuer: string | null;
  document_number: string | null;
  issued_on: string | null;
  effective_on: string | null;
  expires_on: string | null;
  validity: Validity;
  validity_note: string | null;
  source_url: string | null;
  is_public: number;
  /** The key other articles cite this one by (《中华人民共和国…法》第N条, or the document number). */
  cite_key: string | null;
  /** The version readers and search see; null until first published. */
  published_version: number | null;
  review_note: string | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface KbArticleVersionTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  /** JSON snapshot of the article's content as published. */
  content: string;
  published_by: number | null;
  published_at: string;
}

export interface KbArticleLinkTable {
  article_id: number;
  related_article_id: number;
}

export interface KbArticleCitationTable {
  article_id: number;
  cite_key: string;
  /** Set when an editor has checked the article after the cited one became void. */
  reviewed_at: string | null;
  reviewed_by: number | null;
}

export interface KbAttachmentTable {
  id: Generated<number>;
  article_id: number;
  file_name: string;
  content_type: string;
  size: number;
  content: Buffer;
  created_by: number | null;
  created_at: string;
}

export interface KbArticleVoteTable {
  article_id: number;
  user_id: number;
  is_useful: number;
  at: string;
}

export interface KbArticleEventTable {
  id: Generated<number>;
  article_id: number;
  /** `view` (an article opened) or `use` (the answer of a contact). */
  kind: KbArticleEventKind;
  user_id: number | null;
  contact_id: number | null;
  at: string;
}

export interface KbSynonymTable {
  id: Generated<number>;
  /** `synonym`, `abbreviation` or `question` (a question word and the answer words it hints at). */
  kind: SynonymKind;
  /** JSON array: the group's terms (for `question`: the trigger first). */
  terms: string;
  note: string | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

/** The 口语词表 (colloquialLexicon): a caller's phrase and the slots of legal terms it stands for. */
export interface KbColloquialTermTable {
  id: Generated<number>;
  phrase: string;
  /** JSON: string[][] (slots of alternatives). */
  slots: string;
  category: ColloquialCategory;
  note: string | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface KbDictionaryWordTable {
  id: Generated<number>;
  word: string;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

/** The published version of an article as the search index reads it: analysed tokens and filter columns. */
export interface KbSearchDocTable {
  article_id: number;
  version: number;
  analysis_version: number;
  /** The distinct index terms, space-separated (see kb-search-docs.ts). */
  tokens: string;
  /** Base64 of their BM25F weights, first positions and field masks. */
  weights: string;
  library_code: string;
  validity: Validity;
  category_id: number | null;
  tax_kinds: number;
  industries: number;
  taxpayer_types: number;
  region: string | null;
  issued_day: number;
  expires_day: number;
  use_count: number;
  is_public: number;
  title: string;
  question: string | null;
  body_text: string;
  updated_at: string;
}

/** One change the search index must follow: every instance applies the rows after the last one it saw. */
export interface KbIndexLogTable {
  id: Generated<number>;
  /** The article whose search document changed; null for a change of analysis or ranking settings. */
  article_id: number | null;
  /** `doc`, `use` (click-through count) or `settings`. */
  kind: KbIndexLogKind;
  at: string;
}

/** What an article event records: opened (`view`) or used to answer a contact (`use`). */
export type KbArticleEventKind = 'view' | 'use';

/** What an index log row says changed: an article's search document, its click-through count, or the settings. */
export type KbIndexLogKind = 'doc' | 'use' | 'settings';
