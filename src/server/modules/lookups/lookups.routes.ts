import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  importBatchDetailSchema,
  importBatchParams,
  importBatchSchema,
  importResultSchema,
  invoiceVerificationSchema,
  invoiceVerifyBody,
  progressQuery,
  progressSchema,
  registryOverviewSchema,
  registryParams,
  taxOfficeQuery,
  taxOfficeSchema,
  taxpayerInfoSchema,
  taxpayerSearchQuery,
} from '../../../shared/lookups';
import { fileResponse } from '../../../shared/schemas';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { requestContext } from '../../platform/request-context';
import { receiveUpload, tabularTypes } from '../../platform/uploads';
import { localInvoiceRegistry } from './invoice-registry';
import * as service from './lookups.service';

/** Registry imports are at most this large (a few hundred thousand rows). */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** 信息查询: invoice verification, taxpayer public information, the tax-office directory and progress. */
export const lookupsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const invoices = localInvoiceRegistry(deps.db);
  const today = () => shanghaiDate(deps.clock.now());
  const tags = ['lookups'];

  app.post(
    '/api/lookups/invoices/verify',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '发票查验（本地发票登记库）',
        body: invoiceVerifyBody,
        response: { 200: invoiceVerificationSchema },
      },
    },
    async (request) => {
      const { amount, ...rest } = request.body;
      return service.verifyInvoice(invoices, { ...rest, amountFen: amount }, today());
    },
  );

  app.get(
    '/api/lookups/taxpayers',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '纳税人公开信息（含定期定额）',
        querystring: taxpayerSearchQuery,
        response: { 200: z.array(taxpayerInfoSchema) },
      },
    },
    async (request) => service.searchTaxpayers(deps.db, request.query.q),
  );

  app.get(
    '/api/lookups/tax-offices',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '税务机关通讯录（地址、电话、办公时间）',
        querystring: taxOfficeQuery,
        response: { 200: z.array(taxOfficeSchema) },
      },
    },
    async (request) => service.listTaxOffices(deps.db, request.query.q),
  );

  app.get(
    '/api/lookups/progress',
    {
      config: { access: 'tools.use' },
      schema: {
        tags,
        summary: '登记、申报、缴款办理进度',
        querystring: progressQuery,
        response: { 200: progressSchema },
      },
    },
    async (request) => service.progressOf(deps.db, request.query.taxpayerId),
  );

  app.get(
    '/api/lookups/registries',
    {
      config: { access: 'tools.use' },
      schema: { tags, summary: '各查询库的记录数和最近导入时间', response: { 200: registryOverviewSchema } },
    },
    async () => service.registryOverview(deps.db),
  );

  app.post(
    '/api/lookups/imports/:registry',
    {
      config: { access: 'lookups.manage' },
      schema: {
        tags,
        summary: '导入查询库（CSV 或 .xlsx，multipart 字段 file）',
        params: registryParams,
        response: { 200: importResultSchema },
      },
    },
    async (request) => {
      const upload = await receiveUpload(request, {
        dataDir: deps.dataDir,
        maxBytes: MAX_IMPORT_BYTES,
        accept: tabularTypes,
      });
      try {
        return await service.importRegistry(requestContext(request, deps), request.params.registry, upload, today());
      } finally {
        await upload.discard();
      }
    },
  );

  app.get(
    '/api/lookups/imports',
    {
      config: { access: 'lookups.manage' },
      schema: { tags, summary: '导入记录', response: { 200: z.array(importBatchSchema) } },
    },
    async () => service.listImportBatches(deps.db),
  );

  app.get(
    '/api/lookups/imports/:id',
    {
      config: { access: 'lookups.manage' },
      schema: {
        tags,
        summary: '一次导入的结果和错误行',
        params: importBatchParams,
        response: { 200: importBatchDetailSchema },
      },
    },
    async (request) => service.getImportBatch(deps.db, request.params.id),
  );

  app.get(
    '/api/lookups/imports/:registry/template',
    {
      config: { access: 'lookups.manage' },
      schema: {
        tags,
        summary: '导入模板（CSV 表头）',
        params: registryParams,
        response: { 200: fileResponse('text/csv', '导入模板（CSV）') },
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`${service.registryNames[request.params.registry]}导入模板.csv`)}`,
        )
        .send(service.templateCsv(request.params.registry)),
  );
};
