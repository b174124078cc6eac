import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  kbCategoryCreateSchema,
  kbCategoryPatchSchema,
  kbCategorySchema,
  kbCreatedSchema,
  kbLibraryCreateSchema,
  kbLibraryParamsSchema,
  kbLibraryPatchSchema,
  kbOkSchema,
  kbReferenceSchema,
} from '../../../shared/kb';
import { idParams } from '../../../shared/schemas';
import { requestContext } from '../../platform/request-context';
import * as service from './kb-catalogue.service';
import type { KbRouteOptions } from './kb-route-options';

const tags = ['kb'];

/** The reference data, the category tree, and the administration of libraries and categories. */
export const kbCatalogueRoutes: FastifyPluginAsyncZod<KbRouteOptions> = async (app, { deps, search }) => {
  const { db } = deps;

  app.get(
    '/api/kb/reference',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '库种、税种、行业、纳税人类型、有效性等参考数据',
        response: { 200: kbReferenceSchema },
      },
    },
    async () => service.referenceData(db),
  );

  app.get(
    '/api/kb/categories',
    {
      config: { access: 'kb.read' },
      schema: { tags, summary: '目录树（含已发布知识数）', response: { 200: z.array(kbCategorySchema) } },
    },
    async () => service.categoryTree(db),
  );

  app.post(
    '/api/kb/libraries',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '新增库种', body: kbLibraryCreateSchema, response: { 200: kbCreatedSchema } },
    },
    async (request) => service.createLibrary(requestContext(request, deps), request.body),
  );

  app.patch(
    '/api/kb/libraries/:code',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '修改库种',
        params: kbLibraryParamsSchema,
        body: kbLibraryPatchSchema,
        response: { 200: kbOkSchema },
      },
    },
    async (request) => {
      await service.updateLibrary(requestContext(request, deps), request.params.code, request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/kb/categories',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '新增目录', body: kbCategoryCreateSchema, response: { 200: kbCreatedSchema } },
    },
    async (request) => service.createCategory(requestContext(request, deps), request.body),
  );

  app.patch(
    '/api/kb/categories/:id',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '修改目录',
        params: idParams,
        body: kbCategoryPatchSchema,
        response: { 200: kbOkSchema },
      },
    },
    async (request) => {
      await service.updateCategory(requestContext(request, deps), search, request.params.id, request.body);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/kb/categories/:id',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '删除目录（须为空）', params: idParams, response: { 200: kbOkSchema } },
    },
    async (request) => {
      await service.deleteCategory(requestContext(request, deps), request.params.id);
      return { ok: true as const };
    },
  );
};
