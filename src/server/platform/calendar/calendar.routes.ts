import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidDate } from '../dates';
import type { AppDeps } from '../deps';
import { actorOf } from '../http';
import {
  getServiceHours,
  listDays,
  loadCalendar,
  removeOverride,
  setOverride,
  setServiceHours,
} from './calendar.service';

const date = z.string().refine(isValidDate, '须为有效日期，格式 YYYY-MM-DD');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '须为 HH:mm 格式的时间');
const servicePeriods = z.strictObject({
  periods: z
    .array(z.strictObject({ start: time, end: time }))
    .min(1)
    .max(6),
});

export const calendarRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/calendar/working-days/add',
    {
      config: { access: 'calendar.read' },
      schema: {
        tags: ['calendar'],
        summary: '推算第 N 个工作日（起始日不计）',
        querystring: z.strictObject({ from: date, days: z.coerce.number().int().min(0).max(366) }),
      },
    },
    async (request) => {
      const calendar = await loadCalendar(deps.db);
      return { date: calendar.addWorkingDays(request.query.from, request.query.days) };
    },
  );

  app.get(
    '/api/calendar/days',
    {
      config: { access: 'calendar.read' },
      schema: {
        tags: ['calendar'],
        summary: '日期区间内每天是否为工作日',
        querystring: z.strictObject({ from: date, to: date }),
      },
    },
    async (request) => listDays(deps.db, request.query.from, request.query.to),
  );

  app.put(
    '/api/calendar/overrides/:date',
    {
      config: { access: 'calendar.manage' },
      schema: {
        tags: ['calendar'],
        summary: '设置某天为工作日或休息日（本地调整）',
        params: z.strictObject({ date }),
        body: z.strictObject({
          isWorkingDay: z.boolean(),
          name: z.string().trim().min(1).max(40),
          note: z.string().trim().max(200).optional(),
        }),
      },
    },
    async (request) =>
      setOverride(
        deps.db,
        { date: request.params.date, ...request.body, note: request.body.note || null },
        actorOf(request),
        deps.clock.now(),
      ),
  );

  app.delete(
    '/api/calendar/overrides/:date',
    {
      config: { access: 'calendar.manage' },
      schema: { tags: ['calendar'], summary: '恢复某天的法定安排', params: z.strictObject({ date }) },
    },
    async (request, reply) => {
      await removeOverride(deps.db, request.params.date, actorOf(request), deps.clock.now());
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/calendar/service-hours',
    { config: { access: 'calendar.read' }, schema: { tags: ['calendar'], summary: '人工服务时间' } },
    async () => ({ periods: await getServiceHours(deps.db) }),
  );

  app.put(
    '/api/calendar/service-hours',
    {
      config: { access: 'calendar.manage' },
      schema: { tags: ['calendar'], summary: '设置人工服务时间', body: servicePeriods },
    },
    async (request) => ({
      periods: await setServiceHours(deps.db, request.body.periods, actorOf(request), deps.clock.now()),
    }),
  );
};
