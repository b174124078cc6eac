import type {
  Adoption,
  CallbackResult,
  CallerHistory,
  CallFilters,
  CallPage,
  ContactDetail,
  ContactLogFilters,
  ContactPage,
  ContactType,
  CreatedIntegration,
  DueDaySetting,
  ExtensionHolder,
  FollowUp,
  FollowUpDone,
  FollowUpStatus,
  Inbox,
  InboxTransfer,
  IntegrationKind,
  IntegrationList,
  NewContact,
  OverdueRanking,
  Rating,
  RevealedContact,
  SmsSurvey,
  SurveyFilters,
  SurveyLink,
  SurveyList,
  SurveyRecorded,
  UrgeResult,
} from '../../../shared/contacts';
import { api, type Query, withQuery } from '../../api';

export const registerContact = (input: NewContact) => api.create<ContactDetail>('/api/contacts', input);
export const getContact = (id: number) => api.get<ContactDetail>(`/api/contacts/${id}`);
export const revealContact = (id: number) => api.post<RevealedContact>(`/api/contacts/${id}/reveal`);
export const listContacts = (filters: ContactLogFilters, cursor: string | null, limit = 20) =>
  api.get<ContactPage>('/api/contacts', { ...(filters as Query), cursor, limit });
export const exportContactsUrl = (filters: ContactLogFilters) => {
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
  api.create<ContactDetail>(`/api/contacts/${id}/transfer`, input);
export const closeContact = (id: number, answer: string) =>
  api.post<ContactDetail>(`/api/contacts/${id}/close`, { answer });
export const recordCallback = (id: number, input: { result: CallbackResult; note?: string }) =>
  api.create<ContactDetail>(`/api/contacts/${id}/callbacks`, input);
export const recordSurvey = (id: number, rating: Rating) =>
  api.post<SurveyRecorded>(`/api/contacts/${id}/survey`, rating);
export const createSurveyLink = (id: number) => api.post<SurveyLink>(`/api/contacts/${id}/survey-link`);
export const sendSurveySms = (id: number) => api.post<SmsSurvey>(`/api/contacts/${id}/survey-sms`);

export const fetchInbox = () => api.get<Inbox>('/api/inbox');
export const answerTransfer = (id: number, input: { answer: string; adoption?: Adoption }) =>
  api.post<ContactDetail>(`/api/transfers/${id}/answer`, input);
export const returnTransfer = (id: number, reason: string) =>
  api.post<ContactDetail>(`/api/transfers/${id}/return`, { reason });
export const forwardTransfer = (id: number, input: { departmentId: number; note?: string }) =>
  api.post<ContactDetail>(`/api/transfers/${id}/forward`, input);
export const urgeTransfer = (id: number, note: string) => api.post<UrgeResult>(`/api/transfers/${id}/urge`, { note });
export const listOverdueTransfers = (includeDueSoon: boolean) =>
  api.get<InboxTransfer[]>('/api/transfers/overdue', { includeDueSoon });
export const fetchOverdueRanking = (range: { from?: string; to?: string }) =>
  api.get<OverdueRanking>('/api/transfers/overdue-ranking', range);
/** The .xlsx download of 转办督办: the monitored transfers and the departments' overdue ranking. */
export const exportTransfersUrl = (query: { includeDueSoon: boolean; from?: string; to?: string }) =>
  withQuery('/api/transfers/overdue/export', { ...query });

export const listDueDays = () => api.get<DueDaySetting[]>('/api/contact-types/settings');
export const saveDueDays = (settings: Array<{ type: ContactType; transferDueDays: number }>) =>
  api.put<DueDaySetting[]>('/api/contact-types/settings', {
    settings,
  });

export const listSurveys = (query: SurveyFilters & { limit: number; offset: number }) =>
  api.get<SurveyList>('/api/surveys', query);
/** The .xlsx download of the surveys under these filters (the filters are written into the file). */
export const exportSurveysUrl = (query: SurveyFilters) => withQuery('/api/surveys/export', { ...query });
export const listFollowUps = (status: FollowUpStatus) => api.get<FollowUp[]>('/api/follow-ups', { status });
export const completeFollowUp = (id: number, note: string) =>
  api.post<FollowUpDone>(`/api/follow-ups/${id}/complete`, { note });

export const listCalls = (query: CallFilters, cursor: string | null) =>
  api.get<CallPage>('/api/cti/calls', { ...query, cursor, limit: 20 });
/** The .xlsx download of the call log under these filters (the filters are written into the file). */
export const exportCallsUrl = (query: CallFilters) => withQuery('/api/cti/calls/export', { ...query });
export const listIntegrations = () => api.get<IntegrationList>('/api/cti/integrations');
export const createIntegration = (input: { name: string; kind: IntegrationKind }) =>
  api.post<CreatedIntegration>('/api/cti/integrations', input);
export const revokeIntegration = (id: number) => api.post<void>(`/api/cti/integrations/${id}/revoke`);
export const listExtensions = () => api.get<ExtensionHolder[]>('/api/cti/extensions');
export const setExtension = (userId: number, extension: string | null) =>
  api.patch<unknown>(`/api/admin/users/${userId}`, { extension });
