/** What the SQLite benchmarks share: the fixed clock, the password, seeded randomness and bench agents. */
import type { Db } from '../src/server/db/connection';
import { hashPassword } from '../src/server/platform/auth/password';

export const PASSWORD = 'bench-pass-2026';
export const NOW = new Date('2026-11-27T02:00:00Z');

/** A deterministic pseudo-random sequence, so every run seeds the same data. */
export function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Adds `count` agents (`bench_agent0`…) with the bench password to an org unit; returns their ids. */
export async function insertBenchAgents(db: Db, options: { count: number; orgUnitId: number }): Promise<number[]> {
  const passwordHash = await hashPassword(PASSWORD);
  const ids: number[] = [];
  for (let i = 0; i < options.count; i++) {
    const row = await db
      .insertInto('users')
      .values({
        username: `bench_agent${i}`,
        name: `坐席${i}`,
        password_hash: passwordHash,
        has_demo_password: 0,
        org_unit_id: options.orgUnitId,
        department_id: null,
        phone: null,
        extension: null,
        is_disabled: 0,
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('user_roles').values({ user_id: row.id, role: 'agent' }).execute();
    ids.push(row.id);
  }
  return ids;
}
