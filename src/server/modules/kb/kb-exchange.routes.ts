import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { kbExportQuerySchema, kbImportResultSchema } from '../../../shared/kb';
import { fileResponse } from '../../../shared/schemas';
import { AppError, invalidField } from '../../platform/errors';
import { requestContext } from '../../platform/request-context';
import { receiveUpload, XLSX_MIME } from '../../platform/uploads';
import { sendXlsx } from '../../platform/xlsx';
import { exportJsonl, exportXlsx, readXlsxImport } from './kb-exchange';
import { importArticles, parseNdjson } from './kb-import';
import type { KbRouteOptions } from './kb-route-options';

const tags = ['kb'];
const xlsxType = XLSX_MIME;
/** An .xlsx import of articles (the rows come from the shared reader and its limits). */
const MAX_XLSX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Export of the published articles and their import (JSONL or .xlsx, the same shape both ways). */
export const kbExchangeRoutes: FastifyPluginAsyncZod<KbRouteOptions> = async (app, { deps, search }) => {
  const { db, clock } = deps;

  app.get(
    '/api/kb/export',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '导出已发布的知识（JSONL 或 .xlsx，与导入格式相同）',
        querystring: kbExportQuerySchema,
        response: {
          200: {
            description: '导出文件（format=jsonl 每行一条知识；format=xlsx 为 Excel 工作簿）',
            content: {
              ...fileResponse('application/x-ndjson', '').content,
              ...fileResponse(xlsxType, '').content,
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { format, library } = request.query;
      if (format === 'xlsx') {
        return sendXlsx(reply, '知识库导出.xlsx', exportXlsx(db, library, clock.now()), 'kb-export.xlsx');
      }
      return reply
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('知识库导出.jsonl')}`)
        .header('cache-control', 'private, no-store')
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .send(exportJsonl(db, library));
    },
  );

  app.post(
    '/api/kb/import',
    {
      config: { access: 'kb.publish' },
      bodyLimit: 256 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入知识（application/x-ndjson，每行一条；按 id 幂等）',
        response: { 200: kbImportResultSchema },
      },
    },
    async (request) => {
      const contentType = request.headers['content-type'] ?? '';
      if (!contentType.startsWith('application/x-ndjson') || typeof request.body !== 'string') {
        throw new AppError(
          'unsupported_media_type',
          'NDJSON_REQUIRED',
          '请以 application/x-ndjson 提交，每行一条知识',
          {
            fields: [{ field: 'body', message: '须为 application/x-ndjson' }],
          },
        );
      }
      return importArticles(requestContext(request, deps), await search.analysis(), parseNdjson(request.body));
    },
  );

  app.post(
    '/api/kb/import/xlsx',
    {
      config: { access: 'kb.publish' },
      schema: {
        tags,
        summary: '从 .xlsx 导入知识（第一行为列名，同 JSONL 字段）',
        response: { 200: kbImportResultSchema },
      },
    },
    async (request) => {
      const upload = await receiveUpload(request, {
        dataDir: deps.dataDir,
        maxBytes: MAX_XLSX_IMPORT_BYTES,
        accept: {
          mimes: new Set([XLSX_MIME]),
          refuse: () => invalidField('file', 'INVALID_XLSX', '文件不是有效的 .xlsx 工作簿'),
        },
      });
      try {
        const lines = await readXlsxImport(upload.path);
        return await importArticles(requestContext(request, deps), await search.analysis(), lines);
      } finally {
        await upload.discard();
      }
    },
  );
};
