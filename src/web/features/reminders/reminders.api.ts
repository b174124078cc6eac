import type { z } from 'zod';
import type {
  CallbackAgent,
  CallbackTask,
  Campaign,
  CampaignDetail,
  CreateCampaignInput,
  callResultRecordedSchema,
  callResultSchema,
  OptOut,
  optOutAddedSchema,
  optOutBodySchema,
  Recipient,
  RecipientFilter,
  ReminderDefaults,
  ReminderList,
  ReminderListImport,
  recipientPageSchema,
  reminderListFieldsSchema,
  SmsSettingsView,
  smsSettingsPatchSchema,
} from '../../../shared/reminders';
import { api, withQuery } from '../../api';
import { uploadFile } from '../../components/upload';

export type {
  CallbackAgent as Agent,
  CallbackTask,
  Campaign,
  CampaignDetail,
  Recipient,
  ReminderList,
  SmsSettingsView as SmsSettings,
};

export const listReminderLists = () => api.get<ReminderList[]>('/api/reminders/lists');
export const importReminderList = (file: File, fields: z.infer<typeof reminderListFieldsSchema>) =>
  uploadFile<ReminderListImport>('/api/reminders/lists', file, fields);
export const listCampaigns = () => api.get<Campaign[]>('/api/reminders/campaigns');
export const fetchCampaign = (id: number) => api.get<CampaignDetail>(`/api/reminders/campaigns/${id}`);
export const listRecipients = (id: number, query: RecipientFilter & { limit: number; offset: number }) =>
  api.get<z.infer<typeof recipientPageSchema>>(`/api/reminders/campaigns/${id}/recipients`, query);
/** The .xlsx download of a campaign's recipients under this filter (phones masked as in the list). */
export const exportRecipientsUrl = (id: number, query: RecipientFilter) =>
  withQuery(`/api/reminders/campaigns/${id}/recipients/export`, { ...query });
export const createCampaign = (body: CreateCampaignInput) => api.post<CampaignDetail>('/api/reminders/campaigns', body);
export const cancelCampaign = (id: number) => api.post<CampaignDetail>(`/api/reminders/campaigns/${id}/cancel`);
export const fetchDefaults = () => api.get<ReminderDefaults>('/api/reminders/defaults');
export const listAgents = () => api.get<CallbackAgent[]>('/api/reminders/agents');
export const listMyTasks = (status: 'pending' | 'done') => api.get<CallbackTask[]>('/api/reminders/tasks', { status });
export const recordCallResult = (id: number, body: z.input<typeof callResultSchema>) =>
  api.post<z.infer<typeof callResultRecordedSchema>>(`/api/reminders/tasks/${id}/result`, body);
export const fetchSmsSettings = () => api.get<SmsSettingsView>('/api/reminders/sms-settings');
export const saveSmsSettings = (body: z.infer<typeof smsSettingsPatchSchema>) =>
  api.put<SmsSettingsView>('/api/reminders/sms-settings', body);
export const listOptOuts = (phone?: string) => api.get<OptOut[]>('/api/reminders/opt-outs', { phone });
export const addOptOut = (body: z.input<typeof optOutBodySchema>) =>
  api.post<z.infer<typeof optOutAddedSchema>>('/api/reminders/opt-outs', body);
export const removeOptOut = (phone: string) => api.delete<void>(`/api/reminders/opt-outs/${encodeURIComponent(phone)}`);
