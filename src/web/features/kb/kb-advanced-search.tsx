import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { KbAdvancedSearchInput } from '../../../shared/kb';
import type { Library, Validity } from './kb.api';
import { validityNames } from './kb-tags';

/** The advanced search's conditions, as the server takes them (paging is the page's). */
export type AdvancedQuery = Omit<KbAdvancedSearchInput, 'limit' | 'offset' | 'sort'>;

const fieldOptions = [
  { value: 'any', label: '全文' },
  { value: 'title', label: '标题' },
  { value: 'body', label: '正文' },
  { value: 'documentNumber', label: '文号' },
  { value: 'issuer', label: '发文机关' },
];
const opOptions = [
  { value: 'and', label: '并且（与）' },
  { value: 'or', label: '或者（或）' },
  { value: 'not', label: '不含（非）' },
];

interface FormValues {
  clauses: AdvancedQuery['clauses'];
  library?: string[];
  validity?: Validity[];
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/** 高级检索: conditions on title, body, document number and issuer, combined with AND / OR / NOT, and a date range. */
export function KbAdvancedSearch({
  open,
  libraries,
  onClose,
  onSearch,
}: {
  open: boolean;
  libraries: Library[];
  onClose: () => void;
  onSearch: (query: AdvancedQuery) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const submit = (values: FormValues) => {
    onSearch({
      clauses: values.clauses.filter((c) => c.text?.trim()),
      ...(values.library?.length ? { library: values.library } : {}),
      ...(values.validity?.length ? { validity: values.validity } : {}),
      ...(values.dates?.[0] ? { from: values.dates[0].format('YYYY-MM-DD') } : {}),
      ...(values.dates?.[1] ? { to: values.dates[1].format('YYYY-MM-DD') } : {}),
    });
  };
  return (
    <Modal
      open={open}
      title="高级检索"
      width={720}
      okText="检索"
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ clauses: [{ op: 'and', field: 'title', text: '' }] }}
      >
        <Form.List name="clauses">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'op']} noStyle>
                    <Select aria-label={`条件${i + 1}关系`} options={opOptions} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'field']} noStyle>
                    <Select aria-label={`条件${i + 1}字段`} options={fieldOptions} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'text']}
                    rules={[{ required: i === 0, whitespace: true, message: '请填写检索词' }]}
                  >
                    <Input aria-label={`条件${i + 1}检索词`} placeholder="检索词" style={{ width: 300 }} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <MinusCircleOutlined aria-label="删除条件" onClick={() => remove(field.name)} />
                  )}
                </Space>
              ))}
              {fields.length < 10 && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ op: 'and', field: 'any', text: '' })}
                >
                  添加条件
                </Button>
              )}
            </>
          )}
        </Form.List>
        <Space wrap style={{ marginTop: 16 }}>
          <Form.Item name="library" label="库种">
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 220 }}
              placeholder="全部库种"
              options={libraries.map((l) => ({ value: l.code, label: l.name }))}
            />
          </Form.Item>
          <Form.Item name="validity" label="有效性">
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 200 }}
              placeholder="全部"
              options={Object.entries(validityNames).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="dates" label="发布日期">
            <DatePicker.RangePicker placeholder={['开始日期', '结束日期']} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
