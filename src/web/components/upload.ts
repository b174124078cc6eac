import { api } from '../api';

/** Posts a file and text fields as multipart/form-data. */
export function uploadFile<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set('file', file, file.name);
  return api.upload<T>(path, form);
}
