import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidDate, shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { actorOf } from '../../platform/http';
import { deadlineOn, listYearDeadlines, removeDeadlineOverride, setDeadlineOverride } from './filing-calendar.service';

const date = z.string().refine(isValidDate, '须为有效日期，格式 YYYY-MM-DD');
const periodKey = z
  .string()
  .regex(/^(monthly:\d{4}-(0[1-9]|1[0-2])|(cit_annual|iit_annual):\d{4})$/, '申报期格式不正确');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || null);

/** 征期日历: the year's deadlines, "this month's deadline", and the announced overrides. */
export const filingCalendarRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['filing-calendar'];

  app.get(
    '/api/filing-calendar',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '某年的申报纳税期限',
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      },
    },
    async (request) =>
      listYearDeadlines(deps.db, request.query.year ?? Number(shanghaiDate(deps.clock.now()).slice(0, 4))),
  );

  app.get(
    '/api/filing-calendar/current',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '本月申报截止日（默认今天）',
        querystring: z.strictObject({ date: date.optional() }),
      },
    },
    async (request) => deadlineOn(deps.db, request.query.date ?? shanghaiDate(deps.clock.now())),
  );

  app.put(
    '/api/filing-calendar/overrides/:periodKey',
    {
      config: { access: 'filing_calendar.manage' },
      schema: {
        tags,
        summary: '按税务机关公告设置某申报期的截止日',
        params: z.strictObject({ periodKey }),
        body: z.strictObject({ deadline: date, document: optionalText(100), note: optionalText(300) }),
      },
    },
    async (request) =>
      setDeadlineOverride(
        deps.db,
        { periodKey: request.params.periodKey, ...request.body },
        actorOf(request),
        deps.clock.now(),
      ),
  );

  app.delete(
    '/api/filing-calendar/overrides/:periodKey',
    {
      config: { access: 'filing_calendar.manage' },
      schema: { tags, summary: '取消公告截止日，恢复按规则计算', params: z.strictObject({ periodKey }) },
    },
    async (request, reply) => {
      await removeDeadlineOverride(deps.db, request.params.periodKey, actorOf(request), deps.clock.now());
      return reply.code(204).send();
    },
  );
};
