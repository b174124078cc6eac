import type { FastifyRequest } from 'fastify';

/**
 * Query and path parameters whose values are personal data or secrets (phone numbers, taxpayer ids,
 * names, survey tokens, query codes, free-text searches): the request log shows them as [redacted].
 */
const personalParameters = new Set([
  'phone',
  'callerphone',
  'reporterphone',
  'mobile',
  'taxpayerid',
  'taxpayername',
  'reportername',
  'subjectname',
  'name',
  'username',
  'token',
  'code',
  'querycode',
  'idnumber',
  'q',
  'keyword',
]);
const REDACTED = '[redacted]';
const isPersonal = (key: string) => personalParameters.has(key.toLowerCase());

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The URL as the log may show it: personal query values and path parameters replaced by [redacted]. */
export function redactUrl(url: string, params: unknown = {}): string {
  const at = url.indexOf('?');
  const pathname = at === -1 ? url : url.slice(0, at);
  const search = at === -1 ? '' : url.slice(at + 1);
  const personalValues = new Set(
    Object.entries((params ?? {}) as Record<string, unknown>)
      .filter(([key, value]) => isPersonal(key) && typeof value === 'string' && value !== '')
      .map(([, value]) => value as string),
  );
  const path = pathname
    .split('/')
    .map((segment) => (personalValues.has(decoded(segment)) ? REDACTED : segment))
    .join('/');
  if (!search) return path;
  const query = search
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decoded((eq === -1 ? pair : pair.slice(0, eq)).replaceAll('+', ' '));
      return isPersonal(key) && eq !== -1 ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/** Pino serializers of the request log: the redacted URL, and the client's own request id apart from the server's. */
export const requestLogSerializers = {
  req(request: FastifyRequest) {
    const clientRequestId = request.headers?.['x-request-id'];
    return {
      method: request.method,
      url: redactUrl(request.url, request.params),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
      ...(typeof clientRequestId === 'string' ? { clientRequestId: clientRequestId.slice(0, 64) } : {}),
    };
  },
};
