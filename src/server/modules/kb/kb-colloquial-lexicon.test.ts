import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../app';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';

const dialects = await testDialects();

describe.each(dialects)('the 口语词表 (colloquialLexicon) on %s', (dialect) => {
  let t: TestApp;
  let second: App;
  let admin: Session;
  let lead: Session;
  let articleId: number;
  const { send: call } = sessionRequests(() => t);

  const searchOn = async (app: App, session: Session, q: string) =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/kb/search?q=${encodeURIComponent(q)}&view=full`,
        headers: session.headers,
      })
    ).json() as { total: number; hits: Array<{ id: number; answer: string }> };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // A second server instance on the same database, as behind a load balancer.
    second = await buildApp({
      db: t.database.db,
      dialect,
      clock: t.clock,
      version: 'test',
      isProduction: false,
      dataDir: t.database.location,
      ctiToken: undefined,
    });
    await second.ready();
    [admin, lead] = await Promise.all([t.login('admin'), t.login('lead1')]);
    const payload = {
      library: 'policy',
      title: '饲养宠物的登记',
      body: '<p>本办法适用于城市居民。饲养宠物的单位和个人，应当自取得宠物之日起三十日内办理登记。</p>',
      keywords: [],
      taxKinds: [],
      taxpayerTypes: [],
      validity: 'in_force',
      isPublic: true,
    };
    articleId = (await call(lead, 'POST', '/api/kb/manage/articles', payload)).json().id as number;
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${articleId}/submit`, {})).statusCode).toBe(200);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${articleId}/publish`, {})).statusCode).toBe(200);
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('ships the starter lexicon, readable by administrators only', async () => {
    const list = await call(admin, 'GET', '/api/kb/colloquial-lexicon');
    expect(list.statusCode).toBe(200);
    const entries = list.json() as Array<{ phrase: string; slots: string[][]; category: string }>;
    expect(entries.length).toBeGreaterThanOrEqual(500);
    expect(entries.find((e) => e.phrase === '卖房子')?.slots[0]).toContain('转让');
    expect((await call(lead, 'GET', '/api/kb/colloquial-lexicon')).statusCode).toBe(403);
    expect(
      (
        await call(lead, 'POST', '/api/kb/colloquial-lexicon', {
          phrase: '毛孩子',
          slots: [['犬只']],
          category: 'thing',
        })
      ).statusCode,
    ).toBe(403);
    const intents = (await call(admin, 'GET', '/api/kb/intents')).json() as Array<{ kind: string; asks: string }>;
    expect(intents.map((i) => i.kind)).toEqual([
      'period',
      'amount',
      'rate',
      'penalty',
      'permission',
      'procedure',
      'case',
    ]);
  });

  it('applies an entry an administrator adds on one instance to searches on the other, without a restart', async () => {
    expect((await searchOn(second, lead, '毛孩子')).total).toBe(0);
    const created = await call(admin, 'POST', '/api/kb/colloquial-lexicon', {
      phrase: '毛孩子',
      slots: [['宠物']],
      category: 'thing',
      note: '养狗的来电',
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().id as number;
    for (const app of [second, t.app]) expect((await searchOn(app, lead, '毛孩子')).hits[0]?.id).toBe(articleId);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_type', '=', 'kb_colloquial_term')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['kb.colloquial.create']);

    // Changed to a word no article holds: the other instance stops finding it.
    const changed = await call(admin, 'PUT', `/api/kb/colloquial-lexicon/${id}`, {
      phrase: '毛孩子',
      slots: [['猫咪']],
      category: 'thing',
    });
    expect(changed.statusCode).toBe(200);
    expect((await searchOn(second, lead, '毛孩子')).total).toBe(0);

    expect((await call(admin, 'DELETE', `/api/kb/colloquial-lexicon/${id}`)).statusCode).toBe(200);
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'kb_colloquial_term')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'kb.colloquial.create',
      'kb.colloquial.update',
      'kb.colloquial.delete',
    ]);
    expect((await call(admin, 'DELETE', `/api/kb/colloquial-lexicon/${id}`)).statusCode).toBe(404);
  });

  it('refuses bad entries with the field named, and writes nothing', async () => {
    const before = (await call(admin, 'GET', '/api/kb/colloquial-lexicon')).json().length as number;
    const empty = await call(admin, 'POST', '/api/kb/colloquial-lexicon', {
      phrase: '猫猫',
      slots: [],
      category: 'thing',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.fields[0].field).toBe('slots');
    const spaced = await call(admin, 'POST', '/api/kb/colloquial-lexicon', {
      phrase: '猫 猫',
      slots: [['猫']],
      category: 'thing',
    });
    expect(spaced.json().error.details.fields[0].field).toBe('phrase');
    const category = await call(admin, 'POST', '/api/kb/colloquial-lexicon', {
      phrase: '猫猫',
      slots: [['猫']],
      category: 'x',
    });
    expect(category.json().error.details.fields[0].field).toBe('category');
    const duplicate = await call(admin, 'POST', '/api/kb/colloquial-lexicon', {
      phrase: '卖房子',
      slots: [['转让']],
      category: 'verb',
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error.code).toBe('DUPLICATE_PHRASE');
    const missing = await call(admin, 'PUT', '/api/kb/colloquial-lexicon/999999', {
      phrase: '猫猫',
      slots: [['猫']],
      category: 'thing',
    });
    expect(missing.statusCode).toBe(404);
    expect((await call(admin, 'GET', '/api/kb/colloquial-lexicon')).json()).toHaveLength(before);
  });

  it('shows the sentence that answers the question first, the asked-for period included and marked', async () => {
    const found = await searchOn(t.app, lead, '养宠物多久内要登记');
    expect(found.hits[0]?.id).toBe(articleId);
    expect(found.hits[0]!.answer).toBe(
      '饲养<mark>宠物</mark>的单位和个人，应当自取得<mark>宠物</mark>之日起三十日内办理<mark>登记</mark>。',
    );
  });
});
