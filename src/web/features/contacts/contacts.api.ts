import type {
  Adoption,
  CallbackResult,
  Channel,
  ContactStatus,
  ContactType,
  DueState,
  IntegrationKind,
  Outcome,
  Satisfaction,
  SurveyMethod,
  TransferStatus,
} from '../../../shared/contacts';
import { api, type Query, withQuery } from '../../api';

/** A contact as lists show it (phone and taxpayer id masked unless it is the user's own). */
export interface ContactListItem {
  id: number;
  contactNo: string;
  channel: Channel;
  type: ContactType;
  status: ContactStatus;
  outcome: Outcome;
  callerPhone: string;
  taxpayerId: string | null;
  taxpayerName: string | null;
  taxKind: string | null;
  subject: string;
  agentId: number;
  agentName: string | null;
  ticketNo: string | null;
  caseNo: string | null;
  startedAt: string;
  durationSeconds: number;
}

export interface Transfer {
  id: number;
  departmentId: number;
  departmentName: string;
  status: TransferStatus;
  note: string | null;
  dueAt: string;
  createdAt: string;
  createdBy: string | null;
  answer: string | null;
  adoption: Adoption | null;
  answeredAt: string | null;
  answeredBy: string | null;
  returnReason: string | null;
  returnedAt: string | null;
  returnedBy: string | null;
  forwardedToId: number | null;
  urgeCount: number;
  isOverdue: boolean;
}

export interface ContactDetail extends ContactListItem {
  content: string;
  answer: string | null;
  kbArticles: Array<{ id: number; title: string }>;
  orgUnitName: string;
  caseId: number | null;
  adoption: Adoption | null;
  callbackAttempts: number;
  endedAt: string;
  closedAt: string | null;
  dueAt: string | null;
  isMasked: boolean;
  transfers: Transfer[];
  urges: Array<{ id: number; transferId: number; kind: string; note: string | null; at: string; by: string }>;
  callbacks: Array<{ id: number; result: CallbackResult; note: string | null; at: string; agentName: string }>;
  survey: {
    satisfaction: Satisfaction;
    efficiency: number | null;
    accuracy: number | null;
    comment: string | null;
    method: SurveyMethod;
    collectedAt: string;
  } | null;
  call: {
    id: number;
    callId: string;
    direction: string;
    queue: string | null;
    ivrPath: string | null;
    startedAt: string;
    answeredAt: string | null;
    endedAt: string | null;
    durationSeconds: number | null;
    recordingUrl: string | null;
    cause: string | null;
    events: Array<{ event: string; at: string }>;
  } | null;
  history: Array<{ at: string; actor: string | null; action: string; details: unknown }>;
}

export interface NewContact {
  channel: Channel;
  type: ContactType;
  callerPhone: string;
  taxpayerId?: string;
  taxpayerName?: string;
  taxKind?: string;
  subject: string;
  content: string;
  answer?: string;
  outcome: Outcome;
  departmentId?: number;
  transferNote?: string;
  kbArticles?: Array<{ id: number; title: string }>;
  callRecordId?: number;
  handlingSeconds?: number;
  named?: boolean;
  reporterName?: string;
  subjectName?: string;
  complaintType?: string;
}

export interface LogFilters {
  from?: string;
  to?: string;
  agentId?: number;
  channel?: Channel;
  type?: ContactType;
  status?: ContactStatus;
  phone?: string;
  taxpayerId?: string;
  q?: string;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface InboxTransfer {
  id: number;
  contactId: number;
  contactNo: string;
  ticketNo: string | null;
  type: ContactType;
  channel: string;
  subject: string;
  taxpayerName: string | null;
  departmentId: number;
  departmentName: string;
  agentName: string | null;
  note: string | null;
  createdAt: string;
  dueAt: string;
  dueState: DueState;
  urgeCount: number;
}

export interface Inbox {
  transfers: InboxTransfer[];
  callbacks: Array<ContactListItem & { callbackAttempts: number; since: string }>;
  returned: Array<ContactListItem & { since: string }>;
  openFollowUps: number;
}

export interface CallerHistory {
  recent: Array<ContactListItem & { answer: string | null }>;
  open: ContactListItem[];
}

export interface Rating {
  satisfaction: Satisfaction;
  efficiency?: number;
  accuracy?: number;
  comment?: string;
}

export interface CallItem {
  id: number;
  callId: string;
  from: string;
  to: string;
  direction: string;
  agentId: number | null;
  agentName: string | null;
  agentExtension: string | null;
  queue: string | null;
  ivrPath: string | null;
  cause: string | null;
  recordingUrl: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  contactId: number | null;
  contactNo: string | null;
}

export interface RankingItem {
  rank: number;
  departmentId: number;
  departmentName: string;
  total: number;
  overdue: number;
  overdueOpen: number;
  urges: number;
  overdueRate: number;
}

export interface SurveyList {
  summary: {
    responses: number;
    satisfied: number;
    basicallySatisfied: number;
    unsatisfied: number;
    rate: number | null;
  };
  items: Array<{
    id: number;
    contactId: number;
    contactNo: string;
    subject: string;
    type: ContactType;
    agentName: string;
    satisfaction: Satisfaction;
    efficiency: number | null;
    accuracy: number | null;
    comment: string | null;
    method: SurveyMethod;
    collectedAt: string;
  }>;
}

export interface FollowUp {
  id: number;
  contactId: number;
  contactNo: string;
  subject: string;
  agentName: string;
  method: SurveyMethod;
  comment: string | null;
  status: 'open' | 'done';
  note: string | null;
  createdAt: string;
  doneAt: string | null;
  doneBy: string | null;
}

export interface Integration {
  id: number;
  name: string;
  kind: IntegrationKind;
  tokenHint: string;
  isActive: boolean;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
}

export interface ExtensionHolder {
  userId: number;
  username: string;
  name: string;
  extension: string | null;
  orgUnitName: string;
  isDisabled: boolean;
}

/** What the server pushes when a call is offered to this agent. */
export interface IncomingCall {
  callRecordId: number;
  callId: string;
  from: string;
  to: string;
  queue: string | null;
  ivrPath: string | null;
  at: string;
}

export const registerContact = (input: NewContact) => api.post<ContactDetail>('/api/contacts', input);
export const getContact = (id: number) => api.get<ContactDetail>(`/api/contacts/${id}`);
export const revealContact = (id: number) =>
  api.post<{ callerPhone: string; taxpayerId: string | null }>(`/api/contacts/${id}/reveal`);
export const listContacts = (filters: LogFilters, cursor: string | null, limit = 20) =>
  api.get<CursorPage<ContactListItem>>('/api/contacts', { ...(filters as Query), cursor, limit });
export const exportContactsUrl = (filters: LogFilters) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  }
  const text = params.toString();
  return `/api/contacts/export${text ? `?${text}` : ''}`;
};
export const callerHistory = (by: { phone?: string; taxpayerId?: string }) =>
  api.get<CallerHistory>('/api/contacts/history', by);
export const transferContact = (id: number, input: { departmentId: number; note?: string }) =>
  api.post<ContactDetail>(`/api/contacts/${id}/transfer`, input);
export const closeContact = (id: number, answer: string) =>
  api.post<ContactDetail>(`/api/contacts/${id}/close`, { answer });
export const recordCallback = (id: number, input: { result: CallbackResult; note?: string }) =>
  api.post<ContactDetail>(`/api/contacts/${id}/callbacks`, input);
export const recordSurvey = (id: number, rating: Rating) =>
  api.post<{ id: number }>(`/api/contacts/${id}/survey`, rating);
export const createSurveyLink = (id: number) =>
  api.post<{ token: string; path: string; expiresAt: string }>(`/api/contacts/${id}/survey-link`);
export const sendSurveySms = (id: number) =>
  api.post<{ requestId: number; expiresAt: string }>(`/api/contacts/${id}/survey-sms`);

export const fetchInbox = () => api.get<Inbox>('/api/inbox');
export const answerTransfer = (id: number, input: { answer: string; adoption?: Adoption }) =>
  api.post<ContactDetail>(`/api/transfers/${id}/answer`, input);
export const returnTransfer = (id: number, reason: string) =>
  api.post<ContactDetail>(`/api/transfers/${id}/return`, { reason });
export const forwardTransfer = (id: number, input: { departmentId: number; note?: string }) =>
  api.post<ContactDetail>(`/api/transfers/${id}/forward`, input);
export const urgeTransfer = (id: number, note: string) =>
  api.post<{ id: number; urgeCount: number }>(`/api/transfers/${id}/urge`, { note });
export const listOverdueTransfers = (includeDueSoon: boolean) =>
  api.get<InboxTransfer[]>('/api/transfers/overdue', { includeDueSoon });
export const fetchOverdueRanking = (range: { from?: string; to?: string }) =>
  api.get<{ from: string; to: string; items: RankingItem[] }>('/api/transfers/overdue-ranking', range);
/** The .xlsx download of 转办督办: the monitored transfers and the departments' overdue ranking. */
export const exportTransfersUrl = (query: { includeDueSoon: boolean; from?: string; to?: string }) =>
  withQuery('/api/transfers/overdue/export', { ...query });

export const listDueDays = () =>
  api.get<Array<{ type: ContactType; name: string; transferDueDays: number }>>('/api/contact-types/settings');
export const saveDueDays = (settings: Array<{ type: ContactType; transferDueDays: number }>) =>
  api.put<Array<{ type: ContactType; name: string; transferDueDays: number }>>('/api/contact-types/settings', {
    settings,
  });

export const listSurveys = (query: {
  from?: string;
  to?: string;
  satisfaction?: Satisfaction;
  method?: SurveyMethod;
  limit: number;
  offset: number;
}) => api.get<SurveyList>('/api/surveys', query);
/** The .xlsx download of the surveys under these filters (the filters are written into the file). */
export const exportSurveysUrl = (query: {
  from?: string;
  to?: string;
  satisfaction?: Satisfaction;
  method?: SurveyMethod;
}) => withQuery('/api/surveys/export', { ...query });
export const listFollowUps = (status: 'open' | 'done') => api.get<FollowUp[]>('/api/follow-ups', { status });
export const completeFollowUp = (id: number, note: string) =>
  api.post<{ id: number }>(`/api/follow-ups/${id}/complete`, { note });

export const listCalls = (
  query: { from?: string; to?: string; agentId?: number; phone?: string },
  cursor: string | null,
) => api.get<CursorPage<CallItem>>('/api/cti/calls', { ...query, cursor, limit: 20 });
/** The .xlsx download of the call log under these filters (the filters are written into the file). */
export const exportCallsUrl = (query: { from?: string; to?: string; agentId?: number; phone?: string }) =>
  withQuery('/api/cti/calls/export', { ...query });
export const listIntegrations = () =>
  api.get<{ defaultCtiConfigured: boolean; items: Integration[] }>('/api/cti/integrations');
export const createIntegration = (input: { name: string; kind: IntegrationKind }) =>
  api.post<{ id: number; name: string; kind: IntegrationKind; token: string }>('/api/cti/integrations', input);
export const revokeIntegration = (id: number) => api.post<void>(`/api/cti/integrations/${id}/revoke`);
export const listExtensions = () => api.get<ExtensionHolder[]>('/api/cti/extensions');
export const setExtension = (userId: number, extension: string | null) =>
  api.patch<unknown>(`/api/admin/users/${userId}`, { extension });
