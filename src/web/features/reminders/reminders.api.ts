import { api, withQuery } from '../../api';
import type { ImportOutcome } from '../lookups/import-result';
import { uploadFile } from '../lookups/upload';

export interface ReminderList {
  id: number;
  name: string;
  segment: string;
  segmentName: string;
  orgUnitName: string;
  status: 'importing' | 'ready' | 'failed';
  fileName: string;
  totalRows: number;
  loadedRows: number;
  failedRows: number;
  createdByName: string | null;
  createdAt: string;
}

export interface Campaign {
  id: number;
  name: string;
  kind: string;
  kindName: string;
  channel: 'sms' | 'callback';
  channelName: string;
  listId: number;
  listName: string;
  orgUnitName: string;
  period: string;
  deadline: string | null;
  template: string;
  status: 'queuing' | 'active' | 'completed' | 'cancelled';
  total: number;
  queued: number;
  skippedOptOut: number;
  skippedDuplicate: number;
  createdByName: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface CampaignDetail extends Campaign {
  progress: {
    done: number;
    total: number;
    byStatus?: Record<string, { name: string; count: number }>;
    byResult?: Record<string, { name: string; count: number }>;
    byAgent?: Array<{ agentId: number; agentName: string; pending: number; done: number }>;
  };
}

export interface Recipient {
  id: number;
  taxpayerId: string;
  taxpayerName: string;
  phone: string;
  status: string;
  statusName?: string;
  resultName?: string | null;
  agentName?: string;
  note?: string | null;
  attempts: number;
  sentAt?: string | null;
  deliveredAt?: string | null;
  lastError?: string | null;
  doneAt?: string | null;
}

export interface CallbackTask {
  id: number;
  campaignName: string;
  kindName: string;
  period: string;
  deadline: string | null;
  script: string;
  taxpayerId: string;
  taxpayerName: string;
  phone: string;
  amountDueFen: number | null;
  status: string;
  result: string | null;
  resultName: string | null;
  note: string | null;
  attempts: number;
}

export interface SmsSettings {
  gateway: 'file' | 'console' | 'http';
  filePath: string;
  httpUrl: string | null;
  httpBodyTemplate: string;
  signature: string;
  ratePerSecond: number;
  quietStart: string;
  quietEnd: string;
  maxAttempts: number;
  hasHttpToken: boolean;
  hasCallbackToken: boolean;
}

export interface Agent {
  id: number;
  name: string;
  username: string;
  extension: string | null;
  orgUnitName: string;
}

export const listReminderLists = () => api.get<ReminderList[]>('/api/reminders/lists');
export const importReminderList = (file: File, fields: { name: string; segment: string }) =>
  uploadFile<ImportOutcome & { listId: number; status: string }>('/api/reminders/lists', file, fields);
export const listCampaigns = () => api.get<Campaign[]>('/api/reminders/campaigns');
export const fetchCampaign = (id: number) => api.get<CampaignDetail>(`/api/reminders/campaigns/${id}`);
export const listRecipients = (id: number, query: { status?: string; limit: number; offset: number }) =>
  api.get<{ total: number; items: Recipient[] }>(`/api/reminders/campaigns/${id}/recipients`, query);
/** The .xlsx download of a campaign's recipients under this filter (phones masked as in the list). */
export const exportRecipientsUrl = (id: number, query: { status?: string }) =>
  withQuery(`/api/reminders/campaigns/${id}/recipients/export`, { ...query });
export const createCampaign = (body: {
  name: string;
  kind: string;
  channel: string;
  listId: number;
  period: string;
  deadline?: string;
  template?: string;
  agentIds?: number[];
}) => api.post<CampaignDetail>('/api/reminders/campaigns', body);
export const cancelCampaign = (id: number) => api.post<CampaignDetail>(`/api/reminders/campaigns/${id}/cancel`);
export const fetchDefaults = () =>
  api.get<{ templates: Record<string, string>; placeholders: string[]; suggestedDeadline: string }>(
    '/api/reminders/defaults',
  );
export const listAgents = () => api.get<Agent[]>('/api/reminders/agents');
export const listMyTasks = (status: 'pending' | 'done') => api.get<CallbackTask[]>('/api/reminders/tasks', { status });
export const recordCallResult = (id: number, body: { result: string; note?: string }) =>
  api.post<{ status: string; resultName: string }>(`/api/reminders/tasks/${id}/result`, body);
export const fetchSmsSettings = () => api.get<SmsSettings>('/api/reminders/sms-settings');
export const saveSmsSettings = (
  body: Partial<SmsSettings> & { httpToken?: string | null; callbackToken?: string | null },
) => api.put<SmsSettings>('/api/reminders/sms-settings', body);
export const listOptOuts = (phone?: string) =>
  api.get<Array<{ phone: string; source: string; note: string | null; createdAt: string }>>('/api/reminders/opt-outs', {
    phone,
  });
export const addOptOut = (body: { phone: string; note?: string }) =>
  api.post<{ phone: string }>('/api/reminders/opt-outs', body);
export const removeOptOut = (phone: string) => api.delete<void>(`/api/reminders/opt-outs/${encodeURIComponent(phone)}`);
