import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { type OrgUnitLevel, orgUnitLevelNames, orgUnitLevels } from '../../../shared/permissions';
import { codeRules, maxLengthRules, nameRules, phoneRules } from '../../components/field-rules';
import { useSubmit } from '../../components/use-submit';
import type { OrgUnit } from '../../reference-data';
import { createOrgUnit, optionalText } from './admin.api';

interface NewOrgUnitValues {
  name: string;
  level: OrgUnitLevel;
  code: string;
  address?: string;
  phone?: string;
  serviceHours?: string;
}

/** The levels a child of `parent` may have: any level below the parent's. */
export function childLevelsOf(parent: OrgUnit): OrgUnitLevel[] {
  return orgUnitLevels.slice(orgUnitLevels.indexOf(parent.level) + 1);
}

interface OrgUnitCreateModalProps {
  /** The unit to add under. */
  parent: OrgUnit;
  onClose: () => void;
  onCreated: (unit: OrgUnit) => void;
}

/** 新增下级机构. Mounted only while open. */
export function OrgUnitCreateModal({ parent, onClose, onCreated }: OrgUnitCreateModalProps) {
  const [form] = Form.useForm<NewOrgUnitValues>();
  const { message } = App.useApp();
  const levels = childLevelsOf(parent);

  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async (values: NewOrgUnitValues) => {
      const address = optionalText(values.address);
      const phone = optionalText(values.phone);
      const serviceHours = optionalText(values.serviceHours);
      const unit = await createOrgUnit({
        parentId: parent.id,
        name: values.name.trim(),
        level: values.level,
        code: values.code.trim(),
        ...(address ? { address } : {}),
        ...(phone ? { phone } : {}),
        ...(serviceHours ? { serviceHours } : {}),
      });
      void message.success('机构已创建');
      onCreated(unit);
    },
    { form },
  );

  return (
    <Modal
      open
      title="新增下级机构"
      okText="保存"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>上级机构：{parent.name}</Typography.Paragraph>
      <Form<NewOrgUnitValues>
        form={form}
        name="orgUnitCreate"
        layout="vertical"
        initialValues={{ level: levels[0] }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item label="名称" name="name" rules={nameRules('名称')}>
          <Input />
        </Form.Item>
        <Form.Item label="级别" name="level" rules={[{ required: true, message: '请选择级别' }]}>
          <Select options={levels.map((level) => ({ value: level, label: orgUnitLevelNames[level] }))} />
        </Form.Item>
        <Form.Item label="代码" name="code" rules={codeRules}>
          <Input />
        </Form.Item>
        <Form.Item label="地址" name="address" rules={maxLengthRules(200)}>
          <Input />
        </Form.Item>
        <Form.Item label="电话" name="phone" rules={phoneRules}>
          <Input />
        </Form.Item>
        <Form.Item label="办公时间" name="serviceHours" rules={maxLengthRules(100)}>
          <Input placeholder="如：工作日 9:00–12:00，13:30–17:30" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
