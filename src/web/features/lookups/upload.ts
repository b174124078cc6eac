/**
 * File uploads (multipart/form-data), which the JSON wrapper in api.ts does not send: the session's
 * CSRF token is fetched from /api/auth/me and sent like every other change.
 */
import { ApiError } from '../../api';
import { fetchSession } from '../auth/auth.api';

/** Posts a file and text fields; the server's error shape comes back as ApiError. */
export async function uploadFile<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const { csrfToken } = await fetchSession();
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrfToken },
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }
  const body = (await response.json().catch(() => null)) as
    | (T & { error?: undefined })
    | { error?: { code: string; message: string; details?: unknown } }
    | null;
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'HTTP_ERROR',
      error?.message ?? `上传失败（${response.status}）`,
      error?.details,
    );
  }
  return body as T;
}
