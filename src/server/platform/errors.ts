/** What went wrong, in terms the HTTP layer maps to a status code; domain code never picks a status. */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'unsupported_media_type';

/** A failure the client can act on: a stable code for programs and a Chinese message for people. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError('bad_request', code, message, details);
export const notFound = (code: string, message: string) => new AppError('not_found', code, message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError('conflict', code, message, details);
export const forbidden = (code: string, message: string) => new AppError('forbidden', code, message);
export const unauthorized = (code: string, message: string) => new AppError('unauthorized', code, message);

/** A 400 that names one field, in the shape the zod validation errors use. */
export const invalidField = (field: string, code: string, message: string) =>
  badRequest(code, message, { fields: [{ field, message }] });
