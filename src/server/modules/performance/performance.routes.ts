import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adjustmentLimits, goalMetrics, performanceMetrics, periodPattern } from '../../../shared/performance';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { actorOf, requireUser } from '../../platform/http';
import { sendXlsx, streamXlsx } from '../../platform/xlsx';
import * as service from './performance.service';

const id = z.coerce.number().int().positive();
const period = z.string().regex(periodPattern, '考核月份格式须为 YYYY-MM');
const weights = z.strictObject(
  Object.fromEntries(performanceMetrics.map((m) => [m, z.number()])) as Record<
    (typeof performanceMetrics)[number],
    z.ZodNumber
  >,
);
const teamBody = {
  name: z.string().trim().min(1).max(40),
  leadUserId: id.nullable().optional(),
  memberIds: z.array(id).max(200).optional(),
};

/** 绩效考核: teams, the scheme of each month, results and ranking, bonus/penalty items, team goals, export. */
export const performanceRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;
  const tags = ['performance'];
  const currentPeriod = () => shanghaiDate(clock.now()).slice(0, 7);

  app.get(
    '/api/performance/teams',
    { config: { access: 'authenticated' }, schema: { tags, summary: '班组及组员（按可见范围）' } },
    async (request) => service.listTeams(db, requireUser(request)),
  );

  app.get(
    '/api/performance/team-candidates',
    { config: { access: 'performance.teams' }, schema: { tags, summary: '可编入班组的坐席和班长' } },
    async (request) => service.listTeamCandidates(db, requireUser(request)),
  );

  app.post(
    '/api/performance/teams',
    {
      config: { access: 'performance.teams' },
      schema: { tags, summary: '新建班组', body: z.strictObject({ orgUnitId: id, ...teamBody }) },
    },
    async (request) => service.createTeam(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.patch(
    '/api/performance/teams/:id',
    {
      config: { access: 'performance.teams' },
      schema: {
        tags,
        summary: '修改班组（名称、班长、组员、停用）',
        params: z.strictObject({ id }),
        body: z.strictObject({ ...teamBody, name: teamBody.name.optional(), isActive: z.boolean().optional() }),
      },
    },
    async (request) =>
      service.updateTeam(db, requireUser(request), request.params.id, request.body, actorOf(request), clock.now()),
  );

  app.get(
    '/api/performance/scheme',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '某月的考核方案（权重）', querystring: z.strictObject({ period: period.optional() }) },
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
        params: z.strictObject({ period }),
        body: z.strictObject({
          weights,
          note: z
            .string()
            .trim()
            .max(500)
            .nullable()
            .optional()
            .transform((v) => v || null),
        }),
      },
    },
    async (request) => service.setScheme(db, request.params.period, request.body, actorOf(request), clock.now()),
  );

  app.post(
    '/api/performance/scheme/:period/publish',
    {
      config: { access: 'performance.manage' },
      schema: { tags, summary: '发布某月考核结果（结果存档，方案和加减分冻结）', params: z.strictObject({ period }) },
    },
    async (request) => service.publishPeriod(db, request.params.period, actorOf(request), clock.now()),
  );

  const rankingQuery = z.strictObject({ period: period.optional(), teamId: id.optional() });

  app.get(
    '/api/performance/results',
    {
      config: { access: 'performance.review' },
      schema: { tags, summary: '绩效排名（本人负责班组；主任看全部）', querystring: rankingQuery },
    },
    async (request) =>
      service.getRanking(
        db,
        requireUser(request),
        request.query.period ?? currentPeriod(),
        request.query.teamId,
        clock.now(),
      ),
  );

  app.get(
    '/api/performance/results/export',
    {
      config: { access: 'performance.review' },
      schema: { tags, summary: '导出绩效排名和得分明细（.xlsx）', querystring: rankingQuery },
    },
    async (request, reply) => {
      const p = request.query.period ?? currentPeriod();
      const exported = await service.exportRanking(db, requireUser(request), p, request.query.teamId, clock.now());
      return sendXlsx(
        reply,
        exported.fileName,
        streamXlsx({ sheets: exported.sheets, exportedAt: clock.now() }),
        `performance-${p}.xlsx`,
      );
    },
  );

  app.get(
    '/api/performance/me',
    {
      config: { access: 'performance.read_own' },
      schema: { tags, summary: '本人绩效明细', querystring: z.strictObject({ period: period.optional() }) },
    },
    async (request) => {
      const user = requireUser(request);
      return service.getAgentBreakdown(db, user, user.id, request.query.period ?? currentPeriod(), clock.now());
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
        querystring: z.strictObject({ period: period.optional() }),
      },
    },
    async (request) =>
      service.getAgentBreakdown(
        db,
        requireUser(request),
        request.params.userId,
        request.query.period ?? currentPeriod(),
        clock.now(),
      ),
  );

  app.post(
    '/api/performance/adjustments',
    {
      config: { access: 'performance.review' },
      schema: {
        tags,
        summary: '录入加减分（仅本班组坐席）',
        body: z.strictObject({
          period,
          userId: id,
          points: z
            .number()
            .min(adjustmentLimits.minPoints)
            .max(adjustmentLimits.maxPoints)
            .refine((v) => Math.round(v * 10) === v * 10, '最多一位小数'),
          reason: z.string().trim().min(2, '请填写事由').max(adjustmentLimits.reasonMax),
        }),
      },
    },
    async (request) => service.addAdjustment(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.delete(
    '/api/performance/adjustments/:id',
    {
      config: { access: 'performance.review' },
      schema: { tags, summary: '撤销加减分', params: z.strictObject({ id }) },
    },
    async (request, reply) => {
      await service.removeAdjustment(db, requireUser(request), request.params.id, actorOf(request), clock.now());
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/performance/goals',
    {
      config: { access: 'performance.review' },
      schema: { tags, summary: '班组目标及完成进度', querystring: z.strictObject({ period: period.optional() }) },
    },
    async (request) =>
      service.listGoals(db, requireUser(request), request.query.period ?? currentPeriod(), clock.now()),
  );

  app.put(
    '/api/performance/goals',
    {
      config: { access: 'performance.manage' },
      schema: {
        tags,
        summary: '设置班组目标（目标责任制）',
        body: z.strictObject({ teamId: id, period, metric: z.enum(goalMetrics), target: z.number() }),
      },
    },
    async (request) => service.setGoal(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.delete(
    '/api/performance/goals/:id',
    {
      config: { access: 'performance.manage' },
      schema: { tags, summary: '删除班组目标', params: z.strictObject({ id }) },
    },
    async (request, reply) => {
      await service.removeGoal(db, requireUser(request), request.params.id, actorOf(request), clock.now());
      return reply.code(204).send();
    },
  );
};
