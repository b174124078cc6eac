import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarDaySchema,
  calendarRangeQuery,
  dateParams,
  dayOverrideBody,
  serviceHoursBody,
  serviceHoursSchema,
  workingDaysAddQuery,
  workingDaysAddResult,
  yearParams,
  yearScheduleSchema,
} from '../../../shared/calendar';
import { noContent } from '../../../shared/schemas';
import type { AppDeps } from '../deps';
import { requestContext } from '../request-context';
import {
  getServiceHours,
  listDays,
  loadCalendar,
  removeOverride,
  setOverride,
  setServiceHours,
} from './calendar.service';

export const calendarRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/calendar/working-days/add',
    {
      config: { access: 'calendar.read' },
      schema: {
        tags: ['calendar'],
        summary: '推算第 N 个工作日（起始日不计）',
        querystring: workingDaysAddQuery,
        response: { 200: workingDaysAddResult },
      },
    },
    async (request) => {
      const calendar = await loadCalendar(deps.db);
      return { date: calendar.addWorkingDays(request.query.from, request.query.days) };
    },
  );

  app.get(
    '/api/calendar/years/:year',
    {
      config: { access: 'calendar.read' },
      schema: {
        tags: ['calendar'],
        summary: '该年度国务院节假日调休安排是否已收录（未收录时仅计法定节日与周末）',
        params: yearParams,
        response: { 200: yearScheduleSchema },
      },
    },
    async (request) => {
      const calendar = await loadCalendar(deps.db);
      return { year: request.params.year, isScheduleKnown: calendar.isScheduleKnown(request.params.year) };
    },
  );

  app.get(
    '/api/calendar/days',
    {
      config: { access: 'calendar.read' },
      schema: {
        tags: ['calendar'],
        summary: '日期区间内每天是否为工作日',
        querystring: calendarRangeQuery,
        response: { 200: z.array(calendarDaySchema) },
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
        params: dateParams,
        body: dayOverrideBody,
        response: { 200: calendarDaySchema },
      },
    },
    async (request) =>
      setOverride(requestContext(request, deps), {
        date: request.params.date,
        ...request.body,
        note: request.body.note || null,
      }),
  );

  app.delete(
    '/api/calendar/overrides/:date',
    {
      config: { access: 'calendar.manage' },
      schema: {
        tags: ['calendar'],
        summary: '恢复某天的法定安排',
        params: dateParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await removeOverride(requestContext(request, deps), request.params.date);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/calendar/service-hours',
    {
      config: { access: 'calendar.read' },
      schema: { tags: ['calendar'], summary: '人工服务时间', response: { 200: serviceHoursSchema } },
    },
    async () => ({ periods: await getServiceHours(deps.db) }),
  );

  app.put(
    '/api/calendar/service-hours',
    {
      config: { access: 'calendar.manage' },
      schema: {
        tags: ['calendar'],
        summary: '设置人工服务时间',
        body: serviceHoursBody,
        response: { 200: serviceHoursSchema },
      },
    },
    async (request) => ({
      periods: await setServiceHours(requestContext(request, deps), request.body.periods),
    }),
  );
};
