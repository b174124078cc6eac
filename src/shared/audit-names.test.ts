import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionNames, auditEntityTypeNames } from './audit-names';

/** Every server source file (not tests): where audit rows are written. */
function serverSources(dir = path.resolve(import.meta.dirname, '../server')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverSources(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

describe('the Chinese names of audit codes', () => {
  const sources = serverSources().map((file) => fs.readFileSync(file, 'utf8'));

  it('names every audit action the server writes', () => {
    const actions = sources.flatMap((source) =>
      [...source.matchAll(/action: '([a-z_]+(?:\.[a-z_]+)+)'/g)].map((match) => match[1]!),
    );
    expect(actions.length).toBeGreaterThan(50);
    expect(actions.filter((action) => !auditActionNames[action])).toEqual([]);
  });

  it('names every kind of record the audit log refers to', () => {
    const types = sources.flatMap((source) =>
      [...source.matchAll(/entityType: '([a-z_]+)'/g)].map((match) => match[1]!),
    );
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((type) => !auditEntityTypeNames[type])).toEqual([]);
  });

  it('names the knowledge-base article moves and the case actions written from templates', () => {
    for (const move of ['submit', 'publish', 'archive', 'return', 'restore']) {
      expect(auditActionNames[`kb.article.${move}`]).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(auditActionNames['case.give_feedback']).toBe('投诉举报：反馈');
    expect(auditActionNames['case.claim']).toBe('投诉举报：签收');
  });
});
