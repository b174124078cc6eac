import { Button, Tag } from 'antd';
import type { ReactNode } from 'react';
import {
  type Adoption,
  adoptionNames,
  type ContactStatus,
  type ContactType,
  contactStatusNames,
  contactTypeNames,
  type DueState,
  dueStateNames,
  type Satisfaction,
  satisfactionNames,
} from '../../../shared/contacts';
import { formatDeadline } from '../../../shared/deadlines';

const statusColors: Record<ContactStatus, string> = {
  closed: 'default',
  transferred: 'processing',
  returned: 'warning',
  awaiting_callback: 'gold',
  handed_over: 'purple',
};

export function StatusTag({ status }: { status: ContactStatus }) {
  return <Tag color={statusColors[status]}>{contactStatusNames[status]}</Tag>;
}

const typeColors: Record<ContactType, string> = {
  consult: 'blue',
  report: 'red',
  complaint: 'volcano',
  suggestion: 'cyan',
  review_request: 'geekblue',
};

export function TypeTag({ type }: { type: ContactType }) {
  return <Tag color={typeColors[type]}>{contactTypeNames[type]}</Tag>;
}

/** The due-time colours of the inbox: green on time, orange due by the end of the next working day, red overdue. */
export const dueStateColors: Record<DueState, string> = { on_time: 'green', due_soon: 'orange', overdue: 'red' };

export function DueTag({ state, dueAt }: { state: DueState; dueAt: string }) {
  return (
    <Tag color={dueStateColors[state]} data-due-state={state}>
      {dueStateNames[state]} · {formatDeadline(dueAt)}
    </Tag>
  );
}

const satisfactionColors: Record<Satisfaction, string> = {
  satisfied: 'green',
  basically_satisfied: 'blue',
  unsatisfied: 'red',
};

export function SatisfactionTag({ value }: { value: Satisfaction }) {
  return <Tag color={satisfactionColors[value]}>{satisfactionNames[value]}</Tag>;
}

export function AdoptionTag({ value }: { value: Adoption }) {
  return <Tag color={value === 'not_adopted' ? 'default' : 'green'}>{adoptionNames[value]}</Tag>;
}

/** The Chinese name of each audited action of a contact's history. */
export const historyActionNames: Record<string, string> = {
  'contact.register': '登记来电',
  'contact.transfer': '转办',
  'transfer.answer': '处室答复',
  'transfer.return': '处室退回',
  'transfer.forward': '转其他处室',
  'transfer.urge': '班长催办',
  'transfer.due_soon_reminder': '到期提醒',
  'transfer.overdue_notice': '超期通知',
  'contact.callback': '回访',
  'contact.close': '办结',
  'contact.survey': '满意度评价',
  'contact.survey_link': '生成网页评价链接',
  'contact.survey_sms': '发送短信评价',
  'contact.reveal': '查看完整号码',
  'contact.follow_up_done': '不满意评价跟进完成',
  'case.register': '移交投诉举报流程',
};

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}分${s}秒` : `${s}秒`;
}

/** A link-looking button for actions inside tables and lists (opening a detail, not navigating). */
export function LinkButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={onClick}>
      {children}
    </Button>
  );
}
