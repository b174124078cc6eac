import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/harness';

interface Operation {
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** Walks the OpenAPI document, which lists every route that is not hidden (the web app's files and /api/docs). */
describe('the route table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { seed: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('declares a response for every route: a JSON schema, or the content type of the file it sends', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const declared = Object.entries(operation.responses ?? {}).some(
          ([status, response]) => /^[23]\d\d$/.test(status) && response.content !== undefined,
        );
        if (!declared) undeclared.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(Object.keys(doc.paths).length).toBeGreaterThan(150);
    expect(undeclared).toEqual([]);
  });
});
