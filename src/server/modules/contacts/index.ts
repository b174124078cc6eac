import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps';
import type { MetricSource } from '../../platform/metrics';
import { contactsRoutes as contactRoutes } from './contacts.routes';
import { ctiRoutes } from './cti.routes';
import { PushHub } from './push';
import { surveysRoutes } from './surveys.routes';
import { transfersRoutes } from './transfers.routes';

export { contactsJobs } from './contacts.jobs';
export type { ContactsTables } from './contacts.tables';
export type { CtiTables } from './cti.tables';

/** The server push of one instance (the app makes it, so /metrics can count its listeners). */
export function createPushHub(deps: Pick<AppDeps, 'db'>, log: FastifyBaseLogger): PushHub {
  return new PushHub(deps.db, log);
}

/** Browsers listening on this instance's event stream, for /metrics. */
export function pushListenersMetric(hub: PushHub): MetricSource {
  return {
    name: 'taxline_sse_listeners',
    help: 'Server-sent event streams open on this instance',
    read: async () => [{ value: hub.listenerCount }],
  };
}

/** Contacts, transfers, callbacks, urging, surveys, CTI and the server push of the incoming-call pop. */
export const contactsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; hub: PushHub }> = async (app, { deps, hub }) => {
  await app.register(contactRoutes, { deps });
  await app.register(transfersRoutes, { deps });
  await app.register(surveysRoutes, { deps });
  await app.register(ctiRoutes, { deps, hub });
};
