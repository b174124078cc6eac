import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, Registry } from 'prom-client';
import { unauthorized } from './errors';

/** One gauge whose values are read when Prometheus scrapes (database counts, in-memory sizes). */
export interface MetricSource {
  name: string;
  help: string;
  labelNames?: readonly string[];
  read(): Promise<ReadonlyArray<{ labels?: Record<string, string>; value: number }>>;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics` in Prometheus's text format, only when a token is configured (otherwise the route
 * does not exist: 404), and only for `Authorization: Bearer <token>` (else 401). Request rates and
 * latencies by route come from one histogram (its `_count` is the rate); everything else from the
 * sources, read at scrape time. Each app has its own registry.
 */
export function installMetrics(
  app: FastifyInstance,
  options: { token: string | undefined; sources: readonly MetricSource[] },
): void {
  const { token } = options;
  if (!token) return;
  const registry = new Registry();
  const requests = new Histogram({
    name: 'taxline_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status: latency in seconds (the _count is the request count)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  for (const source of options.sources) {
    new Gauge({
      name: source.name,
      help: source.help,
      labelNames: [...(source.labelNames ?? [])],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { labels, value } of await source.read()) {
          if (labels) this.set(labels, value);
          else this.set(value);
        }
      },
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    requests.observe(
      {
        method: request.method,
        // The route's pattern, never the raw URL: ids and query strings would make endless series.
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  const expected = sha256(token);
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!presented || !timingSafeEqual(sha256(presented), expected)) {
      throw unauthorized('METRICS_TOKEN_INVALID', '监控指标令牌无效');
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
