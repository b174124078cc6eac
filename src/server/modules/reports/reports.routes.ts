import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dashboardChart, dashboardChartTitles } from '../../../shared/report-charts';
import {
  callCentreReportSchema,
  dashboardCharts,
  dashboardQuerySchema,
  dashboardSchema,
  hotQuestionsQuerySchema,
  hotQuestionsResultSchema,
  reportPeriodSchema,
  reportSummarySchema,
} from '../../../shared/reports';
import { fileResponse } from '../../../shared/schemas';
import type { AppDeps } from '../../platform/deps';
import { requireUser } from '../../platform/http';
import { requestContext } from '../../platform/request-context';
import { sendXlsx, streamXlsx, XLSX_CONTENT_TYPE, type XlsxFilter } from '../../platform/xlsx';
import * as reports from './reports.service';

export const reportsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;
  const tags = ['reports'];

  app.get(
    '/api/reports/summary',
    {
      config: { access: 'reports.read' },
      schema: {
        tags,
        summary: '统计摘要：来电、转办和满意度（本人可见范围）',
        querystring: reportPeriodSchema,
        response: { 200: reportSummarySchema },
      },
    },
    async (request) => reports.summaryFor(requestContext(request, deps), request.query),
  );

  app.get(
    '/api/reports/dashboard',
    {
      config: { access: 'reports.read' },
      schema: {
        tags,
        summary: '统计分析看板（按组织机构和期间）',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema },
      },
    },
    async (request) => reports.dashboardFor(requestContext(request, deps), request.query),
  );

  app.get(
    '/api/reports/call-centre',
    {
      config: { access: 'reports.read' },
      schema: {
        tags,
        summary: '话务指标：呼入、接通率、服务水平、平均应答与通话时长（与上一同长期间比较，按小时和坐席）',
        querystring: dashboardQuerySchema,
        response: { 200: callCentreReportSchema },
      },
    },
    async (request) => reports.callCentreFor(requestContext(request, deps), request.query),
  );

  app.get(
    '/api/reports/hot-questions',
    {
      config: { access: 'reports.read' },
      schema: {
        tags,
        summary: '热点问题（与上一同长期间比较）',
        querystring: hotQuestionsQuerySchema,
        response: { 200: hotQuestionsResultSchema },
      },
    },
    async (request) => reports.hotQuestionsFor(db, requireUser(request), request.query),
  );

  const periodFilters = (query: { from: string; to: string }, orgUnitName: string | null): XlsxFilter[] => [
    { label: '统计期间', value: `${query.from} 至 ${query.to}` },
    { label: '组织机构', value: orgUnitName ?? '全部' },
  ];

  app.get(
    '/api/reports/dashboard/export',
    {
      config: { access: 'reports.read' },
      schema: {
        tags,
        summary: '导出看板某一图表的数据（xlsx）',
        querystring: dashboardQuerySchema.extend({ chart: z.enum(dashboardCharts) }),
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '图表数据（.xlsx）') },
      },
    },
    async (request, reply) => {
      const { chart, ...query } = request.query;
      const ctx = requestContext(request, deps);
      const dashboard = await reports.dashboardFor(ctx, query);
      const spec = dashboardChart(dashboard, chart);
      const stream = streamXlsx({
        exportedAt: ctx.now,
        sheets: [
          {
            name: spec.title,
            columns: spec.columns,
            filters: periodFilters(query, dashboard.scope.orgUnitName),
            rows: spec.rows,
          },
        ],
      });
      return sendXlsx(reply, `${dashboardChartTitles[chart]}-${query.from}至${query.to}.xlsx`, stream, `${chart}.xlsx`);
    },
  );

  app.get(
    '/api/reports/hot-questions/export',
    {
      config: { access: 'reports.read' },
      schema: {
        tags,
        summary: '导出热点问题（xlsx）',
        querystring: hotQuestionsQuerySchema,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '热点问题（.xlsx）') },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const result = await reports.hotQuestionsFor(db, user, request.query);
      const orgUnitName = await reports.orgUnitNameOf(
        db,
        await reports.reportOrgUnitOf(db, user, request.query.orgUnitId),
      );
      const filters = periodFilters(request.query, orgUnitName);
      filters.push({ label: '比较期间', value: `${result.previousFrom} 至 ${result.previousTo}` });
      const stream = streamXlsx({
        exportedAt: clock.now(),
        sheets: [
          {
            name: '热点问题',
            filters,
            columns: [
              { header: '排名', key: 'rank', width: 6 },
              { header: '热点问题', key: 'question', width: 40 },
              { header: '关键词', key: 'terms', width: 30 },
              { header: '本期', key: 'count', width: 8 },
              { header: '上期', key: 'previousCount', width: 8 },
              { header: '环比（%）', key: 'change', width: 10 },
              { header: '上升明显', key: 'rising', width: 10 },
              { header: '税种', key: 'taxKinds', width: 20 },
              { header: '相近问法', key: 'examples', width: 50 },
              { header: '坐席引用的知识', key: 'articles', width: 50 },
            ],
            rows: result.items.map((q) => ({
              rank: q.rank,
              question: q.question,
              terms: q.terms.join('、'),
              count: q.count,
              previousCount: q.previousCount,
              change: q.change === null ? '新增' : Math.round(q.change * 1000) / 10,
              rising: q.isRising ? '是' : '',
              taxKinds: q.taxKinds.join('、'),
              examples: q.examples.join('；'),
              articles: q.articles.map((a) => `${a.title}（${a.count}）`).join('；'),
            })),
          },
        ],
      });
      return sendXlsx(reply, `热点问题-${request.query.from}至${request.query.to}.xlsx`, stream, 'hot-questions.xlsx');
    },
  );
};
