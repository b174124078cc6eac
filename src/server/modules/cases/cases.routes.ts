import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  caseActionBody,
  caseAssigneeSchema,
  caseAttachmentParams,
  caseAttachmentUploadedSchema,
  caseDetailSchema,
  caseInboxQuery,
  caseListQuery,
  caseOptionCreateBody,
  caseOptionKindQuery,
  caseOptionSchema,
  caseOptionUpdateBody,
  casePageQuery,
  casePageSchema,
  casePeriodPreviewQuery,
  casePeriodPreviewSchema,
  caseReassignBody,
  caseRegisteredSchema,
  caseRegistrationSchema,
  processDefinitionSchema,
  processListSchema,
  revealedReporterSchema,
  timeLimitBody,
  timeLimitsSchema,
} from '../../../shared/cases';
import { fileResponse, idParams, noContent } from '../../../shared/schemas';
import type { AppDeps } from '../../platform/deps';
import { requireUser } from '../../platform/http';
import { idempotent } from '../../platform/idempotency';
import { requestContext } from '../../platform/request-context';
import { receiveUpload } from '../../platform/uploads';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import {
  addAttachment,
  checkEvidenceUpload,
  evidenceTypes,
  findAttachmentFile,
  MAX_ATTACHMENT_BYTES,
  withdrawAttachment,
} from './case-attachments.service';
import * as config from './case-config.service';
import * as service from './cases.service';

const filterOf = (query: z.infer<typeof caseListQuery>): service.CaseListFilter => ({
  ...query,
  overdue: query.overdue === 'true',
});

/** The HTTP face of complaints and reports: the contract's cases API, the inbox, search, export, attachments and configuration. */
export const casesRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;

  app.post(
    '/api/cases',
    {
      config: { access: 'cases.register' },
      schema: {
        tags: ['cases'],
        summary: '登记投诉举报',
        body: caseRegistrationSchema,
        response: { 200: caseRegisteredSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request, deps);
      return idempotent(request, ctx, (inTransaction) => service.createCase(ctx, request.body, inTransaction));
    },
  );

  app.get(
    '/api/cases',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        summary: '案件查询',
        querystring: casePageQuery,
        response: { 200: casePageSchema },
      },
    },
    async (request) => {
      const { limit, offset, ...query } = request.query;
      return service.listCases(requestContext(request, deps), filterOf(query), { limit, offset });
    },
  );

  app.get(
    '/api/cases/export',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        summary: '导出案件（举报人信息脱敏）',
        querystring: caseListQuery,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '案件（xlsx）') },
      },
    },
    async (request, reply) => {
      const stream = await service.exportCases(requestContext(request, deps), filterOf(request.query));
      return sendXlsx(reply, '投诉举报案件.xlsx', stream, 'cases.xlsx');
    },
  );

  app.get(
    '/api/cases/inbox',
    {
      config: { access: 'cases.act' },
      schema: {
        tags: ['cases'],
        summary: '待办事项：我签收的和待我岗位签收的案件',
        querystring: caseInboxQuery,
        response: { 200: casePageSchema },
      },
    },
    async (request) =>
      service.listInbox(requestContext(request, deps), { ownOfficeOnly: request.query.ownOffice === 'true' }),
  );

  app.get(
    '/api/cases/period-preview',
    {
      config: { access: 'cases.register' },
      schema: {
        tags: ['cases'],
        summary: '按工作日计算的办理期限（登记表单预览）',
        querystring: casePeriodPreviewQuery,
        response: { 200: casePeriodPreviewSchema },
      },
    },
    async (request) => service.previewPeriod(requestContext(request, deps), request.query.category),
  );

  app.get(
    '/api/cases/:id',
    {
      config: { access: 'cases.read' },
      schema: { tags: ['cases'], summary: '案件详情和办理历史', params: idParams, response: { 200: caseDetailSchema } },
    },
    async (request) => service.getCase(requestContext(request, deps), request.params.id),
  );

  app.post(
    '/api/cases/:id/claim',
    {
      config: { access: 'cases.act' },
      schema: { tags: ['cases'], summary: '签收', params: idParams, response: { 200: caseDetailSchema } },
    },
    async (request) => service.claimCase(requestContext(request, deps), request.params.id),
  );

  app.post(
    '/api/cases/:id/release',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        summary: '退回待办（签收人）或收回（班长、领导）',
        params: idParams,
        response: { 200: caseDetailSchema },
      },
    },
    async (request) => service.releaseCase(requestContext(request, deps), request.params.id),
  );

  app.get(
    '/api/cases/:id/assignees',
    {
      config: { access: 'cases.manage_claims' },
      schema: {
        tags: ['cases'],
        summary: '可改派的人员',
        params: idParams,
        response: { 200: z.array(caseAssigneeSchema) },
      },
    },
    async (request) => service.listAssignees(db, request.params.id, requireUser(request)),
  );

  app.post(
    '/api/cases/:id/reassign',
    {
      config: { access: 'cases.manage_claims' },
      schema: {
        tags: ['cases'],
        summary: '改派',
        params: idParams,
        body: caseReassignBody,
        response: { 200: caseDetailSchema },
      },
    },
    async (request) => service.reassignCase(requestContext(request, deps), request.params.id, request.body.userId),
  );

  app.post(
    '/api/cases/:id/actions',
    {
      config: { access: 'cases.act' },
      schema: {
        tags: ['cases'],
        summary: '办理：执行当前环节的一个操作',
        description:
          '请求体为 {"action", …字段}；各操作所需字段见 GET /api/case-processes 中的流程定义。当前环节不允许的操作返回 409，岗位不符返回 403。',
        params: idParams,
        body: caseActionBody,
        response: { 200: caseDetailSchema },
      },
    },
    async (request) =>
      service.performAction(requestContext(request, deps), request.params.id, request.body as Record<string, unknown>),
  );

  app.post(
    '/api/cases/:id/reveal-reporter',
    {
      config: { access: 'cases.reveal_reporter' },
      schema: {
        tags: ['cases'],
        summary: '查看举报人信息（留痕）',
        params: idParams,
        response: { 200: revealedReporterSchema },
      },
    },
    async (request) => service.revealReporter(requestContext(request, deps), request.params.id),
  );

  app.post(
    '/api/cases/:id/attachments',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        summary: '上传附件（图片、PDF、Office 文档；multipart 字段 file）',
        params: idParams,
        response: { 200: caseAttachmentUploadedSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await checkEvidenceUpload(db, request.params.id, user);
      const upload = await receiveUpload(request, {
        dataDir: deps.dataDir,
        maxBytes: MAX_ATTACHMENT_BYTES,
        accept: evidenceTypes,
      });
      try {
        return await addAttachment(requestContext(request, deps), deps.dataDir, { caseId: request.params.id, upload });
      } finally {
        await upload.discard();
      }
    },
  );

  app.delete(
    '/api/cases/:id/attachments/:attachmentId',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        summary: '撤回附件（上传人、签收人或管理人员；案件办结前）',
        params: caseAttachmentParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await withdrawAttachment(requestContext(request, deps), deps.dataDir, {
        caseId: request.params.id,
        attachmentId: request.params.attachmentId,
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/cases/:id/attachments/:attachmentId',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        summary: '下载附件（始终以附件下载，不在浏览器中打开）',
        params: caseAttachmentParams,
        response: { 200: fileResponse('application/octet-stream', '附件（按上传时识别的类型下载）') },
      },
    },
    async (request, reply) => {
      const { attachment, file } = await findAttachmentFile(
        db,
        deps.dataDir,
        request.params.id,
        request.params.attachmentId,
        requireUser(request),
      );
      return reply
        .header('content-type', attachment.content_type)
        .header('content-length', String(attachment.size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.file_name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(fs.createReadStream(file));
    },
  );

  app.get(
    '/api/case-processes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['cases'],
        summary: '流程定义：当前版本和已启用过的历史版本',
        response: { 200: processListSchema },
      },
    },
    async () => service.listProcesses(db),
  );

  app.get(
    '/api/case-processes/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['cases'],
        summary: '某一已启用版本的流程定义',
        params: idParams,
        response: { 200: processDefinitionSchema },
      },
    },
    async (request) => service.getStoredProcess(db, request.params.id),
  );

  app.get(
    '/api/case-options',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        summary: '可选的不受理原因、投诉类型、三级分类（仅启用的）',
        querystring: caseOptionKindQuery,
        response: { 200: z.array(caseOptionSchema) },
      },
    },
    async (request) => config.listOptions(db, request.query.kind, { activeOnly: true }),
  );

  app.get(
    '/api/admin/case-options',
    {
      config: { access: 'cases.configure' },
      schema: {
        tags: ['admin'],
        summary: '投诉举报配置列表（含停用）',
        querystring: caseOptionKindQuery,
        response: { 200: z.array(caseOptionSchema) },
      },
    },
    async (request) => config.listOptions(db, request.query.kind, { activeOnly: false }),
  );

  app.post(
    '/api/admin/case-options',
    {
      config: { access: 'cases.configure' },
      schema: {
        tags: ['admin'],
        summary: '新增配置项',
        body: caseOptionCreateBody,
        response: { 200: caseOptionSchema },
      },
    },
    async (request) => config.createOption(requestContext(request, deps), request.body),
  );

  app.patch(
    '/api/admin/case-options/:id',
    {
      config: { access: 'cases.configure' },
      schema: {
        tags: ['admin'],
        summary: '修改、停用或启用配置项',
        params: idParams,
        body: caseOptionUpdateBody,
        response: { 200: caseOptionSchema },
      },
    },
    async (request) => config.updateOption(requestContext(request, deps), request.params.id, request.body),
  );

  app.get(
    '/api/admin/case-time-limits',
    {
      config: { access: 'cases.configure' },
      schema: { tags: ['admin'], summary: '办理时限（工作日）', response: { 200: z.array(timeLimitsSchema) } },
    },
    async () => config.listTimeLimits(db),
  );

  app.put(
    '/api/admin/case-time-limits',
    {
      config: { access: 'cases.configure' },
      schema: {
        tags: ['admin'],
        summary: '设置办理时限；workingDays 为 null 时恢复流程定义的默认值',
        body: timeLimitBody,
        response: { 200: z.array(timeLimitsSchema) },
      },
    },
    async (request) => config.setTimeLimit(requestContext(request, deps), request.body),
  );
};
