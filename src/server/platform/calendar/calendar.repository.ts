import type { DbOrTx } from '../../db/connection';
import type { CalendarOverride } from './working-days';

export async function findAllOverrides(db: DbOrTx): Promise<CalendarOverride[]> {
  const rows = await db.selectFrom('calendar_overrides').selectAll().orderBy('date').execute();
  return rows.map((r) => ({ date: r.date, isWorkingDay: r.is_working_day === 1, name: r.name, note: r.note }));
}

export async function findOverride(db: DbOrTx, date: string): Promise<CalendarOverride | undefined> {
  const r = await db.selectFrom('calendar_overrides').selectAll().where('date', '=', date).executeTakeFirst();
  return r && { date: r.date, isWorkingDay: r.is_working_day === 1, name: r.name, note: r.note };
}

export async function upsertOverride(
  db: DbOrTx,
  override: CalendarOverride,
  by: number | null,
  now: Date,
): Promise<void> {
  const values = {
    is_working_day: override.isWorkingDay ? 1 : 0,
    name: override.name,
    note: override.note,
    updated_by: by,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto('calendar_overrides')
    .values({ date: override.date, ...values })
    .onConflict((oc) => oc.column('date').doUpdateSet(values))
    .execute();
}

export async function deleteOverride(db: DbOrTx, date: string): Promise<void> {
  await db.deleteFrom('calendar_overrides').where('date', '=', date).execute();
}

export async function findSetting(db: DbOrTx, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function upsertSetting(db: DbOrTx, key: string, value: string, now: Date): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}
