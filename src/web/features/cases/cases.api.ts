import type {
  ActionDefinitionView,
  AttachmentUploaded,
  CaseAction,
  CaseAssignee,
  CaseCategory,
  CaseDetail,
  CaseListQuery,
  CaseOption,
  CaseOptionChanges,
  CaseOptionKind,
  CaseRegistered,
  CaseRegistrationInput,
  CaseSummary,
  NewCaseOption,
  PeriodPreview,
  ProcessDefinitionView,
  ProcessVersion,
  RevealedReporter,
  TimeLimitInput,
  TimeLimits,
} from '../../../shared/cases';
import type { CountedPage } from '../../../shared/schemas';
import { api } from '../../api';

export type {
  Attachment,
  CaseDetail,
  CaseOption,
  CaseSummary,
  DueState,
  Extension,
  HistoryEntry,
  OfferedAction,
  Person,
  ProcessVersion,
  TimeLimits,
} from '../../../shared/cases';
export type ActionDefinition = ActionDefinitionView;
export type ProcessDefinition = ProcessDefinitionView;
/** The filters of the case search as the web sends them (`overdue` as a boolean; the query string carries it as text). */
export type CaseQuery = Omit<CaseListQuery, 'overdue'> & { overdue?: boolean };

/** A page of a list that counts its rows. */
export type Page<T> = CountedPage<T>;

export const registerCase = (input: CaseRegistrationInput) => api.create<CaseRegistered>('/api/cases', input);
export const previewPeriod = (category: CaseCategory) =>
  api.get<PeriodPreview>('/api/cases/period-preview', { category });
export const listCases = (query: CaseQuery & { limit: number; offset: number }) =>
  api.get<Page<CaseSummary>>('/api/cases', { ...query });
export const listInbox = (ownOffice: boolean) => api.get<Page<CaseSummary>>('/api/cases/inbox', { ownOffice });
export const fetchCase = (id: number) => api.get<CaseDetail>(`/api/cases/${id}`);
export const claimCase = (id: number) => api.post<CaseDetail>(`/api/cases/${id}/claim`);
export const releaseCase = (id: number) => api.post<CaseDetail>(`/api/cases/${id}/release`);
export const listAssignees = (id: number) => api.get<CaseAssignee[]>(`/api/cases/${id}/assignees`);
export const reassignCase = (id: number, userId: number) =>
  api.post<CaseDetail>(`/api/cases/${id}/reassign`, { userId });
export const performAction = (id: number, body: { action: CaseAction } & Record<string, unknown>) =>
  api.post<CaseDetail>(`/api/cases/${id}/actions`, body);
export const revealReporter = (id: number) => api.post<RevealedReporter>(`/api/cases/${id}/reveal-reporter`);
export const listProcesses = () =>
  api.get<{ current: ProcessDefinition[]; versions: ProcessVersion[] }>('/api/case-processes');
export const fetchStoredProcess = (id: number) => api.get<ProcessDefinition>(`/api/case-processes/${id}`);
export const listCaseOptions = (kind: CaseOptionKind) => api.get<CaseOption[]>('/api/case-options', { kind });
export const listAllCaseOptions = (kind: CaseOptionKind) => api.get<CaseOption[]>('/api/admin/case-options', { kind });
export const createCaseOption = (input: NewCaseOption) => api.post<CaseOption>('/api/admin/case-options', input);
export const updateCaseOption = (id: number, changes: CaseOptionChanges) =>
  api.patch<CaseOption>(`/api/admin/case-options/${id}`, changes);
export const listTimeLimits = () => api.get<TimeLimits[]>('/api/admin/case-time-limits');
export const setTimeLimit = (input: TimeLimitInput) => api.put<TimeLimits[]>('/api/admin/case-time-limits', input);

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

/** Withdraws an evidence file (its uploader, the case's holder, those who manage claims). */
export const withdrawAttachment = (caseId: number, attachmentId: number) =>
  api.delete<void>(`/api/cases/${caseId}/attachments/${attachmentId}`);

/** Uploads one evidence file as multipart/form-data. */
export function uploadAttachment(caseId: number, file: File): Promise<AttachmentUploaded> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<AttachmentUploaded>(`/api/cases/${caseId}/attachments`, form);
}
