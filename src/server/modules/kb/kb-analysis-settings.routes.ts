import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  kbAddedWordSchema,
  kbDictionaryWordInputSchema,
  kbDictionaryWordSchema,
  kbOkSchema,
  kbSavedSynonymSchema,
  kbSynonymInputSchema,
  kbSynonymSchema,
} from '../../../shared/kb';
import { idParams } from '../../../shared/schemas';
import { requestContext } from '../../platform/request-context';
import * as service from './kb-analysis-settings.service';
import type { KbRouteOptions } from './kb-route-options';

const tags = ['kb'];

/** The analysis data administrators keep: synonyms, abbreviations, question hints and the user dictionary. */
export const kbAnalysisSettingsRoutes: FastifyPluginAsyncZod<KbRouteOptions> = async (app, { deps, search }) => {
  const { db } = deps;

  app.get(
    '/api/kb/synonyms',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '同义词、缩略语和问法提示', response: { 200: z.array(kbSynonymSchema) } },
    },
    async () => service.listSynonyms(db),
  );

  app.post(
    '/api/kb/synonyms',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '新增同义词组', body: kbSynonymInputSchema, response: { 200: kbSavedSynonymSchema } },
    },
    async (request) => service.saveSynonym(requestContext(request, deps), search, null, request.body),
  );

  app.put(
    '/api/kb/synonyms/:id',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '修改同义词组',
        params: idParams,
        body: kbSynonymInputSchema,
        response: { 200: kbSavedSynonymSchema },
      },
    },
    async (request) => service.saveSynonym(requestContext(request, deps), search, request.params.id, request.body),
  );

  app.delete(
    '/api/kb/synonyms/:id',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '删除同义词组', params: idParams, response: { 200: kbOkSchema } },
    },
    async (request) => {
      await service.removeSynonym(requestContext(request, deps), search, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/kb/dictionary',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '分词用户词典（管理员添加的词）',
        response: { 200: z.array(kbDictionaryWordSchema) },
      },
    },
    async () => service.listDictionaryWords(db),
  );

  app.post(
    '/api/kb/dictionary',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '添加词典词条',
        body: kbDictionaryWordInputSchema,
        response: { 200: kbAddedWordSchema },
      },
    },
    async (request) => service.addDictionaryWord(requestContext(request, deps), search, request.body),
  );

  app.delete(
    '/api/kb/dictionary/:id',
    {
      config: { access: 'kb.admin' },
      schema: { tags, summary: '删除词典词条', params: idParams, response: { 200: kbOkSchema } },
    },
    async (request) => {
      await service.removeDictionaryWord(requestContext(request, deps), search, request.params.id);
      return { ok: true as const };
    },
  );
};
