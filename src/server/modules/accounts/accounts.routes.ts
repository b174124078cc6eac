import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { codeRule, extensionRule, phoneRule, usernameRule } from '../../../shared/account-rules';
import { orgUnitLevels, roleNames, roles } from '../../../shared/permissions';
import { shanghaiDate } from '../../platform/dates';
import type { AppDeps } from '../../platform/deps';
import { actorOf, requireUser } from '../../platform/http';
import { sendXlsx } from '../../platform/xlsx';
import * as service from './accounts.service';

const id = z.coerce.number().int().positive();
const idParams = z.strictObject({ id });
const name = z.string().trim().min(1).max(60);
const code = z.string().trim().regex(codeRule.pattern, codeRule.message);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const phone = z
  .string()
  .trim()
  .regex(phoneRule.pattern, phoneRule.message)
  .nullable()
  .optional()
  .or(z.literal('').transform(() => null));
const extension = z
  .string()
  .trim()
  .regex(extensionRule.pattern, extensionRule.message)
  .nullable()
  .optional()
  .or(z.literal('').transform(() => null));
const roleList = z.array(z.enum(roles)).min(1, '至少选择一个角色').max(roles.length);

const userCreateBody = z.strictObject({
  username: z.string().trim().regex(usernameRule.pattern, usernameRule.message),
  name,
  password: z.string().min(1).max(128),
  roles: roleList,
  orgUnitId: id,
  departmentId: id.nullable().optional(),
  phone,
  extension,
});

const userUpdateBody = z.strictObject({
  name: name.optional(),
  roles: roleList.optional(),
  orgUnitId: id.optional(),
  departmentId: id.nullable().optional(),
  phone,
  extension,
});

const orgUnitCreateBody = z.strictObject({
  parentId: id,
  name,
  level: z.enum(orgUnitLevels),
  code,
  address: optionalText(200),
  phone,
  serviceHours: optionalText(100),
});

const orgUnitUpdateBody = z.strictObject({
  name: name.optional(),
  code: code.optional(),
  address: optionalText(200),
  phone,
  serviceHours: optionalText(100),
});

/** The filters of the user list, shared by the list and its export. */
const userQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  orgUnitId: id.optional(),
  role: z.enum(roles).optional(),
});

export const accountsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, clock } = deps;

  app.get(
    '/api/roles',
    { config: { access: 'authenticated' }, schema: { tags: ['accounts'], summary: '角色列表' } },
    async () => roles.map((code) => ({ code, name: roleNames[code] })),
  );

  app.get(
    '/api/org-units',
    { config: { access: 'authenticated' }, schema: { tags: ['accounts'], summary: '税务机关组织树（扁平列表）' } },
    async () => service.listOrgUnits(db),
  );

  app.get(
    '/api/departments',
    { config: { access: 'authenticated' }, schema: { tags: ['accounts'], summary: '可转办的业务处室' } },
    async (request) => service.listDepartmentsFor(db, requireUser(request), { activeOnly: true }),
  );

  app.get(
    '/api/admin/departments',
    { config: { access: 'org.manage' }, schema: { tags: ['admin'], summary: '业务处室（含停用）' } },
    async (request) => service.listDepartmentsFor(db, requireUser(request), { activeOnly: false }),
  );

  app.post(
    '/api/admin/org-units',
    { config: { access: 'org.manage' }, schema: { tags: ['admin'], summary: '新增机构', body: orgUnitCreateBody } },
    async (request) => service.createOrgUnit(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.patch(
    '/api/admin/org-units/:id',
    {
      config: { access: 'org.manage' },
      schema: { tags: ['admin'], summary: '修改机构', params: idParams, body: orgUnitUpdateBody },
    },
    async (request) =>
      service.updateOrgUnit(db, requireUser(request), request.params.id, request.body, actorOf(request), clock.now()),
  );

  app.post(
    '/api/admin/departments',
    {
      config: { access: 'org.manage' },
      schema: { tags: ['admin'], summary: '新增业务处室', body: z.strictObject({ orgUnitId: id, name, code }) },
    },
    async (request) => service.createDepartment(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.patch(
    '/api/admin/departments/:id',
    {
      config: { access: 'org.manage' },
      schema: {
        tags: ['admin'],
        summary: '修改业务处室',
        params: idParams,
        body: z.strictObject({ name: name.optional(), code: code.optional(), isActive: z.boolean().optional() }),
      },
    },
    async (request) =>
      service.updateDepartment(
        db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
        clock.now(),
      ),
  );

  app.get(
    '/api/admin/users',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: '用户列表',
        querystring: userQuery.extend({
          limit: z.coerce.number().int().min(1).max(200).default(20),
          offset: z.coerce.number().int().min(0).default(0),
        }),
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
      schema: { tags: ['admin'], summary: '导出用户列表（xlsx）', querystring: userQuery },
    },
    async (request, reply) => {
      const { q, orgUnitId, role } = request.query;
      const now = clock.now();
      const stream = await service.exportUsers(
        db,
        requireUser(request),
        { keyword: q, orgUnitId, role },
        actorOf(request),
        now,
      );
      return sendXlsx(reply, `用户-${shanghaiDate(now)}.xlsx`, stream, 'users.xlsx');
    },
  );

  app.post(
    '/api/admin/users',
    { config: { access: 'users.manage' }, schema: { tags: ['admin'], summary: '新建用户', body: userCreateBody } },
    async (request) => service.createUser(db, requireUser(request), request.body, actorOf(request), clock.now()),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: { access: 'users.manage' },
      schema: { tags: ['admin'], summary: '修改用户', params: idParams, body: userUpdateBody },
    },
    async (request) =>
      service.updateUser(db, requireUser(request), request.params.id, request.body, actorOf(request), clock.now()),
  );

  for (const [suffix, isDisabled, summary] of [
    ['disable', true, '停用用户'],
    ['enable', false, '启用用户'],
  ] as const) {
    app.post(
      `/api/admin/users/:id/${suffix}`,
      { config: { access: 'users.manage' }, schema: { tags: ['admin'], summary, params: idParams } },
      async (request) =>
        service.setUserDisabled(db, requireUser(request), request.params.id, isDisabled, actorOf(request), clock.now()),
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
        body: z.strictObject({ newPassword: z.string().min(1).max(128) }),
      },
    },
    async (request, reply) => {
      await service.resetUserPassword(
        db,
        requireUser(request),
        request.params.id,
        request.body.newPassword,
        actorOf(request),
        clock.now(),
      );
      return reply.code(204).send();
    },
  );
};
