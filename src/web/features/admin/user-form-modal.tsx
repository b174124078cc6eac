import { Form, Input, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { type Role, roleNames, roles } from '../../../shared/permissions';
import { extensionRules, nameRules, phoneRules, usernameRules } from '../../components/field-rules';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { newPasswordRules } from '../../components/password-rules';
import { useSubmit } from '../../components/use-submit';
import type { Department, OrgUnit } from '../../reference-data';
import { type AdminUser, createUser, nullableText, optionalText, updateUser } from './admin.api';

interface UserFormValues {
  username: string;
  name: string;
  password?: string;
  roles: Role[];
  orgUnitId?: number;
  departmentId?: number;
  phone?: string;
  extension?: string;
}

const roleOptions = roles.map((role) => ({ value: role, label: roleNames[role] }));

interface UserFormModalProps {
  /** The user to edit, or null to create one. */
  user: AdminUser | null;
  orgUnits: readonly OrgUnit[];
  departments: readonly Department[];
  onClose: () => void;
  onSaved: () => void;
}

/** 新建用户 / 编辑用户. Mounted only while open. */
export function UserFormModal({ user, orgUnits, departments, onClose, onSaved }: UserFormModalProps) {
  const [form] = Form.useForm<UserFormValues>();
  const isNew = user === null;
  const orgUnitId = Form.useWatch('orgUnitId', form);

  // The list holds active departments only; a user may still sit in one since switched off.
  const departmentOptions = useMemo(() => {
    const options = departments.filter((d) => d.orgUnitId === orgUnitId).map((d) => ({ value: d.id, label: d.name }));
    if (user?.departmentId && user.orgUnitId === orgUnitId && !options.some((o) => o.value === user.departmentId)) {
      options.push({ value: user.departmentId, label: user.departmentName ?? String(user.departmentId) });
    }
    return options;
  }, [departments, orgUnitId, user]);

  const initialValues: Partial<UserFormValues> = user
    ? {
        username: user.username,
        name: user.name,
        roles: user.roles,
        orgUnitId: user.orgUnitId,
        departmentId: user.departmentId ?? undefined,
        phone: user.phone ?? '',
        extension: user.extension ?? '',
      }
    : { roles: [] };

  const { submit: saveValues, isSubmitting: isSaving } = useSubmit(
    async (values: UserFormValues & { orgUnitId: number }) => {
      if (user) {
        await updateUser(user.id, {
          name: values.name.trim(),
          roles: values.roles,
          orgUnitId: values.orgUnitId,
          departmentId: values.departmentId ?? null,
          phone: nullableText(values.phone),
          extension: nullableText(values.extension),
        });
      } else {
        const phone = optionalText(values.phone);
        const extension = optionalText(values.extension);
        await createUser({
          username: values.username.trim(),
          name: values.name.trim(),
          password: values.password ?? '',
          roles: values.roles,
          orgUnitId: values.orgUnitId,
          ...(values.departmentId ? { departmentId: values.departmentId } : {}),
          ...(phone ? { phone } : {}),
          ...(extension ? { extension } : {}),
        });
      }
    },
    { form, success: isNew ? '用户已创建' : '用户已保存', onSuccess: () => onSaved() },
  );
  const save = async ({ orgUnitId, ...values }: UserFormValues) => {
    if (orgUnitId !== undefined) await saveValues({ ...values, orgUnitId });
  };

  return (
    <Modal
      open
      title={isNew ? '新建用户' : '编辑用户'}
      okText="保存"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<UserFormValues>
        form={form}
        name="userForm"
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void save(values)}
        onValuesChange={(changed: Partial<UserFormValues>) => {
          if ('orgUnitId' in changed) form.setFieldValue('departmentId', undefined);
        }}
      >
        <Form.Item
          label="用户名"
          name="username"
          rules={isNew ? usernameRules : []}
          extra={isNew ? '用于登录，创建后不能修改' : undefined}
        >
          <Input disabled={!isNew} autoComplete="off" />
        </Form.Item>
        <Form.Item label="姓名" name="name" rules={nameRules('姓名')}>
          <Input autoComplete="off" />
        </Form.Item>
        {isNew && (
          <Form.Item label="初始密码" name="password" rules={newPasswordRules} extra="至少 8 位，须同时包含字母和数字">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item label="角色" name="roles" rules={[{ required: true, message: '请至少选择一个角色' }]}>
          <Select mode="multiple" options={roleOptions} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item label="所属机构" name="orgUnitId" rules={[{ required: true, message: '请选择所属机构' }]}>
          <OrgUnitTreeSelect orgUnits={orgUnits} />
        </Form.Item>
        <Form.Item label="业务处室" name="departmentId">
          <Select
            allowClear
            options={departmentOptions}
            disabled={orgUnitId === undefined}
            placeholder={orgUnitId === undefined ? '请先选择所属机构' : '可不选'}
            notFoundContent="该机构下没有业务处室"
          />
        </Form.Item>
        <Form.Item label="手机号" name="phone" rules={phoneRules}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="分机号" name="extension" rules={extensionRules}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
