import type {
  CaseAction,
  CaseCategory,
  CaseDecision,
  CaseField,
  CaseOptionKind,
  CaseSource,
  CaseStep,
  ExtensionStatus,
} from '../../../shared/cases';
import type { Role } from '../../../shared/permissions';
import { api } from '../../api';

export interface Person {
  id: number;
  username: string;
  name: string;
}

export type DueState = 'on_time' | 'due_soon' | 'overdue';

/** A case as lists show it; the reporter is always masked here. */
export interface CaseSummary {
  id: number;
  caseNo: string;
  category: CaseCategory;
  step: CaseStep;
  decision: CaseDecision | null;
  needsAcceptance: boolean;
  subjectName: string;
  source: CaseSource;
  named: boolean;
  reporterName: string | null;
  orgUnit: { id: number; name: string };
  holder: Person | null;
  isMine: boolean;
  registeredAt: string;
  dueAt: string;
  stepDueAt: string | null;
  dueState: DueState | null;
  closedAt: string | null;
}

export interface OfferedAction {
  action: CaseAction;
  name: string;
  fields: Partial<Record<CaseField, 'required' | 'optional'>>;
  to: CaseStep | 'previous' | null;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: Person | null;
  action: string;
  actionName: string;
  fromStep: CaseStep | null;
  toStep: CaseStep | null;
  orgUnit: { id: number; name: string };
  holder: Person | null;
  fields: Record<string, unknown>;
  stepDueAt: string | null;
}

export interface Extension {
  id: number;
  status: ExtensionStatus;
  workingDays: number;
  reason: string;
  requestedAt: string;
  requestedByName: string;
  stepDueBefore: string | null;
  dueBefore: string;
  stepDueAfter: string | null;
  dueAfter: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
  comment: string | null;
}

export interface Attachment {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedByName: string;
}

/** GET /api/cases/:id. */
export interface CaseDetail extends CaseSummary {
  registeredOrgUnit: { id: number; name: string };
  reporterPhone: string | null;
  canRevealReporter: boolean;
  content: string;
  complaintType: string | null;
  complaintTypeName: string | null;
  contactId: number | null;
  classification: Array<{ code: string; name: string }> | null;
  rejectionReason: string | null;
  forwardOrgUnit: { id: number; name: string } | null;
  result: string | null;
  registeredBy: Person;
  claimedAt: string | null;
  stepEnteredAt: string;
  isStepOverdue: boolean;
  isOverdue: boolean;
  process: { id: number; key: CaseCategory; version: number; name: string };
  availableActions: OfferedAction[];
  offeredActions: CaseAction[];
  canClaim: boolean;
  canRelease: boolean;
  canReassign: boolean;
  canAttach: boolean;
  extensions: Extension[];
  attachments: Attachment[];
  history: HistoryEntry[];
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface Registration {
  category: CaseCategory;
  source: CaseSource;
  named: boolean;
  reporterName?: string;
  reporterPhone?: string;
  subjectName: string;
  content: string;
  complaintType?: string;
}

export interface CaseQuery {
  caseNo?: string;
  category?: CaseCategory;
  step?: CaseStep;
  orgUnitId?: number;
  from?: string;
  to?: string;
  q?: string;
  overdue?: boolean;
}

/** The process definition as the server stores it (see src/server/modules/cases/workflow.ts). */
export interface ActionDefinition {
  action: CaseAction;
  roles: Role[];
  fields: Partial<Record<CaseField, 'required' | 'optional'>>;
  when?: { decisions?: CaseDecision[]; acceptancePending?: boolean; named?: boolean };
  to?: CaseStep | 'previous';
  decision?: CaseDecision;
}

export interface ProcessDefinition {
  key: CaseCategory;
  version: number;
  name: string;
  periodWorkingDays: number;
  steps: Array<{ step: CaseStep; workingDays: number | null; actions: ActionDefinition[] }>;
}

export interface ProcessVersion {
  id: number;
  key: CaseCategory;
  version: number;
  name: string;
  createdAt: string;
  openCases: number;
}

export interface CaseOption {
  id: number;
  kind: CaseOptionKind;
  category: CaseCategory | null;
  parentId: number | null;
  level: number;
  code: string;
  name: string;
  sortOrder: number;
  isActive: boolean;
}

export interface TimeLimits {
  processKey: CaseCategory;
  processName: string;
  limits: Array<{
    key: CaseStep | 'period';
    name: string;
    defaultWorkingDays: number | null;
    workingDays: number | null;
    isOverride: boolean;
  }>;
}

export const registerCase = (input: Registration) =>
  api.post<{ id: number; caseNo: string; step: 'intake'; dueAt: string }>('/api/cases', input);
export const previewPeriod = (category: CaseCategory) =>
  api.get<{ startAt: string; dueAt: string; workingDays: number }>('/api/cases/period-preview', { category });
export const listCases = (query: CaseQuery & { limit: number; offset: number }) =>
  api.get<Page<CaseSummary>>('/api/cases', { ...query });
export const listInbox = (ownOffice: boolean) => api.get<Page<CaseSummary>>('/api/cases/inbox', { ownOffice });
export const fetchCase = (id: number) => api.get<CaseDetail>(`/api/cases/${id}`);
export const claimCase = (id: number) => api.post<CaseDetail>(`/api/cases/${id}/claim`);
export const releaseCase = (id: number) => api.post<CaseDetail>(`/api/cases/${id}/release`);
export const listAssignees = (id: number) =>
  api.get<Array<Person & { orgUnitName: string }>>(`/api/cases/${id}/assignees`);
export const reassignCase = (id: number, userId: number) =>
  api.post<CaseDetail>(`/api/cases/${id}/reassign`, { userId });
export const performAction = (id: number, body: { action: CaseAction } & Record<string, unknown>) =>
  api.post<CaseDetail>(`/api/cases/${id}/actions`, body);
export const revealReporter = (id: number) =>
  api.post<{ reporterName: string | null; reporterPhone: string | null }>(`/api/cases/${id}/reveal-reporter`);
export const listProcesses = () =>
  api.get<{ current: ProcessDefinition[]; versions: ProcessVersion[] }>('/api/case-processes');
export const fetchStoredProcess = (id: number) => api.get<ProcessDefinition>(`/api/case-processes/${id}`);
export const listCaseOptions = (kind: CaseOptionKind) => api.get<CaseOption[]>('/api/case-options', { kind });
export const listAllCaseOptions = (kind: CaseOptionKind) => api.get<CaseOption[]>('/api/admin/case-options', { kind });
export const createCaseOption = (input: {
  kind: CaseOptionKind;
  category?: CaseCategory;
  parentId?: number;
  code: string;
  name: string;
  sortOrder?: number;
}) => api.post<CaseOption>('/api/admin/case-options', input);
export const updateCaseOption = (id: number, changes: { name?: string; sortOrder?: number; isActive?: boolean }) =>
  api.patch<CaseOption>(`/api/admin/case-options/${id}`, changes);
export const listTimeLimits = () => api.get<TimeLimits[]>('/api/admin/case-time-limits');
export const setTimeLimit = (input: {
  processKey: CaseCategory;
  key: CaseStep | 'period';
  workingDays: number | null;
}) => api.put<TimeLimits[]>('/api/admin/case-time-limits', input);

/** The export of a search as an Excel file (reporter masked), downloaded by the browser. */
export function exportUrl(query: CaseQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `/api/cases/export?${text}` : '/api/cases/export';
}

export const attachmentUrl = (caseId: number, attachmentId: number) =>
  `/api/cases/${caseId}/attachments/${attachmentId}`;

/** Uploads one evidence file as multipart/form-data. */
export function uploadAttachment(caseId: number, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<Attachment>(`/api/cases/${caseId}/attachments`, form);
}
