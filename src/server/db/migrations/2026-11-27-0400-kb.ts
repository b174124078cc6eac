import type { Kysely } from 'kysely';
import { isPostgres, notNull, withId } from './helpers';

/**
 * Knowledge base (issue 7): libraries, category tree, articles with their published versions,
 * links, citations, attachments, votes and usage events, synonyms and the user dictionary, and the
 * search documents with the change log every server instance follows to keep its index current.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const binary = isPostgres(db) ? 'bytea' : 'blob';

  await withId(db, db.schema.createTable('kb_libraries'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('description', 'text')
    .addColumn('rank_weight', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('kb_categories'))
    .addColumn('parent_id', 'integer', (c) => c.references('kb_categories.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('path', 'text', notNull)
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('kb_categories_parent').on('kb_categories').column('parent_id').execute();
  await db.schema.createIndex('kb_categories_path').on('kb_categories').column('path').execute();

  await withId(db, db.schema.createTable('kb_articles'))
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('library_id', 'integer', (c) => c.notNull().references('kb_libraries.id'))
    .addColumn('category_id', 'integer', (c) => c.references('kb_categories.id'))
    .addColumn('status', 'text', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('question', 'text')
    .addColumn('body', 'text', notNull)
    .addColumn('keywords', 'text', notNull)
    .addColumn('tax_kinds', 'text', notNull)
    .addColumn('industries', 'text', notNull)
    .addColumn('taxpayer_types', 'text', notNull)
    .addColumn('region', 'text')
    .addColumn('issuer', 'text')
    .addColumn('document_number', 'text')
    .addColumn('issued_on', 'text')
    .addColumn('effective_on', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('validity', 'text', notNull)
    .addColumn('validity_note', 'text')
    .addColumn('source_url', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cite_key', 'text')
    .addColumn('published_version', 'integer')
    .addColumn('review_note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('kb_articles_status').on('kb_articles').columns(['status', 'updated_at']).execute();
  await db.schema.createIndex('kb_articles_library').on('kb_articles').column('library_id').execute();
  await db.schema.createIndex('kb_articles_category').on('kb_articles').column('category_id').execute();
  await db.schema.createIndex('kb_articles_cite_key').on('kb_articles').column('cite_key').execute();

  await withId(db, db.schema.createTable('kb_article_versions'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', notNull)
    .addColumn('content', 'text', notNull)
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('published_at', 'text', notNull)
    .addUniqueConstraint('kb_article_versions_unique', ['article_id', 'version'])
    .execute();

  await db.schema
    .createTable('kb_article_links')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('related_article_id', 'integer', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('kb_article_links_pk', ['article_id', 'related_article_id'])
    .execute();
  await db.schema.createIndex('kb_article_links_related').on('kb_article_links').column('related_article_id').execute();

  await db.schema
    .createTable('kb_article_citations')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('cite_key', 'text', notNull)
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('kb_article_citations_pk', ['article_id', 'cite_key'])
    .execute();
  await db.schema.createIndex('kb_article_citations_key').on('kb_article_citations').column('cite_key').execute();

  await withId(db, db.schema.createTable('kb_attachments'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('file_name', 'text', notNull)
    .addColumn('content_type', 'text', notNull)
    .addColumn('size', 'integer', notNull)
    .addColumn('content', binary, notNull)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('kb_attachments_article').on('kb_attachments').column('article_id').execute();

  await db.schema
    .createTable('kb_article_votes')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('is_useful', 'integer', notNull)
    .addColumn('at', 'text', notNull)
    .addPrimaryKeyConstraint('kb_article_votes_pk', ['article_id', 'user_id'])
    .execute();

  await withId(db, db.schema.createTable('kb_article_events'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('kind', 'text', notNull)
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('contact_id', 'integer')
    .addColumn('at', 'text', notNull)
    .execute();
  await db.schema.createIndex('kb_article_events_at').on('kb_article_events').columns(['kind', 'at']).execute();
  await db.schema
    .createIndex('kb_article_events_article')
    .on('kb_article_events')
    .columns(['article_id', 'kind'])
    .execute();

  await withId(db, db.schema.createTable('kb_synonyms'))
    .addColumn('kind', 'text', notNull)
    .addColumn('terms', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('kb_dictionary_words'))
    .addColumn('word', 'text', (c) => c.notNull().unique())
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('kb_search_docs')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('kb_articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', notNull)
    .addColumn('analysis_version', 'integer', notNull)
    .addColumn('tokens', 'text', notNull)
    .addColumn('weights', 'text', notNull)
    .addColumn('library_code', 'text', notNull)
    .addColumn('validity', 'text', notNull)
    .addColumn('category_id', 'integer')
    .addColumn('tax_kinds', 'integer', notNull)
    .addColumn('industries', 'integer', notNull)
    .addColumn('taxpayer_types', 'integer', notNull)
    .addColumn('region', 'text')
    .addColumn('issued_day', 'integer', notNull)
    .addColumn('expires_day', 'integer', notNull)
    .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_public', 'integer', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('question', 'text')
    .addColumn('body_text', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('kb_search_docs_analysis')
    .on('kb_search_docs')
    .columns(['analysis_version', 'article_id'])
    .execute();

  await withId(db, db.schema.createTable('kb_index_log'))
    .addColumn('article_id', 'integer')
    .addColumn('kind', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .execute();

  const now = new Date().toISOString();
  await db
    .insertInto('kb_libraries')
    .values(
      [
        ['policy', '政策法规库', '法律、行政法规、部门规章和规范性文件', 100, 1],
        ['faq', '问题解答库', '12366 热线常见问题及标准答复', 100, 2],
        ['guide', '办税指南库', '办税流程、报送资料和操作指引', 100, 3],
        ['notice', '公告通知库', '公告、通知和税案通报：说明案例，排序时低于政策法规', 75, 4],
      ].map(([code, name, description, rankWeight, sortOrder]) => ({
        code,
        name,
        description,
        rank_weight: rankWeight,
        sort_order: sortOrder,
        is_active: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();

  const synonyms: Array<[string, string[]]> = [
    ['abbreviation', ['个税', '个人所得税']],
    ['abbreviation', ['企税', '企业所得税']],
    ['abbreviation', ['专票', '增值税专用发票']],
    ['abbreviation', ['普票', '增值税普通发票']],
    ['abbreviation', ['数电票', '数电发票', '全电发票']],
    ['abbreviation', ['城建税', '城市维护建设税']],
    ['abbreviation', ['汇算', '汇算清缴']],
    ['abbreviation', ['小规模', '小规模纳税人']],
    ['abbreviation', ['一般人', '一般纳税人']],
    ['abbreviation', ['土增税', '土地增值税']],
    ['abbreviation', ['车购税', '车辆购置税']],
    ['abbreviation', ['环保税', '环境保护税']],
    ['abbreviation', ['教附', '教育费附加']],
    ['abbreviation', ['地方教附', '地方教育附加']],
    ['abbreviation', ['社保费', '社会保险费']],
    ['abbreviation', ['小微企业', '小型微利企业']],
    ['abbreviation', ['高企', '高新技术企业']],
    ['abbreviation', ['个体户', '个体工商户']],
    ['abbreviation', ['研发费用', '研究开发费用']],
    ['abbreviation', ['税号', '纳税人识别号']],
    ['abbreviation', ['年终奖', '全年一次性奖金']],
    ['synonym', ['账簿', '帐簿']],
    ['synonym', ['记账凭证', '记帐凭证']],
    ['synonym', ['偷税', '逃税']],
    ['question', ['多久', '按月', '按季', '按年', '按次', '期限', '日内']],
    ['question', ['多长时间', '按月', '按季', '按年', '期限', '日内']],
    ['question', ['什么时候', '期限', '日内', '之日起', '时间', '当日']],
    ['question', ['何时', '期限', '日内', '之日起', '时间', '当日']],
    ['question', ['多少', '税率', '税额', '百分之', '标准', '金额']],
    ['question', ['几', '税率', '百分之', '日内']],
    ['question', ['哪些', '下列', '包括', '范围']],
    ['question', ['怎么', '计算', '按照', '依照']],
    ['question', ['如何', '计算', '按照', '依照']],
    ['question', ['是什么', '是指', '称']],
    ['question', ['什么', '是指', '称']],
    ['question', ['谁', '纳税人', '义务人']],
  ];
  await db
    .insertInto('kb_synonyms')
    .values(
      synonyms.map(([kind, terms]) => ({
        kind,
        terms: JSON.stringify(terms),
        note: null,
        updated_by: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await db.insertInto('settings').values({ key: 'kb.analysis_version', value: '1', updated_at: now }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'kb_index_log',
    'kb_search_docs',
    'kb_dictionary_words',
    'kb_synonyms',
    'kb_article_events',
    'kb_article_votes',
    'kb_attachments',
    'kb_article_citations',
    'kb_article_links',
    'kb_article_versions',
    'kb_articles',
    'kb_categories',
    'kb_libraries',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.deleteFrom('settings').where('key', '=', 'kb.analysis_version').execute();
}
