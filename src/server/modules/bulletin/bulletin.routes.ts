import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  bulletinContentTypes,
  bulletinFileQuerySchema,
  bulletinListQuerySchema,
  bulletinOfMonthQuerySchema,
  bulletinRemarksSchema,
  bulletinVersionSchema,
  generateBulletinSchema,
} from '../../../shared/bulletin';
import { fileResponse, idParams } from '../../../shared/schemas';
import type { AppDeps } from '../../platform/deps';
import { requireUser } from '../../platform/http';
import { requestContext } from '../../platform/request-context';
import * as service from './bulletin.service';
import { conversionErrorBody, PdfConversionError } from './bulletin-pdf';

/** A bulletin download: Word or PDF, as the `format` query asks. */
const bulletinFile = (description: string) => ({
  description,
  content: {
    ...fileResponse(bulletinContentTypes.docx, description).content,
    ...fileResponse(bulletinContentTypes.pdf, description).content,
  },
});

/** Sends a bulletin file as a download; a PDF the server cannot make is a 503 with a stable code. */
async function sendFile(reply: FastifyReply, load: () => Promise<service.BulletinFile>) {
  let file: service.BulletinFile;
  try {
    file = await load();
  } catch (error) {
    if (error instanceof PdfConversionError) return reply.code(503).send(conversionErrorBody(error));
    throw error;
  }
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.content.length))
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('x-bulletin-status', file.status)
    .header('x-bulletin-version', file.version === null ? '' : String(file.version))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.content);
}

/** The HTTP face of the monthly bulletin (信息专报): the contract's download, versions, remarks, publishing. */
export const bulletinRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/api/reports/bulletin',
    {
      config: { access: 'bulletins.read' },
      schema: {
        tags: ['reports'],
        summary: '下载某月信息专报（已发布版本；未发布时为按当前数据生成的草稿）',
        querystring: bulletinOfMonthQuerySchema,
        response: { 200: bulletinFile('信息专报（.docx 或 .pdf）') },
      },
    },
    async (request, reply) =>
      sendFile(reply, () => service.bulletinOfMonth(requestContext(request, deps), request.query)),
  );

  app.get(
    '/api/bulletins',
    {
      config: { access: 'bulletins.read' },
      schema: {
        tags: ['bulletins'],
        summary: '信息专报版本列表',
        querystring: bulletinListQuerySchema,
        response: { 200: bulletinVersionSchema.array() },
      },
    },
    async (request) => service.listBulletins(db, requireUser(request), request.query),
  );

  app.post(
    '/api/bulletins',
    {
      config: { access: 'bulletins.manage' },
      schema: {
        tags: ['bulletins'],
        summary: '生成某月信息专报草稿（新版本）',
        body: generateBulletinSchema,
        response: { 201: bulletinVersionSchema },
      },
    },
    async (request, reply) => {
      const created = await service.generateDraft(requestContext(request, deps), request.body);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/bulletins/:id',
    {
      config: { access: 'bulletins.read' },
      schema: {
        tags: ['bulletins'],
        summary: '信息专报版本详情',
        params: idParams,
        response: { 200: bulletinVersionSchema },
      },
    },
    async (request) => service.getBulletin(db, requireUser(request), request.params.id),
  );

  app.put(
    '/api/bulletins/:id/remarks',
    {
      // The remarks are cleaned of control characters (NUL included) by the service, as documented.
      config: { access: 'bulletins.manage', removesControlCharacters: true },
      schema: {
        tags: ['bulletins'],
        summary: '修改草稿的编者按和各部分按语（纯文本）',
        params: idParams,
        body: bulletinRemarksSchema,
        response: { 200: bulletinVersionSchema },
      },
    },
    async (request) => service.updateRemarks(requestContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/bulletins/:id/publish',
    {
      config: { access: 'bulletins.manage' },
      schema: {
        tags: ['bulletins'],
        summary: '发布信息专报草稿',
        params: idParams,
        response: { 200: bulletinVersionSchema },
      },
    },
    async (request) => service.publishBulletin(requestContext(request, deps), request.params.id),
  );

  app.get(
    '/api/bulletins/:id/file',
    {
      config: { access: 'bulletins.read' },
      schema: {
        tags: ['bulletins'],
        summary: '下载某一版本（Word 或 PDF）',
        params: idParams,
        querystring: bulletinFileQuerySchema,
        response: { 200: bulletinFile('信息专报的一个版本（.docx 或 .pdf）') },
      },
    },
    async (request, reply) =>
      sendFile(reply, () =>
        service.bulletinVersionFile(db, requireUser(request), request.params.id, request.query.format),
      ),
  );
};
