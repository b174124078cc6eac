import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileResponse, idParams, noContent } from '../../../shared/schemas';
import {
  addedMaterialSchema,
  assessmentBody,
  assessmentSchema,
  attendanceBody,
  courseBody,
  courseListQuery,
  coursePatchBody,
  courseSchema,
  evaluationSchema,
  feedbackBody,
  gateBody,
  generatedSessionsSchema,
  hoursQuery,
  hoursSchema,
  leaveBody,
  makeUpDecisionBody,
  makeUpListQuery,
  makeUpScheduleBody,
  makeUpSchema,
  mySessionSchema,
  mySessionsQuery,
  planBody,
  planDetailSchema,
  planGatesSchema,
  planPatchBody,
  planSchema,
  planSessionParams,
  sessionAttendanceSchema,
  sessionBody,
  sessionPatchBody,
  sessionRuleBody,
  sessionSchema,
  signInBody,
  targetOptionsSchema,
} from '../../../shared/training';
import type { AppDeps } from '../../platform/deps';
import { requestContext } from '../../platform/request-context';
import { receiveUpload } from '../../platform/uploads';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import { attachmentTypes, maxAttachmentBytes } from '../kb';
import * as attendance from './training-attendance.service';
import * as gates from './training-gates.service';
import * as materials from './training-materials.service';
import * as plans from './training-plans.service';
import { listTargetOptions } from './training-target-options';

/** 培训: the course catalogue, plans and sessions, attendance and hours, the questionnaire and the score form. */
export const trainingRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['training'];
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);

  // ---- course catalogue ----
  app.get(
    '/api/training/courses',
    {
      config: { access: 'training.lecture' },
      schema: { tags, summary: '课程目录', querystring: courseListQuery, response: { 200: z.array(courseSchema) } },
    },
    async (request) => plans.listCourses(ctx(request), request.query),
  );
  app.post(
    '/api/training/courses',
    {
      config: { access: 'training.lecture' },
      schema: { tags, summary: '新增课程', body: courseBody, response: { 200: courseSchema } },
    },
    async (request) => plans.createCourse(ctx(request), request.body),
  );
  app.patch(
    '/api/training/courses/:id',
    {
      config: { access: 'training.lecture' },
      schema: {
        tags,
        summary: '修改或停用课程',
        params: idParams,
        body: coursePatchBody,
        response: { 200: courseSchema },
      },
    },
    async (request) => plans.updateCourse(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/api/training/courses/:id/materials',
    {
      config: { access: 'training.lecture' },
      schema: {
        tags,
        summary: '上传培训资料（multipart 字段 file，最大 10 MB）',
        params: idParams,
        response: { 200: addedMaterialSchema },
      },
    },
    async (request) => {
      const upload = await receiveUpload(request, {
        dataDir: deps.dataDir,
        maxBytes: maxAttachmentBytes,
        accept: attachmentTypes,
      });
      try {
        return await materials.addMaterial(ctx(request), request.params.id, upload);
      } finally {
        await upload.discard();
      }
    },
  );
  app.get(
    '/api/training/materials/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: '下载培训资料（课程的学员和管理人员）',
        params: idParams,
        response: { 200: fileResponse('application/octet-stream', '培训资料（按其实际类型）') },
      },
    },
    async (request, reply) => {
      const file = await materials.materialFile(ctx(request), request.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.content));
    },
  );
  app.delete(
    '/api/training/materials/:id',
    {
      config: { access: 'training.lecture' },
      schema: { tags, summary: '删除培训资料', params: idParams, response: { 204: noContent } },
    },
    async (request, reply) => {
      await materials.removeMaterial(ctx(request), request.params.id);
      return reply.code(204).send();
    },
  );

  // ---- plans and sessions ----
  app.get(
    '/api/training/target-options',
    {
      config: { access: 'training.manage' },
      schema: { tags, summary: '可选的培训对象：人员、班组、机构', response: { 200: targetOptionsSchema } },
    },
    async (request) => listTargetOptions(ctx(request)),
  );
  app.get(
    '/api/training/plans',
    {
      config: { access: 'training.lecture' },
      schema: { tags, summary: '培训计划列表', response: { 200: z.array(planSchema) } },
    },
    async (request) => plans.listPlans(ctx(request)),
  );
  app.post(
    '/api/training/plans',
    {
      config: { access: 'training.manage' },
      schema: { tags, summary: '新建培训计划', body: planBody, response: { 200: planDetailSchema } },
    },
    async (request) => plans.createPlan(ctx(request), request.body),
  );
  app.get(
    '/api/training/plans/:id',
    {
      config: { access: 'training.lecture' },
      schema: {
        tags,
        summary: '培训计划详情：对象、课次、评价均分',
        params: idParams,
        response: { 200: planDetailSchema },
      },
    },
    async (request) => plans.getPlan(ctx(request), request.params.id),
  );
  app.patch(
    '/api/training/plans/:id',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: '修改培训计划',
        params: idParams,
        body: planPatchBody,
        response: { 200: planDetailSchema },
      },
    },
    async (request) => plans.updatePlan(ctx(request), request.params.id, request.body),
  );
  app.post(
    '/api/training/plans/:id/sessions/generate',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: '按规则在工作日历上生成课次（如每周三 14:00–18:00，共 8 周）',
        params: idParams,
        body: sessionRuleBody,
        response: { 200: generatedSessionsSchema },
      },
    },
    async (request) => plans.generateSessions(ctx(request), request.params.id, request.body),
  );
  app.post(
    '/api/training/plans/:id/sessions',
    {
      config: { access: 'training.manage' },
      schema: { tags, summary: '新增一个课次', params: idParams, body: sessionBody, response: { 200: sessionSchema } },
    },
    async (request) => plans.addSession(ctx(request), request.params.id, request.body),
  );
  app.patch(
    '/api/training/plans/:id/sessions/:sessionId',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: '修改、调整或取消一个课次',
        params: planSessionParams,
        body: sessionPatchBody,
        response: { 200: sessionSchema },
      },
    },
    async (request) => plans.updateSession(ctx(request), request.params.id, request.params.sessionId, request.body),
  );
  app.get(
    '/api/training/plans/:id/register/export',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: '导出培训签到表（xlsx）',
        params: idParams,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '培训签到表（.xlsx）') },
      },
    },
    async (request, reply) => {
      const { fileName, stream } = await attendance.exportRegister(ctx(request), request.params.id);
      return sendXlsx(reply, fileName, stream, 'training-register.xlsx');
    },
  );

  // ---- attendance, score form ----
  app.get(
    '/api/training/sessions/:id/attendance',
    {
      config: { access: 'training.lecture' },
      schema: { tags, summary: '课次签到情况', params: idParams, response: { 200: sessionAttendanceSchema } },
    },
    async (request) => attendance.getAttendance(ctx(request), request.params.id),
  );
  app.post(
    '/api/training/sessions/:id/attendance',
    {
      config: { access: 'training.lecture' },
      schema: {
        tags,
        summary: '登记出勤、请假或缺勤（授课人、班长）',
        params: idParams,
        body: attendanceBody,
        response: { 200: sessionAttendanceSchema },
      },
    },
    async (request) => attendance.recordAttendance(ctx(request), request.params.id, request.body),
  );
  app.get(
    '/api/training/sessions/:id/assessments',
    {
      config: { access: 'training.lecture' },
      schema: { tags, summary: '实操考核评分', params: idParams, response: { 200: z.array(assessmentSchema) } },
    },
    async (request) => attendance.listAssessments(ctx(request), request.params.id),
  );
  app.post(
    '/api/training/sessions/:id/assessments',
    {
      config: { access: 'training.lecture' },
      schema: {
        tags,
        summary: '填写实操考核评分表（模拟来电）',
        params: idParams,
        body: assessmentBody,
        response: { 200: assessmentSchema },
      },
    },
    async (request) => attendance.recordAssessment(ctx(request), request.params.id, request.body),
  );
  app.get(
    '/api/training/hours',
    {
      config: { access: 'training.manage' },
      schema: { tags, summary: '年度培训学时（按培训内容）', querystring: hoursQuery, response: { 200: hoursSchema } },
    },
    async (request) => attendance.listHours(ctx(request), request.query),
  );

  // ---- 我的培训 ----
  app.get(
    '/api/training/me/sessions',
    {
      config: { access: 'training.participate' },
      schema: {
        tags,
        summary: '我的培训课次',
        querystring: mySessionsQuery,
        response: { 200: z.array(mySessionSchema) },
      },
    },
    async (request) => attendance.listMySessions(ctx(request), request.query),
  );
  app.get(
    '/api/training/me/hours',
    {
      config: { access: 'training.participate' },
      schema: {
        tags,
        summary: '我的年度学时',
        querystring: hoursQuery.pick({ year: true }),
        response: { 200: hoursSchema },
      },
    },
    async (request) => attendance.myHours(ctx(request), request.query.year),
  );
  app.post(
    '/api/training/me/sessions/:id/sign-in',
    {
      config: { access: 'training.participate' },
      schema: { tags, summary: '凭签到码签到', params: idParams, body: signInBody, response: { 200: mySessionSchema } },
    },
    async (request) => attendance.signIn(ctx(request), request.params.id, request.body.code),
  );
  app.post(
    '/api/training/me/sessions/:id/leave',
    {
      config: { access: 'training.participate' },
      schema: { tags, summary: '请假', params: idParams, body: leaveBody, response: { 200: mySessionSchema } },
    },
    async (request) => attendance.requestLeave(ctx(request), request.params.id, request.body.reason),
  );
  app.post(
    '/api/training/me/sessions/:id/feedback',
    {
      config: { access: 'training.participate' },
      schema: {
        tags,
        summary: '培训评价问卷',
        params: idParams,
        body: feedbackBody,
        response: { 200: mySessionSchema },
      },
    },
    async (request) => attendance.submitFeedback(ctx(request), request.params.id, request.body),
  );

  // ---- gating and make-up training ----
  app.get(
    '/api/training/plans/:id/gates',
    {
      config: { access: 'training.lecture' },
      schema: { tags, summary: '准入考试与补训名单', params: idParams, response: { 200: planGatesSchema } },
    },
    async (request) => gates.listPlanGates(ctx(request), request.params.id),
  );
  app.post(
    '/api/training/plans/:id/gates',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: '设置某阶段的准入考试（如通过理论考核方可参加实操培训）',
        params: idParams,
        body: gateBody,
        response: { 200: planGatesSchema },
      },
    },
    async (request) => gates.addGate(ctx(request), request.params.id, request.body),
  );
  app.post(
    '/api/training/gates/:id/evaluate',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: '按考试成绩更新补训名单和补考结果',
        params: idParams,
        response: { 200: evaluationSchema },
      },
    },
    async (request) => gates.evaluateGate(ctx(request), request.params.id),
  );
  app.post(
    '/api/training/gates/:id/make-ups',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: '为待补训人员安排补充培训和补考',
        params: idParams,
        body: makeUpScheduleBody,
        response: { 200: z.object({ sessionId: z.number(), examId: z.number(), makeUps: z.array(makeUpSchema) }) },
      },
    },
    async (request) => gates.scheduleMakeUp(ctx(request), request.params.id, request.body),
  );
  app.get(
    '/api/training/make-ups',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: '补训名单（status=failed：待主任决定）',
        querystring: makeUpListQuery,
        response: { 200: z.array(makeUpSchema) },
      },
    },
    async (request) => gates.listMakeUps(ctx(request), request.query.status),
  );
  app.post(
    '/api/training/make-ups/:id/decision',
    {
      config: { access: 'training.decide' },
      schema: {
        tags,
        summary: '主任决定：重新安排岗位或再补训一轮（须写明理由）',
        params: idParams,
        body: makeUpDecisionBody,
        response: { 200: makeUpSchema },
      },
    },
    async (request) => gates.decideMakeUp(ctx(request), request.params.id, request.body),
  );
};
