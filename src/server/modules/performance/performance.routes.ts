import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addedAdjustmentSchema,
  adjustmentBodySchema,
  breakdownSchema,
  createTeamSchema,
  goalBodySchema,
  periodQuerySchema,
  periodSchema,
  rankingQuerySchema,
  rankingSchema,
  schemeBodySchema,
  schemeSchema,
  teamCandidateSchema,
  teamGoalsSchema,
  teamSchema,
  updateTeamSchema,
} from '../../../shared/performance';
import { fileResponse, id, idParams, noContent } from '../../../shared/schemas';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { requireUser } from '../../platform/http';
import { requestContext } from '../../platform/request-context';
import { sendXlsx, streamXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import * as service from './performance.service';

/** 绩效考核: teams, the scheme of each month, results and ranking, bonus/penalty items, team goals, export. */
export const performanceRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;
  const tags = ['performance'];
  const currentPeriod = () => shanghaiDate(clock.now()).slice(0, 7);

  app.get(
    '/api/performance/teams',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '班组及组员（按可见范围）', response: { 200: teamSchema.array() } },
    },
    async (request) => service.listTeams(db, requireUser(request)),
  );

  app.get(
    '/api/performance/team-candidates',
    {
      config: { access: 'performance.teams' },
      schema: {
        tags,
        summary: '可编入班组的坐席和班长',
        response: { 200: teamCandidateSchema.array() },
      },
    },
    async (request) => service.listTeamCandidates(db, requireUser(request)),
  );

  app.post(
    '/api/performance/teams',
    {
      config: { access: 'performance.teams' },
      schema: { tags, summary: '新建班组', body: createTeamSchema, response: { 200: teamSchema } },
    },
    async (request) => service.createTeam(requestContext(request, deps), request.body),
  );

  app.patch(
    '/api/performance/teams/:id',
    {
      config: { access: 'performance.teams' },
      schema: {
        tags,
        summary: '修改班组（名称、班长、组员、停用）',
        params: idParams,
        body: updateTeamSchema,
        response: { 200: teamSchema },
      },
    },
    async (request) => service.updateTeam(requestContext(request, deps), request.params.id, request.body),
  );

  app.get(
    '/api/performance/scheme',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '某月的考核方案（权重）',
        querystring: periodQuerySchema,
        response: { 200: schemeSchema },
      },
    },
    async (request) => service.getScheme(db, request.query.period ?? currentPeriod()),
  );

  app.put(
    '/api/performance/scheme/:period',
    {
      config: { access: 'performance.manage' },
      schema: {
        tags,
        summary: '设置某月的考核方案（权重之和须为 100）',
        params: z.strictObject({ period: periodSchema }),
        body: schemeBodySchema,
        response: { 200: schemeSchema },
      },
    },
    async (request) => service.setScheme(requestContext(request, deps), request.params.period, request.body),
  );

  app.post(
    '/api/performance/scheme/:period/publish',
    {
      config: { access: 'performance.manage' },
      schema: {
        tags,
        summary: '发布某月考核结果（结果存档，方案和加减分冻结）',
        params: z.strictObject({ period: periodSchema }),
        response: { 200: schemeSchema },
      },
    },
    async (request) => service.publishPeriod(requestContext(request, deps), request.params.period),
  );

  app.get(
    '/api/performance/results',
    {
      config: { access: 'performance.review' },
      schema: {
        tags,
        summary: '绩效排名（本人负责班组；主任看全部）',
        querystring: rankingQuerySchema,
        response: { 200: rankingSchema },
      },
    },
    async (request) =>
      service.getRanking(requestContext(request, deps), request.query.period ?? currentPeriod(), request.query.teamId),
  );

  app.get(
    '/api/performance/results/export',
    {
      config: { access: 'performance.review' },
      schema: {
        tags,
        summary: '导出绩效排名和得分明细（.xlsx）',
        querystring: rankingQuerySchema,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '绩效排名和得分明细（.xlsx）') },
      },
    },
    async (request, reply) => {
      const p = request.query.period ?? currentPeriod();
      const ctx = requestContext(request, deps);
      const exported = await service.exportRanking(ctx, p, request.query.teamId);
      return sendXlsx(
        reply,
        exported.fileName,
        streamXlsx({ sheets: exported.sheets, exportedAt: ctx.now }),
        `performance-${p}.xlsx`,
      );
    },
  );

  app.get(
    '/api/performance/me',
    {
      config: { access: 'performance.read_own' },
      schema: {
        tags,
        summary: '本人绩效明细',
        querystring: periodQuerySchema,
        response: { 200: breakdownSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request, deps);
      return service.getAgentBreakdown(ctx, ctx.user.id, request.query.period ?? currentPeriod());
    },
  );

  app.get(
    '/api/performance/agents/:userId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '某坐席的绩效明细（本人、本班组班长或主任）',
        params: z.strictObject({ userId: id }),
        querystring: periodQuerySchema,
        response: { 200: breakdownSchema },
      },
    },
    async (request) =>
      service.getAgentBreakdown(
        requestContext(request, deps),
        request.params.userId,
        request.query.period ?? currentPeriod(),
      ),
  );

  app.post(
    '/api/performance/adjustments',
    {
      config: { access: 'performance.review' },
      schema: {
        tags,
        summary: '录入加减分（仅本班组坐席）',
        body: adjustmentBodySchema,
        response: { 200: addedAdjustmentSchema },
      },
    },
    async (request) => service.addAdjustment(requestContext(request, deps), request.body),
  );

  app.delete(
    '/api/performance/adjustments/:id',
    {
      config: { access: 'performance.review' },
      schema: { tags, summary: '撤销加减分', params: idParams, response: { 204: noContent } },
    },
    async (request, reply) => {
      await service.removeAdjustment(requestContext(request, deps), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/performance/goals',
    {
      config: { access: 'performance.review' },
      schema: {
        tags,
        summary: '班组目标及完成进度',
        querystring: periodQuerySchema,
        response: { 200: teamGoalsSchema.array() },
      },
    },
    async (request) => service.listGoals(requestContext(request, deps), request.query.period ?? currentPeriod()),
  );

  app.put(
    '/api/performance/goals',
    {
      config: { access: 'performance.manage' },
      schema: {
        tags,
        summary: '设置班组目标（目标责任制）',
        body: goalBodySchema,
        response: { 200: teamGoalsSchema },
      },
    },
    async (request) => service.setGoal(requestContext(request, deps), request.body),
  );

  app.delete(
    '/api/performance/goals/:id',
    {
      config: { access: 'performance.manage' },
      schema: { tags, summary: '删除班组目标', params: idParams, response: { 204: noContent } },
    },
    async (request, reply) => {
      await service.removeGoal(requestContext(request, deps), request.params.id);
      return reply.code(204).send();
    },
  );
};
