import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  kbColloquialTermInputSchema,
  kbColloquialTermSchema,
  kbIntentRuleSchema,
  kbOkSchema,
} from '../../../shared/kb';
import { idParams } from '../../../shared/schemas';
import { requestContext } from '../../platform/request-context';
import * as service from './kb-colloquial-lexicon.service';
import type { KbRouteOptions } from './kb-route-options';

const tags = ['kb'];
const savedSchema = kbColloquialTermSchema.pick({ id: true, phrase: true, slots: true, category: true });

/** The 口语词表 (colloquialLexicon) administrators keep, and the question-intent rules they read. */
export const kbColloquialLexiconRoutes: FastifyPluginAsyncZod<KbRouteOptions> = async (app, { deps, search }) => {
  app.get(
    '/api/kb/colloquial-lexicon',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '口语词表', response: { 200: z.array(kbColloquialTermSchema) } },
    },
    async (request) => service.listColloquialTerms(requestContext(request, deps)),
  );

  app.post(
    '/api/kb/colloquial-lexicon',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '新增口语词', body: kbColloquialTermInputSchema, response: { 200: savedSchema } },
    },
    async (request) => service.saveColloquialTerm(requestContext(request, deps), search, null, request.body),
  );

  app.put(
    '/api/kb/colloquial-lexicon/:id',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '修改口语词',
        params: idParams,
        body: kbColloquialTermInputSchema,
        response: { 200: savedSchema },
      },
    },
    async (request) =>
      service.saveColloquialTerm(requestContext(request, deps), search, request.params.id, request.body),
  );

  app.delete(
    '/api/kb/colloquial-lexicon/:id',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '删除口语词', params: idParams, response: { 200: kbOkSchema } },
    },
    async (request) => {
      await service.removeColloquialTerm(requestContext(request, deps), search, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/kb/intents',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '问题意图规则', response: { 200: z.array(kbIntentRuleSchema) } },
    },
    async () => service.listIntentRules(),
  );
};
