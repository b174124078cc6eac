import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  adminUserPageSchema,
  adminUserSchema,
  departmentCreateBody,
  departmentSchema,
  departmentUpdateBody,
  orgUnitCreateBody,
  orgUnitSchema,
  orgUnitUpdateBody,
  passwordResetBody,
  roleSchema,
  userCreateBody,
  userFilterQuery,
  userListQuery,
  userUpdateBody,
} from '../../../shared/accounts';
import { roleNames, roles } from '../../../shared/permissions';
import { fileResponse, idParams, noContent } from '../../../shared/schemas';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { requireUser } from '../../platform/http';
import { requestContext } from '../../platform/request-context';
import { sendXlsx, XLSX_CONTENT_TYPE } from '../../platform/xlsx';
import * as service from './accounts.service';

export const accountsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/api/roles',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['accounts'], summary: '角色列表', response: { 200: z.array(roleSchema) } },
    },
    async () => roles.map((code) => ({ code, name: roleNames[code] })),
  );

  app.get(
    '/api/org-units',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary: '税务机关组织树（扁平列表）',
        response: { 200: z.array(orgUnitSchema) },
      },
    },
    async () => service.listOrgUnits(db),
  );

  app.get(
    '/api/departments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary: '可转办的业务处室',
        response: { 200: z.array(departmentSchema) },
      },
    },
    async (request) => service.listDepartmentsFor(db, requireUser(request), { activeOnly: true }),
  );

  app.get(
    '/api/admin/departments',
    {
      config: { access: 'org.manage' },
      schema: { tags: ['admin'], summary: '业务处室（含停用）', response: { 200: z.array(departmentSchema) } },
    },
    async (request) => service.listDepartmentsFor(db, requireUser(request), { activeOnly: false }),
  );

  app.post(
    '/api/admin/org-units',
    {
      config: { access: 'org.manage' },
      schema: { tags: ['admin'], summary: '新增机构', body: orgUnitCreateBody, response: { 200: orgUnitSchema } },
    },
    async (request) => service.createOrgUnit(requestContext(request, deps), request.body),
  );

  app.patch(
    '/api/admin/org-units/:id',
    {
      config: { access: 'org.manage' },
      schema: {
        tags: ['admin'],
        summary: '修改机构',
        params: idParams,
        body: orgUnitUpdateBody,
        response: { 200: orgUnitSchema },
      },
    },
    async (request) => service.updateOrgUnit(requestContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/admin/departments',
    {
      config: { access: 'org.manage' },
      schema: {
        tags: ['admin'],
        summary: '新增业务处室',
        body: departmentCreateBody,
        response: { 200: departmentSchema },
      },
    },
    async (request) => service.createDepartment(requestContext(request, deps), request.body),
  );

  app.patch(
    '/api/admin/departments/:id',
    {
      config: { access: 'org.manage' },
      schema: {
        tags: ['admin'],
        summary: '修改业务处室',
        params: idParams,
        body: departmentUpdateBody,
        response: { 200: departmentSchema },
      },
    },
    async (request) => service.updateDepartment(requestContext(request, deps), request.params.id, request.body),
  );

  app.get(
    '/api/admin/users',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: '用户列表',
        querystring: userListQuery,
        response: { 200: adminUserPageSchema },
      },
    },
    async (request) => {
      const { q, orgUnitId, role, limit, offset } = request.query;
      return service.listUsers(db, requireUser(request), { keyword: q, orgUnitId, role }, { limit, offset });
    },
  );

  app.get(
    '/api/admin/users/export',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: '导出用户列表（xlsx）',
        querystring: userFilterQuery,
        response: { 200: fileResponse(XLSX_CONTENT_TYPE, '用户列表（xlsx）') },
      },
    },
    async (request, reply) => {
      const { q, orgUnitId, role } = request.query;
      const ctx = requestContext(request, deps);
      const stream = await service.exportUsers(ctx, { keyword: q, orgUnitId, role });
      return sendXlsx(reply, `用户-${shanghaiDate(ctx.now)}.xlsx`, stream, 'users.xlsx');
    },
  );

  app.post(
    '/api/admin/users',
    {
      config: { access: 'users.manage' },
      schema: { tags: ['admin'], summary: '新建用户', body: userCreateBody, response: { 200: adminUserSchema } },
    },
    async (request) => service.createUser(requestContext(request, deps), request.body),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: '修改用户',
        params: idParams,
        body: userUpdateBody,
        response: { 200: adminUserSchema },
      },
    },
    async (request) => service.updateUser(requestContext(request, deps), request.params.id, request.body),
  );

  for (const [suffix, isDisabled, summary] of [
    ['disable', true, '停用用户'],
    ['enable', false, '启用用户'],
  ] as const) {
    app.post(
      `/api/admin/users/:id/${suffix}`,
      {
        config: { access: 'users.manage' },
        schema: { tags: ['admin'], summary, params: idParams, response: { 200: adminUserSchema } },
      },
      async (request) => service.setUserDisabled(requestContext(request, deps), request.params.id, isDisabled),
    );
  }

  app.post(
    '/api/admin/users/:id/reset-password',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: '重置用户密码',
        params: idParams,
        body: passwordResetBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await service.resetUserPassword(requestContext(request, deps), request.params.id, request.body.newPassword);
      return reply.code(204).send();
    },
  );
};
