import { Button, Descriptions, Form, Input } from 'antd';
import { codeRules, maxLengthRules, nameRules, phoneRules } from '../../components/field-rules';
import { useSubmit } from '../../components/use-submit';
import type { OrgUnit } from '../../reference-data';
import { nullableText, updateOrgUnit } from './admin.api';
import { OrgUnitLevelTag } from './org-unit-level-tag';

interface OrgUnitValues {
  name: string;
  code: string;
  address?: string;
  phone?: string;
  serviceHours?: string;
}

interface OrgUnitDetailProps {
  unit: OrgUnit;
  parentName: string | null;
  onSaved: () => void;
}

/** The selected org unit: its level and parent, and a form to edit its own fields. Keyed by unit id by its parent. */
export function OrgUnitDetail({ unit, parentName, onSaved }: OrgUnitDetailProps) {
  const [form] = Form.useForm<OrgUnitValues>();

  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async (values: OrgUnitValues) => {
      await updateOrgUnit(unit.id, {
        name: values.name.trim(),
        code: values.code.trim(),
        address: nullableText(values.address),
        phone: nullableText(values.phone),
        serviceHours: nullableText(values.serviceHours),
      });
    },
    { form, success: '机构信息已保存', onSuccess: () => onSaved() },
  );

  return (
    <>
      <Descriptions
        column={1}
        size="small"
        style={{ marginBottom: 16 }}
        items={[
          { key: 'level', label: '级别', children: <OrgUnitLevelTag level={unit.level} /> },
          { key: 'parent', label: '上级机构', children: parentName ?? '—' },
        ]}
      />
      <Form<OrgUnitValues>
        form={form}
        name="orgUnitDetail"
        layout="vertical"
        initialValues={{
          name: unit.name,
          code: unit.code,
          address: unit.address ?? '',
          phone: unit.phone ?? '',
          serviceHours: unit.serviceHours ?? '',
        }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item label="名称" name="name" rules={nameRules('名称')}>
          <Input />
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
        <Button type="primary" htmlType="submit" loading={isSaving}>
          保存
        </Button>
      </Form>
    </>
  );
}
