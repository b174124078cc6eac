import type { Db } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { loadCalendar } from '../../platform/calendar/calendar.service';
import type { WorkingDayCalendar } from '../../platform/calendar/working-days';
import { addDays, daysBetween } from '../../platform/dates';
import { invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import * as repo from './filing-calendar.repository';
import {
  type ComputedDeadline,
  computeAnnualDeadline,
  computeMonthlyDeadline,
  computeYearDeadlines,
  filingKindNames,
  parsePeriodKey,
  workingDaysUntil,
} from './filing-deadlines';

export interface FilingDeadline extends ComputedDeadline {
  name: string;
  computedDeadline: string;
  /** The announced deadline that replaces the computed one, when an administrator set it. */
  override: Omit<repo.DeadlineOverride, 'periodKey'> | null;
}

function withOverride(d: ComputedDeadline, override: repo.DeadlineOverride | undefined): FilingDeadline {
  const name =
    d.kind === 'monthly'
      ? `${d.year}年${d.month}月申报${d.isQuarterMonth ? '（含季度申报）' : ''}`
      : `${d.year - 1}年度${filingKindNames[d.kind]}`;
  if (!override) return { ...d, name, computedDeadline: d.deadline, override: null };
  const { periodKey: _key, ...rest } = override;
  return {
    ...d,
    name,
    computedDeadline: d.deadline,
    deadline: override.deadline,
    reason: `按税务机关公告${override.document ? `（${override.document}）` : ''}，截止到${Number(override.deadline.slice(5, 7))}月${Number(override.deadline.slice(8, 10))}日`,
    override: rest,
  };
}

/** Every filing deadline of a year, computed by 第一百零九条 with the announced overrides on top. */
export async function listYearDeadlines(db: Db, year: number) {
  const calendar = await loadCalendar(db);
  const overrides = new Map((await repo.findOverridesOfYear(db, year)).map((o) => [o.periodKey, o]));
  return {
    year,
    isScheduleKnown: calendar.isScheduleKnown(year),
    deadlines: computeYearDeadlines(calendar, year).map((d) => withOverride(d, overrides.get(d.periodKey))),
  };
}

async function monthlyDeadline(db: Db, calendar: WorkingDayCalendar, year: number, month: number) {
  const computed = computeMonthlyDeadline(calendar, year, month);
  return withOverride(computed, await repo.findOverride(db, computed.periodKey));
}

/**
 * "这个月申报截止到哪天": the monthly deadline of the month of `date`, whether it has passed, the working
 * days left, and the next deadline still open.
 */
export async function deadlineOn(db: Db, date: string) {
  const calendar = await loadCalendar(db);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const current = await monthlyDeadline(db, calendar, year, month);
  const hasPassed = date > current.deadline;
  const next = hasPassed
    ? await monthlyDeadline(db, calendar, month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1)
    : current;
  return {
    date,
    current,
    hasPassed,
    next,
    daysLeft: daysBetween(date, next.deadline),
    workingDaysLeft: workingDaysUntil(calendar, date, next.deadline) + (calendar.isWorkingDay(date) ? 1 : 0),
    isScheduleKnown: calendar.isScheduleKnown(Number(next.deadline.slice(0, 4))),
  };
}

function computedFor(calendar: WorkingDayCalendar, periodKey: string, field: string): ComputedDeadline {
  const parsed = parsePeriodKey(periodKey);
  if (!parsed)
    throw invalidField(field, 'INVALID_PERIOD_KEY', '申报期格式不正确，应为 monthly:YYYY-MM 或 cit_annual:YYYY');
  return parsed.kind === 'monthly'
    ? computeMonthlyDeadline(calendar, parsed.year, parsed.month ?? 1)
    : computeAnnualDeadline(calendar, parsed.kind, parsed.year);
}

/** Records a deadline the tax administration announced; it must be a working day within a month of the period. */
export async function setDeadlineOverride(
  { db, actor, now }: RequestContext,
  input: { periodKey: string; deadline: string; document: string | null; note: string | null },
) {
  const calendar = await loadCalendar(db);
  const computed = computedFor(calendar, input.periodKey, 'periodKey');
  if (input.deadline < computed.periodStart || input.deadline > addDays(computed.statutoryLastDay, 45)) {
    throw invalidField('deadline', 'DEADLINE_OUT_OF_PERIOD', '截止日期须在申报期开始之后、法定期限后 45 天以内');
  }
  if (!calendar.isWorkingDay(input.deadline)) {
    throw invalidField('deadline', 'DEADLINE_NOT_WORKING_DAY', '截止日期须为工作日，请先核对工作日历');
  }
  await db.transaction().execute(async (trx) => {
    const before = await repo.findOverride(trx, input.periodKey);
    await repo.upsertOverride(trx, input, actor.userId, now);
    await writeAudit(trx, actor, now, {
      action: 'filing_calendar.override_set',
      entityType: 'filing_period',
      entityId: input.periodKey,
      before: before ?? null,
      after: { ...input, computedDeadline: computed.deadline },
    });
  });
  return withOverride(computed, await repo.findOverride(db, input.periodKey));
}

export async function removeDeadlineOverride({ db, actor, now }: RequestContext, periodKey: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findOverride(trx, periodKey);
    if (!before) throw notFound('OVERRIDE_NOT_FOUND', '该申报期没有设置公告截止日期');
    await repo.deleteOverride(trx, periodKey);
    await writeAudit(trx, actor, now, {
      action: 'filing_calendar.override_remove',
      entityType: 'filing_period',
      entityId: periodKey,
      before,
    });
  });
}
