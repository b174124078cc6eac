/**
 * Accounts (用户、税务机关、业务处室): the request and response schemas of the accounts routes, shared
 * by the server (validation, serialisation) and the web app (its types and forms' rules).
 */
import { z } from 'zod';
import { codeRule, extensionRule, phoneRule, usernameRule } from './account-rules';
import { orgUnitLevels, roles } from './permissions';
import { clearableText, countedPage, id } from './schemas';

const name = z.string().trim().min(1).max(60);
const code = z.string().trim().regex(codeRule.pattern, codeRule.message);
/** A phone number; `null` or blank clears it. */
const phone = z
  .string()
  .trim()
  .regex(phoneRule.pattern, phoneRule.message)
  .nullable()
  .optional()
  .or(z.literal('').transform(() => null));
/** An extension number; `null` or blank clears it. */
const extension = z
  .string()
  .trim()
  .regex(extensionRule.pattern, extensionRule.message)
  .nullable()
  .optional()
  .or(z.literal('').transform(() => null));
const roleList = z.array(z.enum(roles)).min(1, '至少选择一个角色').max(roles.length);

export const roleSchema = z.object({ code: z.enum(roles), name: z.string() });

/** A tax office of the org tree (its materialised path stays on the server). */
export const orgUnitSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  level: z.enum(orgUnitLevels),
  code: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  serviceHours: z.string().nullable(),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const orgUnitCreateBody = z.strictObject({
  parentId: id,
  name,
  level: z.enum(orgUnitLevels),
  code,
  address: clearableText(200),
  phone,
  serviceHours: clearableText(100),
});
export type NewOrgUnit = z.input<typeof orgUnitCreateBody>;

export const orgUnitUpdateBody = z.strictObject({
  name: name.optional(),
  code: code.optional(),
  address: clearableText(200),
  phone,
  serviceHours: clearableText(100),
});
export type OrgUnitChanges = z.input<typeof orgUnitUpdateBody>;

export const departmentSchema = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  name: z.string(),
  code: z.string(),
  isActive: z.boolean(),
});
export type Department = z.infer<typeof departmentSchema>;

export const departmentCreateBody = z.strictObject({ orgUnitId: id, name, code });
export type NewDepartment = z.input<typeof departmentCreateBody>;

export const departmentUpdateBody = z.strictObject({
  name: name.optional(),
  code: code.optional(),
  isActive: z.boolean().optional(),
});
export type DepartmentChanges = z.input<typeof departmentUpdateBody>;

/** A user as 用户管理 lists and edits them. */
export const adminUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
  phone: z.string().nullable(),
  extension: z.string().nullable(),
  isDisabled: z.boolean(),
  createdAt: z.string(),
  roles: z.array(z.enum(roles)),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUserPageSchema = countedPage(adminUserSchema);

export const userCreateBody = z.strictObject({
  username: z.string().trim().regex(usernameRule.pattern, usernameRule.message),
  name,
  password: z.string().min(1).max(128),
  roles: roleList,
  orgUnitId: id,
  departmentId: id.nullable().optional(),
  phone,
  extension,
});
export type NewUser = z.input<typeof userCreateBody>;

export const userUpdateBody = z.strictObject({
  name: name.optional(),
  roles: roleList.optional(),
  orgUnitId: id.optional(),
  departmentId: id.nullable().optional(),
  phone,
  extension,
});
export type UserChanges = z.input<typeof userUpdateBody>;

/** The filters of the user list, shared by the list and its export. */
export const userFilterQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  orgUnitId: id.optional(),
  role: z.enum(roles).optional(),
});

export const userListQuery = userFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type UserQuery = z.infer<typeof userListQuery>;

export const passwordResetBody = z.strictObject({ newPassword: z.string().min(1).max(128) });
