/**
 * Signing in (登录) and the signed-in user: the request and response schemas of /api/auth, shared by
 * the server (validation, serialisation) and the web app (its types).
 */
import { z } from 'zod';
import { permissions, roles } from './permissions';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});
export type LoginInput = z.infer<typeof loginBody>;

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});
export type PasswordChange = z.infer<typeof passwordChangeBody>;

/** The signed-in user as login and /me return it. */
export const sessionUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(roles)),
  permissions: z.array(z.enum(permissions)),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** The answer of login and /me: the user and the token every write sends back in `x-csrf-token`. */
export const sessionSchema = z.object({ user: sessionUserSchema, csrfToken: z.string() });
export type Session = z.infer<typeof sessionSchema>;
