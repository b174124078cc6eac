import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Popconfirm, Select, Space, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { type Role, roleNames, roles } from '../../../shared/permissions';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PagedTable, usePagedList } from '../../components/paged-table';
import { RoleTags } from '../../components/role-tags';
import { useSubmit } from '../../components/use-submit';
import { useDepartments, useOrgUnits } from '../../reference-data';
import { useCurrentUser } from '../auth/auth-context';
import { type AdminUser, disableUser, enableUser, listUsers, usersExportUrl } from './admin.api';
import { ResetPasswordModal } from './reset-password-modal';
import { UserFormModal } from './user-form-modal';

interface UserFilters {
  q?: string;
  orgUnitId?: number;
  role?: Role;
}

const roleOptions = roles.map((role) => ({ value: role, label: roleNames[role] }));

/** 用户管理: find, create and edit users, switch them off and on, reset their passwords. */
export function UsersPage() {
  const currentUser = useCurrentUser();
  const { message } = App.useApp();
  const { data: orgUnits } = useOrgUnits();
  const { data: departments } = useDepartments();
  const list = usePagedList<AdminUser, UserFilters>(listUsers, {});
  const { reload } = list;
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);

  const search = (values: UserFilters) => list.search({ ...values, q: values.q?.trim() || undefined });

  const { submit: setDisabled } = useSubmit(async (user: AdminUser, isDisabled: boolean) => {
    await (isDisabled ? disableUser(user.id) : enableUser(user.id));
    void message.success(isDisabled ? `已停用 ${user.name}` : `已启用 ${user.name}`);
    reload();
  });

  const columns: TableProps<AdminUser>['columns'] = [
    { title: '用户名', dataIndex: 'username' },
    { title: '姓名', dataIndex: 'name' },
    { title: '角色', key: 'roles', render: (_, user) => <RoleTags roles={user.roles} /> },
    { title: '所属机构', dataIndex: 'orgUnitName', ellipsis: true },
    { title: '业务处室', dataIndex: 'departmentName', render: (value: string | null) => value ?? '—' },
    { title: '分机号', dataIndex: 'extension', render: (value: string | null) => value ?? '—' },
    {
      title: '状态',
      key: 'status',
      render: (_, user) => (user.isDisabled ? <Tag>停用</Tag> : <Tag color="green">启用</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(user)}>
            编辑
          </Button>
          {user.isDisabled ? (
            <Popconfirm title={`确定启用用户“${user.name}”？`} onConfirm={() => setDisabled(user, false)}>
              <Button type="link" size="small">
                启用
              </Button>
            </Popconfirm>
          ) : (
            <Popconfirm
              title={`确定停用用户“${user.name}”？`}
              description="停用后该用户不能登录。"
              onConfirm={() => setDisabled(user, true)}
            >
              <Button type="link" size="small" danger disabled={user.id === currentUser.id}>
                停用
              </Button>
            </Popconfirm>
          )}
          <Button type="link" size="small" onClick={() => setResetting(user)}>
            重置密码
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="用户管理"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建用户
        </Button>
      }
    >
      <Form<UserFilters> name="userFilters" layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="q">
          <Input aria-label="关键字" placeholder="用户名或姓名" allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="orgUnitId">
          <OrgUnitTreeSelect
            orgUnits={orgUnits}
            aria-label="按机构筛选"
            placeholder="全部机构"
            allowClear
            style={{ width: 220 }}
          />
        </Form.Item>
        <Form.Item name="role">
          <Select
            aria-label="按岗位筛选"
            placeholder="全部角色"
            options={roleOptions}
            allowClear
            style={{ width: 160 }}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <Button icon={<DownloadOutlined />} href={usersExportUrl(list.filters)}>
              导出 Excel
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <PagedTable<AdminUser, UserFilters> list={list} rowKey="id" columns={columns} />
      {editing && (
        <UserFormModal
          user={editing === 'new' ? null : editing}
          orgUnits={orgUnits}
          departments={departments}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}
