import { App, Cascader, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useCallback, useMemo } from 'react';
import {
  type CaseAction,
  type CaseCategory,
  type CaseField,
  caseFields,
  feedbackMethodNames,
  feedbackMethods,
} from '../../../shared/cases';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useLoaded } from '../../components/use-loaded';
import { useSubmit } from '../../components/use-submit';
import { toDateString } from '../../dates';
import { useOrgUnits } from '../../reference-data';
import { type CaseDetail, type CaseOption, listCaseOptions, type OfferedAction, performAction } from './cases.api';

/** The label of a field in the context of an action (a "reason" reads differently when rejecting or terminating). */
export function fieldLabel(action: CaseAction | string, field: CaseField | string): string {
  if (field === 'reason') {
    if (action === 'reject') return '不受理原因';
    if (action === 'terminate') return '终止调查原因';
    if (action === 'request_extension') return '延期理由';
  }
  if (field === 'comment' && action === 'send_back') return '退回意见';
  return caseFields[field as CaseField]?.label ?? field;
}

interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

function classificationTree(options: CaseOption[], category: CaseCategory): CascaderOption[] {
  const build = (parentId: number | null): CascaderOption[] =>
    options
      .filter((o) => o.parentId === parentId && o.category === category)
      .map((o) => {
        const children = build(o.id);
        return { value: o.code, label: o.name, ...(children.length > 0 ? { children } : {}) };
      });
  return build(null);
}

const textareaFields = new Set<CaseField>(['comment', 'findings', 'result', 'content']);

const noOptions: CaseOption[] = [];

interface CaseActionModalProps {
  detail: CaseDetail;
  offered: OfferedAction;
  onClose: () => void;
  onDone: (detail: CaseDetail) => void;
}

/** The form of one workflow action, drawn from the fields its definition asks for. Mounted only while open. */
export function CaseActionModal({ detail, offered, onClose, onDone }: CaseActionModalProps) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const { message } = App.useApp();
  const { data: orgUnits } = useOrgUnits();
  const fields = Object.entries(offered.fields) as Array<[CaseField, 'required' | 'optional']>;
  const needsClassification = offered.fields.classification !== undefined;
  const needsReason = offered.action === 'reject';
  const loadClassifications = useCallback(
    async () => (needsClassification ? listCaseOptions('classification') : noOptions),
    [needsClassification],
  );
  const loadReasons = useCallback(
    async () => (needsReason ? listCaseOptions('rejection_reason') : noOptions),
    [needsReason],
  );
  const { data: classifications } = useLoaded(loadClassifications, noOptions);
  const { data: reasons } = useLoaded(loadReasons, noOptions);

  const tree = useMemo(() => classificationTree(classifications, detail.category), [classifications, detail.category]);
  const forwardTargets = useMemo(
    () => orgUnits.filter((u) => u.id !== detail.orgUnit.id),
    [orgUnits, detail.orgUnit.id],
  );

  const inputOf = (field: CaseField): ReactNode => {
    const label = fieldLabel(offered.action, field);
    if (field === 'classification')
      return (
        <Cascader
          options={tree}
          disabled={tree.length === 0}
          placeholder={tree.length === 0 ? '分类加载中…' : '依次选择一、二、三级分类'}
          aria-label={label}
        />
      );
    if (field === 'reason' && offered.action === 'reject') {
      return <Select aria-label={label} options={reasons.map((r) => ({ value: r.code, label: r.name }))} />;
    }
    if (field === 'orgUnitId') return <OrgUnitTreeSelect orgUnits={forwardTargets} aria-label={label} />;
    if (field === 'workingDays')
      return <InputNumber min={1} max={60} suffix="个工作日" style={{ width: 200 }} aria-label={label} />;
    if (field === 'method') {
      return (
        <Select
          aria-label={label}
          options={feedbackMethods.map((m) => ({ value: m, label: feedbackMethodNames[m] }))}
        />
      );
    }
    if (field === 'date' || field === 'periodEnd') return <DatePicker aria-label={label} />;
    if (textareaFields.has(field) || field === 'reason') return <Input.TextArea rows={4} aria-label={label} />;
    return <Input aria-label={label} />;
  };

  const { submit, isSubmitting: isSaving } = useSubmit(
    async (values: Record<string, unknown>) => {
      const body: Record<string, unknown> = { action: offered.action };
      for (const [field] of fields) {
        const value = values[field];
        if (value === undefined || value === null || value === '') continue;
        body[field] =
          field === 'date' || field === 'periodEnd'
            ? toDateString(value as Dayjs)
            : typeof value === 'string'
              ? value.trim()
              : value;
      }
      const after = await performAction(detail.id, body as { action: CaseAction });
      void message.success(`已${offered.name}`);
      onDone(after);
    },
    { form },
  );

  return (
    <Modal
      open
      title={`${offered.name} · ${detail.caseNo}`}
      okText="确定"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} name={`caseAction-${offered.action}`} layout="vertical" onFinish={(v) => void submit(v)}>
        {fields.length === 0 && <p>确定执行“{offered.name}”？</p>}
        {fields.map(([field, presence]) => (
          <Form.Item
            key={field}
            name={field}
            label={fieldLabel(offered.action, field)}
            rules={
              presence === 'required' ? [{ required: true, message: `请填写${fieldLabel(offered.action, field)}` }] : []
            }
          >
            {inputOf(field)}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
