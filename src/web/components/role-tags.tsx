import { Tag } from 'antd';
import { type Role, roleNames } from '../../shared/permissions';

/** The roles as tags with their Chinese names. */
export function RoleTags({ roles }: { roles: readonly Role[] }) {
  return (
    <>
      {roles.map((role) => (
        <Tag key={role} color="blue">
          {roleNames[role]}
        </Tag>
      ))}
    </>
  );
}
