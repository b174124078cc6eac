import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  type ArticleStatus,
  kbAddedAttachmentSchema,
  kbArticleInputSchema,
  kbArticleSchema,
  kbCreatedSchema,
  kbDiffQuerySchema,
  kbEmptyBodySchema,
  kbManagedArticleSchema,
  kbManagedListSchema,
  kbManageListQuerySchema,
  kbOkSchema,
  kbReturnSchema,
  kbReviewedSchema,
  kbTransitionedSchema,
  kbUpdatedArticleSchema,
  kbVersionDiffSchema,
  kbVersionParamsSchema,
  kbVersionSchema,
  kbVoteSchema,
  kbVotesSchema,
} from '../../../shared/kb';
import { fileResponse, idParams } from '../../../shared/schemas';
import { requireUser } from '../../platform/http';
import { requestContext } from '../../platform/request-context';
import { receiveUpload } from '../../platform/uploads';
import * as service from './kb-articles.service';
import * as attachments from './kb-attachments.service';
import type { KbRouteOptions } from './kb-route-options';

const tags = ['kb'];

/** Reading, voting on and editing articles, their lifecycle, versions and attachments. */
export const kbArticleRoutes: FastifyPluginAsyncZod<KbRouteOptions> = async (app, { deps, search }) => {
  const { db } = deps;

  app.get(
    '/api/kb/articles/:id',
    {
      config: { access: 'kb.read' },
      schema: { tags, summary: '阅读知识（已发布版本）', params: idParams, response: { 200: kbArticleSchema } },
    },
    async (request) => service.readArticle(requestContext(request, deps), request.params.id),
  );

  app.post(
    '/api/kb/articles/:id/vote',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '评价知识是否有用',
        params: idParams,
        body: kbVoteSchema,
        response: { 200: kbVotesSchema },
      },
    },
    async (request) => service.voteOnArticle(requestContext(request, deps), request.params.id, request.body.useful),
  );

  app.get(
    '/api/kb/attachments/:id',
    {
      config: { access: 'kb.read' },
      schema: {
        tags,
        summary: '下载附件',
        params: idParams,
        response: { 200: fileResponse('application/octet-stream', '附件文件（按其实际类型）') },
      },
    },
    async (request, reply) => {
      const file = await attachments.attachmentFile(db, requireUser(request), request.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.content));
    },
  );

  // ---- editing ----

  app.get(
    '/api/kb/manage/articles',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '知识管理列表（含草稿、待审核、已下架；flagged=true 只看引用了失效知识的）',
        querystring: kbManageListQuerySchema,
        response: { 200: kbManagedListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      return service.listManagedArticles(
        requestContext(request, deps),
        {
          status: q.status,
          libraryCode: q.library,
          categoryId: q.category,
          q: q.q || undefined,
          flaggedOnly: q.flagged === 'true',
        },
        { limit: q.limit, offset: q.offset },
      );
    },
  );

  app.get(
    '/api/kb/manage/articles/:id',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '知识的工作稿、版本和附件',
        params: idParams,
        response: { 200: kbManagedArticleSchema },
      },
    },
    async (request) => service.manageArticle(requestContext(request, deps), request.params.id),
  );

  app.post(
    '/api/kb/manage/articles',
    {
      config: { access: 'kb.edit' },
      schema: { tags, summary: '新建知识（草稿）', body: kbArticleInputSchema, response: { 200: kbCreatedSchema } },
    },
    async (request) => service.createArticle(requestContext(request, deps), request.body),
  );

  app.put(
    '/api/kb/manage/articles/:id',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '修改知识（已发布的知识改为新草稿）',
        params: idParams,
        body: kbArticleInputSchema,
        response: { 200: kbUpdatedArticleSchema },
      },
    },
    async (request) => service.updateArticle(requestContext(request, deps), request.params.id, request.body),
  );

  const transition = (
    path: string,
    access: 'kb.edit' | 'kb.publish',
    to: ArticleStatus,
    summary: string,
    withNote = false,
  ) =>
    app.post(
      `/api/kb/manage/articles/:id/${path}`,
      {
        config: { access },
        schema: {
          tags,
          summary,
          params: idParams,
          body: withNote ? kbReturnSchema : kbEmptyBodySchema,
          response: { 200: kbTransitionedSchema },
        },
      },
      async (request) =>
        service.transitionArticle(requestContext(request, deps), search, request.params.id, to, {
          note: (request.body as { note?: string } | undefined)?.note,
        }),
    );
  transition('submit', 'kb.edit', 'review', '提交审核');
  transition('return', 'kb.publish', 'draft', '退回修改', true);
  transition('publish', 'kb.publish', 'published', '审核通过并发布');
  transition('archive', 'kb.publish', 'archived', '下架');
  transition('restore', 'kb.edit', 'draft', '恢复为草稿');

  app.post(
    '/api/kb/manage/articles/:id/mark-reviewed',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '已复核：所引用的知识失效后已检查本条',
        params: idParams,
        body: kbEmptyBodySchema,
        response: { 200: kbReviewedSchema },
      },
    },
    async (request) => service.markCitationsReviewed(requestContext(request, deps), request.params.id),
  );

  app.get(
    '/api/kb/manage/articles/:id/versions/:version',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '某一发布版本的内容',
        params: kbVersionParamsSchema,
        response: { 200: kbVersionSchema },
      },
    },
    async (request) => service.articleVersion(db, request.params.id, request.params.version),
  );

  app.get(
    '/api/kb/manage/articles/:id/diff',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '两个发布版本之间的差异',
        params: idParams,
        querystring: kbDiffQuerySchema,
        response: { 200: kbVersionDiffSchema },
      },
    },
    async (request) => service.diffVersions(db, request.params.id, request.query.from, request.query.to),
  );

  app.post(
    '/api/kb/manage/articles/:id/attachments',
    {
      config: { access: 'kb.edit' },
      schema: {
        tags,
        summary: '上传附件（multipart 字段 file，最大 10 MB）',
        params: idParams,
        response: { 200: kbAddedAttachmentSchema },
      },
    },
    async (request) => {
      const upload = await receiveUpload(request, {
        dataDir: deps.dataDir,
        maxBytes: attachments.maxAttachmentBytes,
        accept: attachments.attachmentTypes,
      });
      try {
        return await attachments.addAttachment(requestContext(request, deps), { articleId: request.params.id, upload });
      } finally {
        await upload.discard();
      }
    },
  );

  app.delete(
    '/api/kb/attachments/:id',
    {
      config: { access: 'kb.edit' },
      schema: { tags, summary: '删除附件', params: idParams, response: { 200: kbOkSchema } },
    },
    async (request) => {
      await attachments.removeAttachment(requestContext(request, deps), request.params.id);
      return { ok: true as const };
    },
  );
};
