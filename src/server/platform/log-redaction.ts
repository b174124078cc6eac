/**
 * The request line as the log keeps it: the values of query parameters that name a caller (a phone number,
 * a taxpayer id) are masked, since the number searched for may be a reporter's (issue 12) and the log is
 * read by more people, for longer, than any page.
 */
// `q`: free text, which may be anything a user typed, a name or a number among it.
const identityParameters = new Set([
  'q',
  'phone',
  'taxpayerid',
  'callerphone',
  'reporterphone',
  'reportername',
  'from',
]);

/** `/api/contacts?phone=13912345678&type=report` → `/api/contacts?phone=***&type=report`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed name is kept as it came: it names no identity parameter.
      }
      return identityParameters.has(decoded.toLowerCase()) ? `${name}=***` : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string | undefined;
  ip?: string | undefined;
  socket?: { remotePort?: number | undefined } | undefined;
}

/** Fastify's own request serializer with the query's identity values masked. */
export function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
