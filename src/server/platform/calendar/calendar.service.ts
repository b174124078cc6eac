import type { Db, DbOrTx } from '../../db/connection';
import { writeAudit } from '../audit';
import { addDays, daysBetween } from '../dates';
import { badRequest } from '../errors';
import type { RequestContext } from '../request-context';
import * as repo from './calendar.repository';
import { type DayInfo, defaultServiceHours, type ServicePeriod, WorkingDayCalendar } from './working-days';

const SERVICE_HOURS_KEY = 'calendar.service_hours';
export const MAX_RANGE_DAYS = 400;

/** The working-day calendar with the overrides stored now; cheap enough to load per use case. */
export async function loadCalendar(db: Db): Promise<WorkingDayCalendar> {
  const overrides = await repo.findAllOverrides(db);
  return new WorkingDayCalendar(new Map(overrides.map((o) => [o.date, o])));
}

export async function listDays(db: Db, from: string, to: string): Promise<DayInfo[]> {
  const span = daysBetween(from, to);
  if (span < 0)
    throw badRequest('INVALID_RANGE', '结束日期不能早于开始日期', {
      fields: [{ field: 'to', message: '早于开始日期' }],
    });
  if (span >= MAX_RANGE_DAYS) {
    throw badRequest('RANGE_TOO_LONG', `一次最多查询 ${MAX_RANGE_DAYS} 天`, {
      fields: [{ field: 'to', message: '范围过长' }],
    });
  }
  const calendar = await loadCalendar(db);
  return Array.from({ length: span + 1 }, (_, i) => calendar.day(addDays(from, i)));
}

export async function setOverride(
  { db, actor, now }: RequestContext,
  input: { date: string; isWorkingDay: boolean; name: string; note: string | null },
): Promise<DayInfo> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findOverride(trx, input.date);
    await repo.upsertOverride(trx, input, actor.userId, now);
    await writeAudit(trx, actor, now, {
      action: 'calendar.override_set',
      entityType: 'calendar_day',
      entityId: input.date,
      before: before ?? null,
      after: input,
    });
  });
  return (await loadCalendar(db)).day(input.date);
}

export async function removeOverride({ db, actor, now }: RequestContext, date: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findOverride(trx, date);
    if (!before) return;
    await repo.deleteOverride(trx, date);
    await writeAudit(trx, actor, now, {
      action: 'calendar.override_remove',
      entityType: 'calendar_day',
      entityId: date,
      before,
    });
  });
}

export async function getServiceHours(db: DbOrTx): Promise<ServicePeriod[]> {
  const stored = await repo.findSetting(db, SERVICE_HOURS_KEY);
  return stored ? (JSON.parse(stored) as ServicePeriod[]) : defaultServiceHours;
}

export async function setServiceHours(
  { db, actor, now }: RequestContext,
  periods: ServicePeriod[],
): Promise<ServicePeriod[]> {
  const sorted = [...periods].sort((a, b) => a.start.localeCompare(b.start));
  sorted.forEach((p, i) => {
    const next = sorted[i + 1];
    if (p.end <= p.start) {
      throw badRequest('INVALID_SERVICE_HOURS', `服务时段 ${p.start}–${p.end} 的结束时间须晚于开始时间`, {
        fields: [{ field: `periods.${i}.end`, message: '须晚于开始时间' }],
      });
    }
    if (next && next.start < p.end) {
      throw badRequest('INVALID_SERVICE_HOURS', `服务时段 ${p.start}–${p.end} 与 ${next.start}–${next.end} 重叠`, {
        fields: [{ field: `periods.${i + 1}.start`, message: '与前一时段重叠' }],
      });
    }
  });
  await db.transaction().execute(async (trx) => {
    const before = await getServiceHours(trx);
    await repo.upsertSetting(trx, SERVICE_HOURS_KEY, JSON.stringify(sorted), now);
    await writeAudit(trx, actor, now, {
      action: 'calendar.service_hours_set',
      entityType: 'setting',
      entityId: SERVICE_HOURS_KEY,
      before,
      after: sorted,
    });
  });
  return sorted;
}
