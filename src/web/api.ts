/**
 * The one way the web app talks to the server: JSON in and out, the session cookie, the CSRF
 * header on every change, and failures as `ApiError` carrying the server's Chinese message.
 */

/** A failed call, in the server's shape `{"error": {"code", "message", "details"}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** A field the server rejected, as it lists them in `details.fields`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const LOGIN_PATH = '/api/auth/login';

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Remembers the token that login and /me hand out; every changing request sends it back. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers what to do when the session is gone (a 401 from any call but login). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** Appends the query, leaving out empty values so that filters left blank are not sent. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const error = body.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      return new ApiError(response.status, error.code, error.message, error.details);
    }
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a generic message.
  }
  return new ApiError(response.status, 'HTTP_ERROR', `服务器错误（${response.status}），请稍后重试`);
}

/** Sends a body as it is (JSON text, a form with files, plain text) and reads the JSON answer. */
async function send<T>(
  method: Method,
  path: string,
  body?: BodyInit,
  contentType?: string,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  // A FormData body sets its own multipart content type with the boundary.
  if (contentType) headers['content-type'] = contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }

  if (!response.ok) {
    const error = await readError(response);
    if (error.status === 401 && path !== LOGIN_PATH) unauthorizedHandler?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const request = <T>(method: Method, path: string, body?: unknown) =>
  body === undefined ? send<T>(method, path) : send<T>(method, path, JSON.stringify(body), 'application/json');

/** Tries after a lost connection before giving up. */
const CREATE_ATTEMPTS = 3;

/**
 * Posts a creating write with an `Idempotency-Key`; when the connection fails (the answer may have
 * been lost after the server registered it) it sends the same body with the same key again, and the
 * server answers with what it registered the first time instead of registering it twice.
 */
async function create<T>(path: string, body: unknown): Promise<T> {
  // getRandomValues, not randomUUID: the latter exists only in secure contexts (https or localhost).
  const key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const headers = { 'idempotency-key': key };
  const text = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    try {
      return await send<T>('POST', path, text, 'application/json', headers);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'NETWORK_ERROR' || attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  /** A creating write a lost connection must not repeat (see `create`). */
  create,
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** Posts a file (or other raw body): a FormData form, or text with its content type. */
  upload: <T>(path: string, body: FormData | string, contentType?: string) => send<T>('POST', path, body, contentType),
};

/** The message to show a person for any failure. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作失败，请稍后重试';
}

/** The per-field problems of a 400, when the server named them. */
export function fieldProblemsOf(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return [];
  const fields = (error.details as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter(
    (f): f is FieldProblem =>
      typeof f === 'object' && f !== null && typeof f.field === 'string' && typeof f.message === 'string',
  );
}
