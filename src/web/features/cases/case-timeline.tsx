import { Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import {
  type CaseAction,
  type CaseCategory,
  type CaseSource,
  caseCategoryNames,
  caseSourceNames,
  caseStepNames,
  type FeedbackMethod,
  feedbackMethodNames,
} from '../../../shared/cases';
import { fieldLabel } from './case-action-modal';
import { formatDeadline, formatMinute } from './case-dates';
import type { HistoryEntry } from './cases.api';

/** Labels of the history fields that are not action fields (resolved names, registration, extensions). */
const extraLabels: Record<string, string> = {
  reasonName: '原因说明',
  dueBefore: '原办理期限',
  dueAt: '办理期限',
  stepDueBefore: '原环节时限',
  stepDueAt: '环节时限',
  note: '说明',
  category: '业务类别',
  source: '受理方式',
  named: '实名',
  subjectName: '被投诉举报对象',
  complaintType: '投诉类型',
  contactId: '来电记录',
  previousHolder: '原签收人',
  holder: '签收人',
  fileName: '文件名',
  size: '大小（字节）',
  attachmentId: '附件编号',
};

const hidden = new Set(['reason']);

/** Names of configured option codes (投诉类型) the history may carry, by code. */
type OptionNames = Readonly<Record<string, string>>;

function showValue(key: string, value: unknown, optionNames: OptionNames): string {
  if (value === null || value === undefined) return '—';
  if (key === 'complaintType') return optionNames[String(value)] ?? String(value);
  if (key === 'classification' && Array.isArray(value)) {
    return value.map((v) => (typeof v === 'object' && v ? (v as { name: string }).name : String(v))).join(' / ');
  }
  if (key === 'method') return feedbackMethodNames[value as FeedbackMethod] ?? String(value);
  if (key === 'category') return caseCategoryNames[value as CaseCategory] ?? String(value);
  if (key === 'source') return caseSourceNames[value as CaseSource] ?? String(value);
  if (key === 'named') return value ? '是' : '否';
  if (['dueAt', 'dueBefore', 'stepDueAt', 'stepDueBefore'].includes(key)) return formatDeadline(String(value));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function FieldList({ entry, optionNames }: { entry: HistoryEntry; optionNames: OptionNames }) {
  const keys = Object.keys(entry.fields).filter(
    (k) =>
      !(hidden.has(k) && entry.fields.reasonName !== undefined) && !(k === 'orgUnitId' && entry.fields.orgUnitName),
  );
  if (keys.length === 0) return null;
  return (
    <Descriptions
      size="small"
      column={1}
      style={{ marginTop: 4 }}
      items={keys.map((key) => ({
        key,
        label:
          key === 'orgUnitName'
            ? entry.action === 'forward'
              ? '拟转往'
              : '移交至'
            : (extraLabels[key] ?? fieldLabel(entry.action as CaseAction, key)),
        children: <span style={{ whiteSpace: 'pre-wrap' }}>{showValue(key, entry.fields[key], optionNames)}</span>,
      }))}
    />
  );
}

const colorOf = (entry: HistoryEntry) => {
  if (entry.action === 'reveal_reporter') return 'red';
  if (entry.fromStep !== entry.toStep) return 'blue';
  return 'gray';
};

/** 办理历史: every event of the case — who, when, what they decided, with which fields, and the due time it set. */
export function CaseTimeline({ history, optionNames = {} }: { history: HistoryEntry[]; optionNames?: OptionNames }) {
  if (history.length === 0) return <Empty />;
  return (
    <Timeline
      items={history.map((entry) => ({
        key: entry.id,
        color: colorOf(entry),
        content: (
          <div data-history-action={entry.action}>
            <Space wrap size={4}>
              <Typography.Text strong>{entry.actionName}</Typography.Text>
              <Typography.Text>{entry.actor?.name ?? '系统'}</Typography.Text>
              <Typography.Text type="secondary">{formatMinute(entry.at)}</Typography.Text>
              {entry.fromStep && entry.toStep && entry.fromStep !== entry.toStep && (
                <Tag>
                  {caseStepNames[entry.fromStep]} → {caseStepNames[entry.toStep]}
                </Tag>
              )}
              {!entry.fromStep && entry.toStep && <Tag>→ {caseStepNames[entry.toStep]}</Tag>}
              <Typography.Text type="secondary">{entry.orgUnit.name}</Typography.Text>
              {entry.stepDueAt && entry.fromStep !== entry.toStep && (
                <Typography.Text type="secondary">环节时限 {formatDeadline(entry.stepDueAt)}</Typography.Text>
              )}
              {entry.holder && ['claim', 'reassign'].includes(entry.action) && (
                <Typography.Text type="secondary">签收人 {entry.holder.name}</Typography.Text>
              )}
            </Space>
            <FieldList entry={entry} optionNames={optionNames} />
          </div>
        ),
      }))}
    />
  );
}
