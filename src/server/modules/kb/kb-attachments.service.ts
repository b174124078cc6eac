import type { Db } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import type { AcceptedTypes, ReceivedUpload } from '../../platform/uploads';
import * as articlesRepo from './kb-articles.repository';

/** Use cases of article attachments: kept in the database, their type decided by content on receipt. */

/** What an attachment may be, by content: PDF, Office documents, images, zip archives, UTF-8 text. */
export const attachmentTypes: AcceptedTypes = {
  mimes: new Set([
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/msword',
    'application/vnd.ms-excel',
    'application/vnd.ms-powerpoint',
    'application/x-cfb',
    'image/png',
    'image/jpeg',
    'image/gif',
    'application/zip',
    'text/plain; charset=utf-8',
  ]),
  refuse: () =>
    invalidField('file', 'FILE_TYPE_NOT_ALLOWED', '仅支持 PDF、Word、Excel、PowerPoint、图片、压缩包和文本文件'),
};

export const maxAttachmentBytes = 10 * 1024 * 1024;

/** Stores a received attachment (its type already decided by its content). */
export async function addAttachment(
  { db, user, actor, now }: RequestContext,
  input: { articleId: number; upload: Pick<ReceivedUpload, 'fileName' | 'type' | 'read'> },
) {
  const content = await input.upload.read();
  const contentType = input.upload.type.mime;
  const fileName = input.upload.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || '附件';
  return db.transaction().execute(async (trx) => {
    if (!(await articlesRepo.findArticle(trx, input.articleId))) throw notFound('ARTICLE_NOT_FOUND', '知识不存在');
    const id = await articlesRepo.insertAttachment(trx, {
      articleId: input.articleId,
      fileName,
      contentType,
      content: content,
      userId: user.id,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'kb.attachment.add',
      entityType: 'kb_article',
      entityId: input.articleId,
      after: { attachmentId: id, fileName, size: content.length },
    });
    return { id, fileName, contentType, size: content.length };
  });
}

/**
 * An attachment for download, under the article's own rule: readers see those of an article with a
 * published version that is not archived; a draft's (or an archived article's) only those who edit.
 */
export async function attachmentFile(db: Db, user: CurrentUser, id: number) {
  const found = await articlesRepo.findAttachment(db, id);
  if (!found) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
  if (!hasPermission(user, 'kb.edit')) {
    const article = await articlesRepo.findArticle(db, found.articleId);
    if (!article || article.publishedVersion === null || article.status === 'archived')
      throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
  }
  return found;
}

export async function removeAttachment({ db, actor, now }: RequestContext, id: number) {
  return db.transaction().execute(async (trx) => {
    const found = await articlesRepo.findAttachment(trx, id);
    if (!found) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
    await articlesRepo.deleteAttachment(trx, id);
    await writeAudit(trx, actor, now, {
      action: 'kb.attachment.remove',
      entityType: 'kb_article',
      entityId: found.articleId,
      before: { attachmentId: id, fileName: found.fileName },
    });
  });
}
