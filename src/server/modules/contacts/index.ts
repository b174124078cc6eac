import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps';
import { contactsRoutes as contactRoutes } from './contacts.routes';
import { ctiRoutes } from './cti.routes';
import { PushHub } from './push';
import { surveysRoutes } from './surveys.routes';
import { transfersRoutes } from './transfers.routes';

export { contactsJobs } from './contacts.jobs';
export type { ContactsTables } from './contacts.tables';
export type { CtiTables } from './cti.tables';

/** Contacts, transfers, callbacks, urging, surveys, CTI and the server push of the incoming-call pop. */
export const contactsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const hub = new PushHub(deps.db, app.log);
  await app.register(contactRoutes, { deps });
  await app.register(transfersRoutes, { deps });
  await app.register(surveysRoutes, { deps });
  await app.register(ctiRoutes, { deps, hub });
};
