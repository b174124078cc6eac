import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerBody,
  answerParams,
  answerSavedSchema,
  attemptParams,
  attemptSchema,
  createExamBody,
  examResultsSchema,
  examSummarySchema,
  gradeBody,
  gradingListSchema,
  importResultSchema,
  myExamSchema,
  practiceSchema,
  questionBody,
  questionListQuery,
  questionPage,
  questionSchema,
  questionStatsSchema,
  submitResultSchema,
} from '../../../shared/exams';
import { fileResponse, idParams } from '../../../shared/schemas';
import type { AppDeps } from '../../platform/deps';
import { requestContext } from '../../platform/request-context';
import { receiveUpload, tabularTypes } from '../../platform/uploads';
import { sendXlsx, streamXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import * as service from './exams.service';
import { importQuestions, MAX_QUESTION_FILE_BYTES } from './exams-import';
import { answerPractice, getPractice } from './practice.service';

const questionIdResult = z.object({ id: z.number() });
const candidateSchema = z.object({ id: z.number(), name: z.string(), username: z.string() });
const practiceParams = z.strictObject({ questionId: idParams.shape.id });

/** 题库 and 考试: the question bank, papers and exams, taking them, grading and results. */
export const examsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['exams'];
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  // ---- question bank ----
  app.get(
    '/api/training/questions',
    {
      config: { access: 'exams.manage' },
      schema: { tags, summary: '题库试题列表', querystring: questionListQuery, response: { 200: questionPage } },
    },
    async (request) => service.listQuestions(ctx(request), request.query),
  );

  app.post(
    '/api/training/questions',
    {
      config: { access: 'exams.manage' },
      schema: { tags, summary: '新增试题', body: questionBody, response: { 200: questionSchema } },
    },
    async (request) => service.createQuestion(ctx(request), request.body),
  );

  app.put(
    '/api/training/questions/:id',
    {
      config: { access: 'exams.manage' },
      schema: { tags, summary: '修改试题', params: idParams, body: questionBody, response: { 200: questionSchema } },
    },
    async (request) => service.updateQuestion(ctx(request), request.params.id, request.body),
  );

  for (const [action, isRetired, summary] of [
    ['retire', true, '停用试题'],
    ['restore', false, '恢复停用的试题'],
  ] as const) {
    app.post(
      `/api/training/questions/:id/${action}`,
      {
        config: { access: 'exams.manage' },
        schema: { tags, summary, params: idParams, response: { 200: questionSchema } },
      },
      async (request) => service.setQuestionRetired(ctx(request), request.params.id, isRetired),
    );
  }

  app.post(
    '/api/training/questions/import',
    {
      config: { access: 'exams.manage' },
      schema: {
        tags,
        summary:
          '导入试题（CSV 或 .xlsx，multipart 字段 file；列 question、A…D、answer，可选 explanation、type、taxKind、area、difficulty）',
        response: { 200: importResultSchema },
      },
    },
    async (request) => {
      const upload = await receiveUpload(request, {
        dataDir: deps.dataDir,
        maxBytes: MAX_QUESTION_FILE_BYTES,
        accept: tabularTypes,
      });
      try {
        const { actor, now } = ctx(request);
        return await importQuestions(deps.db, upload, actor, now);
      } finally {
        await upload.discard();
      }
    },
  );

  // ---- exams ----
  app.get(
    '/api/exams',
    {
      config: { access: 'exams.manage' },
      schema: { tags, summary: '试卷与考试列表', response: { 200: z.array(examSummarySchema) } },
    },
    async (request) => service.listExams(ctx(request)),
  );

  app.post(
    '/api/exams',
    {
      config: { access: 'exams.manage' },
      schema: {
        tags,
        summary: '组卷并安排考试（按规则抽题或选择试题）',
        body: createExamBody,
        response: { 200: questionIdResult },
      },
    },
    async (request) => service.createExam(ctx(request), request.body),
  );

  app.get(
    '/api/exams/candidates',
    {
      config: { access: 'exams.manage' },
      schema: { tags, summary: '可选的考生和阅卷人（本单位及下级）', response: { 200: z.array(candidateSchema) } },
    },
    async (request) => service.listCandidates(ctx(request)),
  );

  app.get(
    '/api/exams/mine',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '我的考试', response: { 200: z.array(myExamSchema) } },
    },
    async (request) => service.listMyExams(ctx(request)),
  );

  app.get(
    '/api/exams/:id',
    {
      config: { access: 'exams.manage' },
      schema: { tags, summary: '考试详情', params: idParams, response: { 200: examSummarySchema } },
    },
    async (request) => service.getExam(ctx(request), request.params.id),
  );

  app.post(
    '/api/exams/:id/attempts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '开始答题（已有未交的答卷时返回该答卷）',
        params: idParams,
        response: { 200: attemptSchema },
      },
    },
    async (request) => service.startAttempt(ctx(request), request.params.id),
  );

  app.get(
    '/api/exam-attempts/:attemptId',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '我的答卷（续答或查看成绩）', params: attemptParams, response: { 200: attemptSchema } },
    },
    async (request) => service.getAttempt(ctx(request), request.params.attemptId),
  );

  app.put(
    '/api/exam-attempts/:attemptId/answers/:questionId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '保存一题的答案',
        params: answerParams,
        body: answerBody,
        response: { 200: answerSavedSchema },
      },
    },
    async (request) =>
      service.saveAnswer(ctx(request), request.params.attemptId, request.params.questionId, request.body.answer),
  );

  app.post(
    '/api/exam-attempts/:attemptId/submit',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '交卷', params: attemptParams, response: { 200: submitResultSchema } },
    },
    async (request) => service.submitAttempt(ctx(request), request.params.attemptId),
  );

  // ---- grading and results ----
  app.get(
    '/api/exams/:id/grading',
    {
      config: { access: 'exams.grade' },
      schema: { tags, summary: '阅卷：待评分的简答题', params: idParams, response: { 200: gradingListSchema } },
    },
    async (request) => service.listGrading(ctx(request), request.params.id),
  );

  app.put(
    '/api/exam-attempts/:attemptId/answers/:questionId/grade',
    {
      config: { access: 'exams.grade' },
      schema: {
        tags,
        summary: '阅卷：为简答题评分',
        params: answerParams,
        body: gradeBody,
        response: { 200: submitResultSchema },
      },
    },
    async (request) => service.gradeShortAnswer(ctx(request), request.params, request.body),
  );

  app.get(
    '/api/exams/:id/results',
    {
      config: { access: 'exams.manage' },
      schema: {
        tags,
        summary: '成绩统计：每人成绩、通过率和分数分布',
        params: idParams,
        response: { 200: examResultsSchema },
      },
    },
    async (request) => service.examResults(ctx(request), request.params.id),
  );

  app.get(
    '/api/exams/:id/results/export',
    {
      config: { access: 'exams.manage' },
      schema: {
        tags,
        summary: '导出考试成绩和每题分析（.xlsx）',
        params: idParams,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '考试成绩（.xlsx）') },
      },
    },
    async (request, reply) => {
      const context = ctx(request);
      const exported = await service.exportExamResults(context, request.params.id);
      return sendXlsx(
        reply,
        exported.fileName,
        streamXlsx({ sheets: exported.sheets, exportedAt: context.now }),
        `exam-${request.params.id}-results.xlsx`,
      );
    },
  );

  app.get(
    '/api/exams/:id/question-stats',
    {
      config: { access: 'exams.manage' },
      schema: { tags, summary: '成绩统计：每题难度和区分度', params: idParams, response: { 200: questionStatsSchema } },
    },
    async (request) => service.examQuestionStatistics(ctx(request), request.params.id),
  );

  // ---- daily practice ----
  app.get(
    '/api/practice',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '每日一练：今天的五道题和近 30 天的进度', response: { 200: practiceSchema } },
    },
    async (request) => getPractice(ctx(request)),
  );

  app.put(
    '/api/practice/answers/:questionId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '每日一练：回答一道题',
        params: practiceParams,
        body: answerBody,
        response: { 200: practiceSchema },
      },
    },
    async (request) => answerPractice(ctx(request), request.params.questionId, request.body.answer),
  );
};
