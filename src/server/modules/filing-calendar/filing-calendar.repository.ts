import type { DbOrTx } from '../../db/connection';

export interface DeadlineOverride {
  periodKey: string;
  deadline: string;
  document: string | null;
  note: string | null;
  updatedAt: string;
}

const columns = ['period_key as periodKey', 'deadline', 'document', 'note', 'updated_at as updatedAt'] as const;

/** The overrides whose period key starts with any of the prefixes (e.g. `monthly:2026-`). */
export async function findOverridesOfYear(db: DbOrTx, year: number): Promise<DeadlineOverride[]> {
  return db
    .selectFrom('filing_deadline_overrides')
    .select(columns)
    .where((eb) =>
      eb.or([
        eb('period_key', 'like', `monthly:${year}-%`),
        eb('period_key', '=', `cit_annual:${year}`),
        eb('period_key', '=', `iit_annual:${year}`),
      ]),
    )
    .execute();
}

export async function findOverride(db: DbOrTx, periodKey: string): Promise<DeadlineOverride | undefined> {
  return db
    .selectFrom('filing_deadline_overrides')
    .select(columns)
    .where('period_key', '=', periodKey)
    .executeTakeFirst();
}

export async function upsertOverride(
  db: DbOrTx,
  row: { periodKey: string; deadline: string; document: string | null; note: string | null },
  by: number | null,
  now: Date,
): Promise<void> {
  const values = {
    deadline: row.deadline,
    document: row.document,
    note: row.note,
    updated_by: by,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto('filing_deadline_overrides')
    .values({ period_key: row.periodKey, ...values })
    .onConflict((oc) => oc.column('period_key').doUpdateSet(values))
    .execute();
}

export async function deleteOverride(db: DbOrTx, periodKey: string): Promise<void> {
  await db.deleteFrom('filing_deadline_overrides').where('period_key', '=', periodKey).execute();
}
