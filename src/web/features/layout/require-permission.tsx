import type { ReactNode } from 'react';
import type { Permission } from '../../../shared/permissions';
import { hasPermission, useCurrentUser } from '../auth/auth-context';
import { ForbiddenResult } from './forbidden-result';

/** Renders its children when the user holds `permission` (or none is needed), else a 403 result. */
export function RequirePermission({
  permission,
  children,
}: {
  permission: Permission | undefined;
  children: ReactNode;
}) {
  const user = useCurrentUser();
  if (permission && !hasPermission(user, permission)) return <ForbiddenResult />;
  return children;
}
