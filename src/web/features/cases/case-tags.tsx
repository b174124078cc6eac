import { Tag } from 'antd';
import {
  type CaseCategory,
  type CaseDecision,
  type CaseStep,
  caseCategoryNames,
  caseDecisionNames,
  caseStepNames,
} from '../../../shared/cases';
import type { DueState } from './cases.api';

const stepColors: Record<CaseStep, string> = {
  intake: 'blue',
  leader_review: 'purple',
  investigation: 'orange',
  feedback: 'cyan',
  closed: 'default',
};

export function StepTag({ step }: { step: CaseStep }) {
  return <Tag color={stepColors[step]}>{caseStepNames[step]}</Tag>;
}

export function CategoryTag({ category }: { category: CaseCategory }) {
  return <Tag color={category === 'report' ? 'volcano' : 'geekblue'}>{caseCategoryNames[category]}</Tag>;
}

export function DecisionTag({ decision }: { decision: CaseDecision | null }) {
  return decision ? <Tag>{caseDecisionNames[decision]}</Tag> : null;
}

const dueNames: Record<DueState, [string, string]> = {
  on_time: ['未到期', 'green'],
  due_soon: ['即将到期', 'gold'],
  overdue: ['已超期', 'red'],
};

/** 状态 of a case in a list: closed (on time or late) once 办结, else how close it is to its due time. */
export function CaseStateTag({
  item,
}: {
  item: { step: string; dueState: DueState | null; dueAt: string | null; closedAt: string | null };
}) {
  if (item.step === 'closed') {
    const late = item.closedAt !== null && item.dueAt !== null && Date.parse(item.closedAt) > Date.parse(item.dueAt);
    return <Tag color={late ? 'red' : 'default'}>{late ? '超期办结' : '已办结'}</Tag>;
  }
  return <DueTag state={item.dueState} />;
}

/** How close the case is to its step's or its period's due time. */
export function DueTag({ state }: { state: DueState | null }) {
  if (!state) return null;
  const [label, color] = dueNames[state];
  return <Tag color={color}>{label}</Tag>;
}
