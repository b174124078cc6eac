import { App, Form, Input, Modal } from 'antd';
import { codeRules, nameRules } from '../../components/field-rules';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useSubmit } from '../../components/use-submit';
import type { Department, OrgUnit } from '../../reference-data';
import { createDepartment, updateDepartment } from './admin.api';

interface DepartmentValues {
  orgUnitId?: number;
  name: string;
  code: string;
}

interface DepartmentFormModalProps {
  /** The department to edit, or null to create one. */
  department: Department | null;
  orgUnits: readonly OrgUnit[];
  /** The org unit a new department starts in (the one the list is filtered by), if any. */
  defaultOrgUnitId: number | undefined;
  onClose: () => void;
  onSaved: () => void;
}

/** 新建业务处室 / 编辑业务处室. Mounted only while open. */
export function DepartmentFormModal({
  department,
  orgUnits,
  defaultOrgUnitId,
  onClose,
  onSaved,
}: DepartmentFormModalProps) {
  const [form] = Form.useForm<DepartmentValues>();
  const { message } = App.useApp();
  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async (values: DepartmentValues) => {
      if (department) {
        await updateDepartment(department.id, { name: values.name.trim(), code: values.code.trim() });
      } else {
        // The field is required; this only narrows the type.
        if (values.orgUnitId === undefined) return;
        await createDepartment({ orgUnitId: values.orgUnitId, name: values.name.trim(), code: values.code.trim() });
      }
      void message.success('业务处室已保存');
      onSaved();
    },
    { form },
  );

  return (
    <Modal
      open
      title={department ? '编辑业务处室' : '新建业务处室'}
      okText="保存"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<DepartmentValues>
        form={form}
        name="departmentForm"
        layout="vertical"
        initialValues={
          department
            ? { orgUnitId: department.orgUnitId, name: department.name, code: department.code }
            : { orgUnitId: defaultOrgUnitId }
        }
        onFinish={(values) => void save(values)}
      >
        <Form.Item
          label="所属机构"
          name="orgUnitId"
          rules={[{ required: true, message: '请选择所属机构' }]}
          extra={department ? '业务处室创建后不能改换所属机构' : undefined}
        >
          <OrgUnitTreeSelect orgUnits={orgUnits} disabled={department !== null} />
        </Form.Item>
        <Form.Item label="名称" name="name" rules={nameRules('名称')}>
          <Input placeholder="如：征管科" />
        </Form.Item>
        <Form.Item label="代码" name="code" rules={codeRules}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
