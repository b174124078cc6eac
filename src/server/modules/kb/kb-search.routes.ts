import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  kbAdvancedSearchSchema,
  kbClickThroughQuerySchema,
  kbClickThroughResetSchema,
  kbClickThroughSchema,
  kbHotArticlesSchema,
  kbHotQuerySchema,
  kbResetSchema,
  kbSearchQuerySchema,
  kbSearchResponseSchema,
  kbSearchResultSchema,
  kbSuggestionsSchema,
  kbSuggestQuerySchema,
} from '../../../shared/kb';
import { requestContext } from '../../platform/request-context';
import type { KbRouteOptions } from './kb-route-options';
import * as service from './kb-search.service';

const tags = ['kb'];

/** Search, suggestions, advanced search, hot questions and the click-through boost. */
export const kbSearchRoutes: FastifyPluginAsyncZod<KbRouteOptions> = async (app, { deps, search }) => {
  const { db } = deps;

  app.get(
    '/api/kb/search',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '全文检索（中文分词、同义词、错别字与拼音纠正；view=full 时附分面统计）',
        querystring: kbSearchQuerySchema,
        response: { 200: kbSearchResponseSchema },
      },
    },
    async (request) => service.searchArticles(db, search, request.query),
  );

  app.get(
    '/api/kb/suggest',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '输入联想：边输入边推荐知识（含答复正文）',
        querystring: kbSuggestQuerySchema,
        response: { 200: kbSuggestionsSchema },
      },
    },
    async (request) => service.suggestArticles(search, request.query.q, request.query.limit),
  );

  app.post(
    '/api/kb/advanced-search',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '高级检索：按字段组合与、或、非',
        body: kbAdvancedSearchSchema,
        response: { 200: kbSearchResultSchema },
      },
    },
    async (request) => service.advancedSearch(db, search, request.body),
  );

  app.get(
    '/api/kb/hot',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '热点问题：近期被查阅和采用最多的知识',
        querystring: kbHotQuerySchema,
        response: { 200: kbHotArticlesSchema },
      },
    },
    async (request) => service.hotArticles(requestContext(request, deps), request.query.days, request.query.limit),
  );

  app.get(
    '/api/kb/click-through',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '点击反馈：被采用最多的知识及其排序加成',
        querystring: kbClickThroughQuerySchema,
        response: { 200: kbClickThroughSchema },
      },
    },
    async (request) => service.clickThrough(db, request.query.limit),
  );

  app.post(
    '/api/kb/click-through/reset',
    {
      config: { access: 'kb.admin' },
      schema: {
        tags,
        summary: '清零点击反馈（一条或全部）',
        body: kbClickThroughResetSchema,
        response: { 200: kbResetSchema },
      },
    },
    async (request) => service.resetClickThrough(requestContext(request, deps), request.body.articleId ?? null),
  );
};
