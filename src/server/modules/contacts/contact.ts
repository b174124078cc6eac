/**
 * The rules of contacts and transfers, without I/O: the two workflows as transition tables, due-time
 * states, numbers, and the satisfaction key of an IVR path or SMS reply.
 */
import {
  type ContactStatus,
  type ContactType,
  type DueState,
  type Satisfaction,
  satisfactionKeys,
  type TransferStatus,
} from '../../../shared/contacts';
import { shanghaiDate } from '../../platform/dates';
import { conflict } from '../../platform/errors';

/** Where a contact may go from each status; no status is set anywhere but through `assertContactTransition`. */
export const contactTransitions = {
  closed: [],
  transferred: ['awaiting_callback', 'returned'],
  returned: ['transferred', 'closed'],
  awaiting_callback: ['closed', 'transferred'],
  handed_over: [],
} as const satisfies Record<ContactStatus, readonly ContactStatus[]>;

export const transferTransitions = {
  open: ['answered', 'returned', 'forwarded'],
  answered: [],
  returned: [],
  forwarded: [],
} as const satisfies Record<TransferStatus, readonly TransferStatus[]>;

const contactStatusWords: Record<ContactStatus, string> = {
  closed: '已办结',
  transferred: '正在转办',
  returned: '已被退回',
  awaiting_callback: '等待回访',
  handed_over: '已移交投诉举报流程',
};

/** Throws a 409 naming the contact's status when it may not move to `to`. */
export function assertContactTransition(from: ContactStatus, to: ContactStatus, what: string): void {
  if (!(contactTransitions[from] as readonly ContactStatus[]).includes(to)) {
    throw conflict('CONTACT_STATUS_CONFLICT', `该来电${contactStatusWords[from]}，不能${what}`, { status: from });
  }
}

/** Throws a 409 when the transfer has already been dealt with. */
export function assertTransferOpen(status: TransferStatus, what: string): void {
  if (status !== 'open') {
    const word = { answered: '已被答复', returned: '已被退回', forwarded: '已转其他处室' }[status];
    throw conflict('TRANSFER_ALREADY_HANDLED', `该转办单${word}，不能${what}`, { status });
  }
}

export const DEFAULT_TRANSFER_DUE_DAYS = 2;

/** The state of an open transfer at `now`: overdue past its due time, due soon when due by the end of the next working day. */
export function dueStateOf(dueAt: Date, now: Date, endOfNextWorkingDay: Date): DueState {
  if (dueAt.getTime() <= now.getTime()) return 'overdue';
  if (dueAt.getTime() <= endOfNextWorkingDay.getTime()) return 'due_soon';
  return 'on_time';
}

/** `LD20261127000123`: the Shanghai date and a 6-digit sequence of that day. */
export function formatContactNo(now: Date, sequence: number): string {
  return `LD${shanghaiDate(now).replaceAll('-', '')}${String(sequence).padStart(6, '0')}`;
}

/** `GD202611270001`: the Shanghai date and a 4-digit sequence of that day. */
export function formatTicketNo(now: Date, sequence: number): string {
  return `GD${shanghaiDate(now).replaceAll('-', '')}${String(sequence).padStart(4, '0')}`;
}

/** Reports always go to the complaints-and-reports workflow; complaints go there unless answered on the spot. */
export function isCaseType(type: ContactType): type is 'report' | 'complaint' {
  return type === 'report' || type === 'complaint';
}

/**
 * The satisfaction key of an IVR path: the satisfaction menu after the agent's leg is written `S`
 * followed by the key (`1>3>S2`: the caller pressed 1, then 3, then rated 2 = 基本满意).
 */
export function satisfactionOfIvrPath(ivrPath: string | null | undefined): Satisfaction | null {
  const match = ivrPath ? /(?:^|[>\-/,\s])S([1-3])\s*$/i.exec(ivrPath) : null;
  return match ? satisfactionKeys[match[1] as '1' | '2' | '3'] : null;
}

/** The rating of an SMS reply: `1`/`2`/`3` first, or the words themselves. */
export function satisfactionOfSmsReply(text: string): Satisfaction | null {
  const t = text.trim().replace(/^[【[].*?[】\]]/, '');
  const key = /^\s*([1-3])(?!\d)/.exec(t)?.[1];
  if (key) return satisfactionKeys[key as '1' | '2' | '3'];
  if (t.startsWith('不满意')) return 'unsatisfied';
  if (t.startsWith('基本满意')) return 'basically_satisfied';
  if (t.startsWith('满意')) return 'satisfied';
  return null;
}

/** Where the bell takes an agent for one of their contacts. */
export const contactInboxLink = (contactId: number) => `/inbox?contact=${contactId}`;
