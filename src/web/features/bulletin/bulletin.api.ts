import type { BulletinFormat, BulletinRemarksInput, BulletinVersion } from '../../../shared/bulletin';
import { api, withQuery } from '../../api';

export type { BulletinVersion };

export const listBulletins = (month?: string) => api.get<BulletinVersion[]>('/api/bulletins', { month, limit: 100 });

export const generateBulletinDraft = (month: string) => api.post<BulletinVersion>('/api/bulletins', { month });

export const saveBulletinRemarks = (id: number, remarks: BulletinRemarksInput) =>
  api.put<BulletinVersion>(`/api/bulletins/${id}/remarks`, remarks);

export const publishBulletin = (id: number) => api.post<BulletinVersion>(`/api/bulletins/${id}/publish`);

/** The month's bulletin as the contract serves it: the published version, or a preview of the current figures. */
export const monthFileUrl = (month: string, format: BulletinFormat) =>
  withQuery('/api/reports/bulletin', { month, format });

export const versionFileUrl = (id: number, format: BulletinFormat) =>
  withQuery(`/api/bulletins/${id}/file`, { format });
