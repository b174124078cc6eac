import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  currentDeadlineSchema,
  deadlineOverrideBody,
  filingDateQuery,
  filingDeadlineSchema,
  filingYearQuery,
  periodKeyParams,
  yearDeadlinesSchema,
} from '../../../shared/filing-calendar';
import { noContent } from '../../../shared/schemas';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { requestContext } from '../../platform/request-context';
import { deadlineOn, listYearDeadlines, removeDeadlineOverride, setDeadlineOverride } from './filing-calendar.service';

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
        querystring: filingYearQuery,
        response: { 200: yearDeadlinesSchema },
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
        querystring: filingDateQuery,
        response: { 200: currentDeadlineSchema },
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
        params: periodKeyParams,
        body: deadlineOverrideBody,
        response: { 200: filingDeadlineSchema },
      },
    },
    async (request) =>
      setDeadlineOverride(requestContext(request, deps), { periodKey: request.params.periodKey, ...request.body }),
  );

  app.delete(
    '/api/filing-calendar/overrides/:periodKey',
    {
      config: { access: 'filing_calendar.manage' },
      schema: {
        tags,
        summary: '取消公告截止日，恢复按规则计算',
        params: periodKeyParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await removeDeadlineOverride(requestContext(request, deps), request.params.periodKey);
      return reply.code(204).send();
    },
  );
};
