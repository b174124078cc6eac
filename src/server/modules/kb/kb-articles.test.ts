import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../app';
import { createTestApp, type Session, sessionRequests, type TestApp, testDialects } from '../../test/harness';
import { recordArticleUse } from './index';

const dialects = await testDialects();

const draft = (overrides: Record<string, unknown> = {}) => ({
  library: 'faq',
  title: '小规模纳税人季度销售额未超过30万元是否免征增值税',
  question: '小规模纳税人季度销售额没超过30万元，要交增值税吗？',
  body: '<p>小规模纳税人发生增值税应税销售行为，合计季度销售额未超过30万元的，免征增值税。</p><script>alert(1)</script>',
  keywords: ['小规模', '免征'],
  taxKinds: ['vat'],
  taxpayerTypes: ['small_scale'],
  validity: 'in_force',
  isPublic: true,
  ...overrides,
});

describe.each(dialects)('knowledge-base articles on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let lead: Session;
  let agent: Session;
  let department: Session;

  const { send: call } = sessionRequests(() => t);
  const search = async (s: Session, q: string, extra = '') =>
    (await call(s, 'GET', `/api/kb/search?q=${encodeURIComponent(q)}&view=full${extra}`)).json();
  const publish = async (payload: object) => {
    const id = (await call(lead, 'POST', '/api/kb/manage/articles', payload)).json().id as number;
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/submit`, {})).statusCode).toBe(200);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/publish`, {})).statusCode).toBe(200);
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [admin, lead, agent, department] = await Promise.all([
      t.login('admin'),
      t.login('lead1'),
      t.login('agent1'),
      t.login('dept_vat'),
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes an article from draft through review to published, then searchable by every role', async () => {
    const created = await call(lead, 'POST', '/api/kb/manage/articles', draft());
    expect(created.statusCode).toBe(200);
    const id = created.json().id as number;
    expect((await search(agent, '小规模 免征')).total).toBe(0);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/publish`, {})).statusCode).toBe(409);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/submit`, {})).json().status).toBe('review');
    const editInReview = await call(lead, 'PUT', `/api/kb/manage/articles/${id}`, draft());
    expect(editInReview.statusCode).toBe(409);
    const published = await call(lead, 'POST', `/api/kb/manage/articles/${id}/publish`, {});
    expect(published.json()).toMatchObject({ status: 'published', publishedVersion: 1 });
    for (const reader of [agent, department, admin]) {
      const found = await search(reader, '小规模纳税人 免征增值税');
      expect(found.hits[0].id).toBe(id);
    }
    const read = (await call(agent, 'GET', `/api/kb/articles/${id}`)).json();
    expect(read.body).not.toContain('script');
    expect(read.taxpayerTypes).toEqual([{ code: 'small_scale', name: '小规模纳税人' }]);
    expect(read.answerText).toContain('免征增值税');
    const audit = (await call(admin, 'GET', `/api/admin/audit?entityType=kb_article&entityId=${id}`)).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining(['kb.article.create', 'kb.article.submit', 'kb.article.publish']),
    );
  });

  it('keeps every published version, serves the live one while a new draft is edited, and diffs them', async () => {
    const id = await publish(
      draft({ title: '车辆购置税税率是多少', body: '<p>车辆购置税的税率为百分之十。</p>', library: 'policy' }),
    );
    const edited = await call(
      lead,
      'PUT',
      `/api/kb/manage/articles/${id}`,
      draft({
        title: '车辆购置税税率是多少',
        body: '<p>车辆购置税的税率为百分之十，按计税价格计算。</p>',
        library: 'policy',
      }),
    );
    expect(edited.json().status).toBe('draft');
    // Readers still get version 1, and so does search.
    expect((await call(agent, 'GET', `/api/kb/articles/${id}`)).json()).toMatchObject({ version: 1 });
    const live = (await search(agent, '车辆购置税 计税价格')).hits.find((h: { id: number }) => h.id === id);
    expect(live.snippet).not.toContain('计税价格');
    await call(lead, 'POST', `/api/kb/manage/articles/${id}/submit`, {});
    const returned = await call(lead, 'POST', `/api/kb/manage/articles/${id}/return`, { note: '请补充依据' });
    expect(returned.json().status).toBe('draft');
    expect((await call(lead, 'GET', `/api/kb/manage/articles/${id}`)).json().reviewNote).toBe('请补充依据');
    await call(lead, 'POST', `/api/kb/manage/articles/${id}/submit`, {});
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/publish`, {})).json().publishedVersion).toBe(2);
    const managed = (await call(lead, 'GET', `/api/kb/manage/articles/${id}`)).json();
    expect(managed.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const republished = (await search(agent, '车辆购置税 计税价格')).hits[0];
    expect(republished.id).toBe(id);
    expect(republished.snippet).toContain('<mark>计税价格</mark>');
    const diff = (await call(lead, 'GET', `/api/kb/manage/articles/${id}/diff?from=1&to=2`)).json();
    expect(
      diff.body
        .filter((p: { added: boolean }) => p.added)
        .map((p: { value: string }) => p.value)
        .join(''),
    ).toBe('，按计税价格计算');
    const v1 = (await call(lead, 'GET', `/api/kb/manage/articles/${id}/versions/1`)).json();
    expect(v1.content.body).toBe('<p>车辆购置税的税率为百分之十。</p>');
    expect((await call(lead, 'GET', `/api/kb/manage/articles/${id}/diff?from=1&to=9`)).statusCode).toBe(400);
  });

  it('archives an article out of search and restores it as a draft', async () => {
    const id = await publish(
      draft({ title: '烟叶税的纳税人', body: '<p>收购烟叶的单位为烟叶税的纳税人。</p>', library: 'policy' }),
    );
    expect((await search(agent, '烟叶税 纳税人')).hits[0].id).toBe(id);
    expect((await call(agent, 'POST', `/api/kb/manage/articles/${id}/archive`, {})).statusCode).toBe(403);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/archive`, {})).json().status).toBe('archived');
    expect((await search(agent, '烟叶税 纳税人')).hits.map((h: { id: number }) => h.id)).not.toContain(id);
    expect((await call(agent, 'GET', `/api/kb/articles/${id}`)).statusCode).toBe(404);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/restore`, {})).json().status).toBe('draft');
  });

  it('checks permissions on every action', async () => {
    expect((await call(agent, 'POST', '/api/kb/manage/articles', draft())).statusCode).toBe(403);
    expect((await call(department, 'GET', '/api/kb/manage/articles')).statusCode).toBe(403);
    expect((await call(lead, 'POST', '/api/kb/synonyms', { kind: 'synonym', terms: ['甲', '乙'] })).statusCode).toBe(
      403,
    );
    expect((await call(agent, 'GET', '/api/kb/search?q=发票')).statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/kb/search?q=发票' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('rejects bad drafts with the field named and writes nothing', async () => {
    const before = (await call(lead, 'GET', '/api/kb/manage/articles')).json().total;
    const cases: Array<[object, string]> = [
      [draft({ title: '' }), 'title'],
      [draft({ library: 'nope' }), 'library'],
      [draft({ validity: 'maybe' }), 'validity'],
      [draft({ taxKinds: ['salt'] }), 'taxKinds.0'],
      [draft({ expiresOn: '2020-01-01', effectiveOn: '2021-01-01' }), 'expiresOn'],
      [draft({ body: '<script>only</script>' }), 'body'],
      [draft({ categoryId: 99999 }), 'categoryId'],
      [draft({ relatedIds: [99999] }), 'relatedIds'],
      [draft({ sourceUrl: 'javascript:alert(1)' }), 'sourceUrl'],
    ];
    for (const [payload, field] of cases) {
      const res = await call(lead, 'POST', '/api/kb/manage/articles', payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.details.fields[0].field, JSON.stringify(res.json())).toBe(field);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await call(lead, 'GET', '/api/kb/manage/articles')).json().total).toBe(before);
  });

  it('flags an article that cites an article which became void or expired, until an editor reviews it', async () => {
    const cited = await publish(
      draft({ library: 'policy', title: '《示范税收条例》第三条', body: '<p>纳税人应当按月申报。</p>', taxKinds: [] }),
    );
    const citing = await publish(
      draft({ title: '示范税收条例的申报期限', body: '<p>依照《示范税收条例》第三条，纳税人应当按月申报。</p>' }),
    );
    const flagged = async () => (await call(lead, 'GET', `/api/kb/manage/articles/${citing}`)).json().isFlagged;
    expect(await flagged()).toBe(false);
    const reader = (await call(agent, 'GET', `/api/kb/articles/${citing}`)).json();
    expect(reader.cites.map((c: { id: number }) => c.id)).toEqual([cited]);
    expect((await call(agent, 'GET', `/api/kb/articles/${cited}`)).json().citedBy.items[0].id).toBe(citing);

    await call(
      lead,
      'PUT',
      `/api/kb/manage/articles/${cited}`,
      draft({
        library: 'policy',
        title: '《示范税收条例》第三条',
        body: '<p>纳税人应当按月申报。</p>',
        taxKinds: [],
        validity: 'void',
        validityNote: '已废止',
      }),
    );
    await call(lead, 'POST', `/api/kb/manage/articles/${cited}/submit`, {});
    await call(lead, 'POST', `/api/kb/manage/articles/${cited}/publish`, {});
    expect(await flagged()).toBe(true);
    const list = (await call(lead, 'GET', '/api/kb/manage/articles?flagged=true')).json();
    expect(list.items.map((i: { id: number }) => i.id)).toContain(citing);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${citing}/mark-reviewed`, {})).json().reviewed).toBe(1);
    expect(await flagged()).toBe(false);

    // Expiry retires an article by itself: it counts as void from its expiry date and flags its citers.
    const expiring = await publish(
      draft({
        library: 'policy',
        title: '《示范税收条例》第四条',
        body: '<p>临时减半征收。</p>',
        taxKinds: [],
        expiresOn: '2026-12-31',
      }),
    );
    const citer = await publish(draft({ title: '临时减半征收的依据', body: '<p>见《示范税收条例》第四条。</p>' }));
    const flaggedNow = async () => (await call(lead, 'GET', `/api/kb/manage/articles/${citer}`)).json().isFlagged;
    expect(await flaggedNow()).toBe(false);
    expect((await search(agent, '临时减半征收', '&library=policy')).hits[0].validity).toBe('in_force');
    t.clock.set('2027-01-02T02:00:00Z');
    try {
      // Sessions do not survive a month's jump of the clock: sign in again on the later day.
      const [leadLater, agentLater] = [await t.login('lead1'), await t.login('agent1')];
      expect((await call(leadLater, 'GET', `/api/kb/manage/articles/${citer}`)).json().isFlagged).toBe(true);
      const hits = (await search(agentLater, '临时减半征收', '&library=policy')).hits;
      expect(hits.find((h: { id: number }) => h.id === expiring)).toMatchObject({ validity: 'void', isExpired: true });
      const inForce = (await search(agentLater, '临时减半征收', '&library=policy&validity=in_force')).hits;
      expect(inForce.map((h: { id: number }) => h.id)).not.toContain(expiring);
    } finally {
      t.clock.set('2026-11-27T02:00:00Z');
      [lead, agent] = [await t.login('lead1'), await t.login('agent1')];
    }
  });

  it('records usefulness votes, one per agent, and lists the week’s hot articles', async () => {
    const id = await publish(
      draft({ title: '契税的纳税义务发生时间', body: '<p>契税的纳税义务发生时间为签订权属转移合同的当日。</p>' }),
    );
    const vote = (s: Session, useful: boolean) => call(s, 'POST', `/api/kb/articles/${id}/vote`, { useful });
    expect((await vote(agent, true)).json()).toMatchObject({ useful: 1, notUseful: 0, myVote: 'useful' });
    expect((await vote(agent, false)).json()).toMatchObject({ useful: 0, notUseful: 1, myVote: 'not_useful' });
    expect((await vote(lead, true)).json()).toMatchObject({ useful: 1, notUseful: 1 });
    for (let i = 0; i < 3; i++) await call(agent, 'GET', `/api/kb/articles/${id}`);
    const hot = (await call(agent, 'GET', '/api/kb/hot?days=7')).json();
    expect(hot[0]).toMatchObject({ id, views: 3 });
  });

  it('uploads attachments checked by content and serves them as downloads', async () => {
    const id = await publish(draft({ title: '附件测试', body: '<p>附件测试正文。</p>' }));
    const upload = (name: string, content: Buffer) => {
      const boundary = 'kbBoundary';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: `/api/kb/manage/articles/${id}/attachments`,
        headers: { ...lead.writeHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const ok = await upload('政策原文.pdf', pdf);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ contentType: 'application/pdf', fileName: '政策原文.pdf' });
    const fake = await upload('伪装.pdf', Buffer.from('MZ\x90\x00 not really a pdf'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    const download = await call(agent, 'GET', `/api/kb/attachments/${ok.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.rawPayload.equals(pdf)).toBe(true);
  });

  it('serves the attachments of a draft only to those who may see the draft', async () => {
    const id = (await call(lead, 'POST', '/api/kb/manage/articles', draft({ title: '草稿附件' }))).json().id as number;
    const boundary = 'kbDraftBoundary';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/kb/manage/articles/${id}/attachments`,
      headers: { ...lead.writeHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="内部草稿.pdf"\r\n\r\n`),
        pdf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(added.statusCode, added.body).toBe(200);
    const url = `/api/kb/attachments/${added.json().id}`;
    // The article itself is hidden from readers while it is a draft, and so is its attachment.
    expect((await call(agent, 'GET', `/api/kb/articles/${id}`)).statusCode).toBe(404);
    for (const reader of [agent, department]) {
      const res = await call(reader, 'GET', url);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ATTACHMENT_NOT_FOUND');
    }
    expect((await call(lead, 'GET', url)).statusCode).toBe(200);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/submit`, {})).statusCode).toBe(200);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/publish`, {})).statusCode).toBe(200);
    expect((await call(agent, 'GET', url)).rawPayload.equals(pdf)).toBe(true);
    expect((await call(lead, 'POST', `/api/kb/manage/articles/${id}/archive`, {})).statusCode).toBe(200);
    expect((await call(agent, 'GET', url)).statusCode).toBe(404);
  });
});

describe.each(dialects)('the search index across server instances on %s', (dialect) => {
  let t: TestApp;
  let second: App;
  let lead: Session;
  let admin: Session;

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
    lead = await t.login('lead1');
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const searchOn = async (app: App, session: Session, q: string) =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/kb/search?q=${encodeURIComponent(q)}&view=full`,
        headers: session.headers,
      })
    ).json();

  it('finds on one instance what was published through the other, at its next search', async () => {
    expect((await searchOn(second, lead, '耕地占用税 学校')).total).toBe(0);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/kb/manage/articles',
      headers: lead.writeHeaders,
      payload: draft({ title: '学校占用耕地免征耕地占用税', body: '<p>学校、幼儿园占用耕地，免征耕地占用税。</p>' }),
    });
    const id = created.json().id as number;
    await t.app.inject({
      method: 'POST',
      url: `/api/kb/manage/articles/${id}/submit`,
      headers: lead.writeHeaders,
      payload: {},
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/kb/manage/articles/${id}/publish`,
      headers: lead.writeHeaders,
      payload: {},
    });
    expect((await searchOn(second, lead, '耕地占用税 学校')).hits[0].id).toBe(id);
    await second.inject({
      method: 'POST',
      url: `/api/kb/manage/articles/${id}/archive`,
      headers: lead.writeHeaders,
      payload: {},
    });
    expect((await searchOn(t.app, lead, '耕地占用税 学校')).total).toBe(0);
  });

  it('applies a synonym saved on one instance to searches on the other, and re-analyses the documents', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/kb/manage/articles',
      headers: lead.writeHeaders,
      payload: draft({ title: '电子发票的重复报销', body: '<p>取得全电票后应当防止重复入账。</p>' }),
    });
    const id = created.json().id as number;
    await t.app.inject({
      method: 'POST',
      url: `/api/kb/manage/articles/${id}/submit`,
      headers: lead.writeHeaders,
      payload: {},
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/kb/manage/articles/${id}/publish`,
      headers: lead.writeHeaders,
      payload: {},
    });
    const saved = await second.inject({
      method: 'POST',
      url: '/api/kb/synonyms',
      headers: admin.writeHeaders,
      payload: { kind: 'abbreviation', terms: ['全电票', '数电票', '全面数字化的电子发票'] },
    });
    expect(saved.statusCode).toBe(200);
    // 数电票 now means 全电票 on both instances; the document, re-analysed, keeps 全电票 whole.
    for (const app of [t.app, second]) {
      const found = await searchOn(app, lead, '数电票 重复入账');
      expect(found.hits[0]?.id).toBe(id);
    }
    const words = await second.inject({
      method: 'POST',
      url: '/api/kb/dictionary',
      headers: admin.writeHeaders,
      payload: { word: '重复入账' },
    });
    expect(words.statusCode).toBe(200);
    expect((await searchOn(t.app, lead, '重复入账')).hits[0]?.snippet).toContain('<mark>重复入账</mark>');
    const bad = await second.inject({
      method: 'POST',
      url: '/api/kb/dictionary',
      headers: admin.writeHeaders,
      payload: { word: '有 空格' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('word');
  });

  it('feeds the articles used in contacts back into ranking on every instance, visible and resettable', async () => {
    const ids: number[] = [];
    for (const title of ['房产税的计税依据（一）', '房产税的计税依据（二）']) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/kb/manage/articles',
        headers: lead.writeHeaders,
        payload: draft({
          title,
          body: '<p>房产税依照房产原值一次减除10%至30%后的余值计算缴纳。</p>',
          issuedOn: '2020-01-01',
        }),
      });
      const id = created.json().id as number;
      ids.push(id);
      await t.app.inject({
        method: 'POST',
        url: `/api/kb/manage/articles/${id}/submit`,
        headers: lead.writeHeaders,
        payload: {},
      });
      await t.app.inject({
        method: 'POST',
        url: `/api/kb/manage/articles/${id}/publish`,
        headers: lead.writeHeaders,
        payload: {},
      });
    }
    const order = async (app: App) =>
      (await searchOn(app, lead, '房产税 计税依据')).hits.map((h: { id: number }) => h.id);
    const initial = await order(second);
    const underdog = initial[1]!;
    const agentId = (await t.login('agent1')).userId;
    for (let i = 0; i < 5; i++) {
      await t.database.db
        .transaction()
        .execute((trx) =>
          recordArticleUse(trx, { articleId: underdog, contactId: 1000 + i, userId: agentId, now: t.clock.now() }),
        );
    }
    expect((await order(second))[0]).toBe(underdog);
    expect((await order(t.app))[0]).toBe(underdog);
    const board = (await second.inject({ method: 'GET', url: '/api/kb/click-through', headers: admin.headers })).json();
    expect(board[0]).toMatchObject({ id: underdog, useCount: 5 });
    expect(board[0].boostPercent).toBeGreaterThan(0);
    await t.app.inject({
      method: 'POST',
      url: '/api/kb/click-through/reset',
      headers: admin.writeHeaders,
      payload: { articleId: underdog },
    });
    expect(await order(second)).toEqual(initial);
    await expect(
      t.database.db
        .transaction()
        .execute((trx) =>
          recordArticleUse(trx, { articleId: 999_999, contactId: 1, userId: agentId, now: t.clock.now() }),
        ),
    ).rejects.toMatchObject({ code: 'ARTICLE_NOT_FOUND' });
  });
});
