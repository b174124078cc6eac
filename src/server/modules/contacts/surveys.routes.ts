import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  completeFollowUpBody,
  followUpDoneSchema,
  followUpQuery,
  followUpSchema,
  publicSurveyRecordedSchema,
  publicSurveySchema,
  ratingBody,
  surveyListSchema,
  surveyPageQuery,
  surveyQuery,
  surveyTokenParams,
} from '../../../shared/contacts';
import { fileResponse, idParams } from '../../../shared/schemas';
import { addDays, shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { invalidField } from '../../platform/errors';
import { requireUser } from '../../platform/http';
import { anonymousContext, requestContext } from '../../platform/request-context';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import { surveyPage } from './survey-page';
import * as surveys from './surveys.service';

/** The list's filter with its default range (the last 30 days up to today, Shanghai time). */
function surveyFilterOf(query: z.infer<typeof surveyQuery>, now: Date): surveys.SurveyFilter {
  const today = shanghaiDate(now);
  const { from = addDays(today, -29), to = today, ...rest } = query;
  if (to < from) throw invalidField('to', 'INVALID_RANGE', '结束日期不能早于开始日期');
  return { from, to, ...rest };
}

export const surveysRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;
  const tags = ['surveys'];

  app.get(
    '/api/surveys',
    {
      config: { access: 'surveys.read' },
      schema: {
        tags,
        summary: '满意度评价列表和统计',
        querystring: surveyPageQuery,
        response: { 200: surveyListSchema },
      },
    },
    async (request) => {
      const { limit, offset, ...query } = request.query;
      return surveys.listSurveys(db, requireUser(request), surveyFilterOf(query, clock.now()), { limit, offset });
    },
  );

  app.get(
    '/api/surveys/export',
    {
      config: { access: 'surveys.read' },
      schema: {
        tags,
        summary: '导出满意度评价（xlsx）',
        querystring: surveyQuery,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '满意度评价（xlsx）') },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request, deps);
      const filter = surveyFilterOf(request.query, ctx.now);
      const stream = await surveys.exportSurveys(ctx, filter);
      return sendXlsx(reply, `满意度评价-${shanghaiDate(ctx.now)}.xlsx`, stream, 'surveys.xlsx');
    },
  );

  app.get(
    '/api/follow-ups',
    {
      config: { access: 'surveys.follow_up' },
      schema: {
        tags,
        summary: '不满意评价的跟进任务',
        querystring: followUpQuery,
        response: { 200: z.array(followUpSchema) },
      },
    },
    async (request) => surveys.listFollowUps(db, requireUser(request), request.query.status),
  );

  app.post(
    '/api/follow-ups/:id/complete',
    {
      config: { access: 'surveys.follow_up' },
      schema: {
        tags,
        summary: '完成跟进任务',
        params: idParams,
        body: completeFollowUpBody,
        response: { 200: followUpDoneSchema },
      },
    },
    async (request) => surveys.completeFollowUp(requestContext(request, deps), request.params.id, request.body.note),
  );

  app.get(
    '/api/public/surveys/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '网页评价：待评价的来电',
        params: surveyTokenParams,
        response: { 200: publicSurveySchema },
      },
    },
    async (request) => surveys.getPublicSurvey(anonymousContext(request, deps), request.params.token),
  );

  app.post(
    '/api/public/surveys/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '网页评价：提交（链接仅可使用一次）',
        params: surveyTokenParams,
        body: ratingBody,
        response: { 200: publicSurveyRecordedSchema },
      },
    },
    async (request) => {
      const ctx = anonymousContext(request, deps);
      return surveys.submitPublicSurvey(
        { ...ctx, actor: { ...ctx.actor, username: 'taxpayer' } },
        request.params.token,
        request.body,
      );
    },
  );

  // The page the link opens: plain server-rendered HTML, so that taxpayers need no account or app.
  app.get(
    '/survey/:token',
    { schema: { hide: true, response: { 200: fileResponse('text/html', '网页评价页面（HTML）') } } },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(surveyPage()),
  );
};
