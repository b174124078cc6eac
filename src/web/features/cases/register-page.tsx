import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import {
  type CaseCategory,
  type CaseSource,
  caseCategories,
  caseCategoryNames,
  caseSourceNames,
  caseSources,
} from '../../../shared/cases';
import { formatDeadline } from '../../../shared/deadlines';
import { phoneRules } from '../../components/field-rules';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { formatDateTime } from '../../dates';
import { type CaseOption, listCaseOptions, previewPeriod, registerCase } from './cases.api';

interface RegistrationValues {
  category: CaseCategory;
  source: CaseSource;
  named: boolean;
  reporterName?: string;
  reporterPhone?: string;
  complaintType?: string;
  subjectName: string;
  content: string;
}

const sourceLabels: Record<CaseSource, string> = {
  phone: `${caseSourceNames.phone}登记`,
  walk_in: `${caseSourceNames.walk_in}受理`,
  web: `${caseSourceNames.web}来源登记`,
  other: `${caseSourceNames.other}来源登记`,
};

const noOptions: CaseOption[] = [];
const listComplaintTypes = () => listCaseOptions('complaint_type');
const noPeriod = null as { startAt: string; dueAt: string; workingDays: number } | null;

/** 投诉举报登记: records a complaint or report; saving creates the case in the intake step. */
export function RegisterCasePage() {
  const [form] = Form.useForm<RegistrationValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const category = Form.useWatch('category', form) ?? 'complaint';
  const named = Form.useWatch('named', form) ?? true;
  const { data: complaintTypes } = useLoaded(listComplaintTypes, noOptions);
  const loadPeriod = useCallback(() => previewPeriod(category), [category]);
  const { data: period } = useLoaded(loadPeriod, noPeriod);

  const { submit: save, isSubmitting: isSaving } = useSubmit(
    async (values: RegistrationValues) => {
      const created = await registerCase({
        category: values.category,
        source: values.source,
        named: values.named,
        ...(values.named && values.reporterName?.trim() ? { reporterName: values.reporterName.trim() } : {}),
        ...(values.named && values.reporterPhone?.trim() ? { reporterPhone: values.reporterPhone.trim() } : {}),
        ...(values.category === 'complaint' && values.complaintType ? { complaintType: values.complaintType } : {}),
        subjectName: values.subjectName.trim(),
        content: values.content.trim(),
      });
      void message.success(`已登记，案件编号 ${created.caseNo}`);
      void navigate(`/cases?id=${created.id}`);
    },
    { form },
  );

  return (
    <Card title="投诉举报登记">
      <Form<RegistrationValues>
        form={form}
        name="caseRegistration"
        layout="vertical"
        style={{ maxWidth: 720 }}
        initialValues={{ category: 'complaint', source: 'phone', named: true }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item label="业务类别" name="category" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={caseCategories.map((c) => ({ value: c, label: caseCategoryNames[c] }))}
          />
        </Form.Item>
        <Form.Item label="受理方式" name="source" rules={[{ required: true, message: '请选择受理方式' }]}>
          <Radio.Group options={caseSources.map((s) => ({ value: s, label: sourceLabels[s] }))} />
        </Form.Item>
        <Form.Item label="实名/匿名" name="named" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: true, label: '实名' },
              { value: false, label: '匿名' },
            ]}
          />
        </Form.Item>
        {named ? (
          <Space size="large" wrap>
            <Form.Item
              label={category === 'report' ? '举报人姓名' : '投诉人姓名'}
              name="reporterName"
              rules={[{ required: true, whitespace: true, message: '实名登记须填写姓名' }, { max: 60 }]}
            >
              <Input style={{ width: 240 }} autoComplete="off" />
            </Form.Item>
            <Form.Item label="联系电话" name="reporterPhone" rules={phoneRules}>
              <Input style={{ width: 240 }} autoComplete="off" />
            </Form.Item>
          </Space>
        ) : (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message="匿名登记不记录投诉举报人的身份和联系方式，办理结果无法反馈。"
          />
        )}
        {category === 'complaint' && (
          <Form.Item label="投诉类型" name="complaintType">
            <Select
              allowClear
              placeholder="请选择投诉类型"
              style={{ width: 320 }}
              options={complaintTypes.map((o) => ({ value: o.code, label: o.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          label={category === 'report' ? '被举报单位或个人' : '被投诉单位或个人'}
          name="subjectName"
          rules={[{ required: true, whitespace: true, message: '请填写被投诉举报对象' }, { max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={category === 'report' ? '举报内容' : '投诉内容'}
          name="content"
          rules={[{ required: true, whitespace: true, message: '请填写内容' }, { max: 5000 }]}
        >
          <Input.TextArea rows={6} showCount maxLength={5000} />
        </Form.Item>
        <Form.Item label="办理期限">
          {period ? (
            <Typography.Text>
              {formatDateTime(period.startAt)} 起 {period.workingDays} 个工作日，至 {formatDeadline(period.dueAt)}
              <Typography.Text type="secondary">（受理岗签收后可调整）</Typography.Text>
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">计算中…</Typography.Text>
          )}
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={isSaving}>
            保存
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
