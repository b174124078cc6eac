import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { kbAnalysisSettingsRoutes } from './kb-analysis-settings.routes';
import { kbArticleRoutes } from './kb-articles.routes';
import { kbCatalogueRoutes } from './kb-catalogue.routes';
import { kbColloquialLexiconRoutes } from './kb-colloquial-lexicon.routes';
import { kbExchangeRoutes } from './kb-exchange.routes';
import type { KbRouteOptions } from './kb-route-options';
import { kbSearchRoutes } from './kb-search.routes';
import { warmSearchIndex } from './kb-search.service';

/** Knowledge base: search, articles and their lifecycle, import/export, the catalogue and the analysis data. */
export const kbRoutes: FastifyPluginAsyncZod<KbRouteOptions> = async (app, options) => {
  const { deps, search } = options;
  app.addHook('onClose', async () => search.close());
  app.addHook('onReady', async () => warmSearchIndex(deps.db, search, app.log));

  // NDJSON for the import, in this plugin's scope only; the body limit is set on the route.
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  await app.register(kbSearchRoutes, options);
  await app.register(kbArticleRoutes, options);
  await app.register(kbExchangeRoutes, options);
  await app.register(kbCatalogueRoutes, options);
  await app.register(kbAnalysisSettingsRoutes, options);
  await app.register(kbColloquialLexiconRoutes, options);
};
