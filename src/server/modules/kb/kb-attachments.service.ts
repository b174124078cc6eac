import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '../../db/connection';
import { type Actor, writeAudit } from '../../platform/audit';
import type { CurrentUser } from '../../platform/auth/current-user';
import { invalidField, notFound } from '../../platform/errors';
import * as articlesRepo from './kb-articles.repository';

/** Use cases of article attachments: kept in the database, their type checked by content. */

const allowedAttachmentTypes = new Map<string, string>([
  ['pdf', 'application/pdf'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['doc', 'application/msword'],
  ['xls', 'application/vnd.ms-excel'],
  ['cfb', 'application/x-cfb'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['zip', 'application/zip'],
]);

export const maxAttachmentBytes = 10 * 1024 * 1024;

/** Stores an attachment after checking what it is by its content, not by its name. */
export async function addAttachment(
  db: Db,
  user: CurrentUser,
  input: { articleId: number; fileName: string; content: Buffer },
  actor: Actor,
  now: Date,
) {
  if (input.content.length === 0) throw invalidField('file', 'FILE_EMPTY', '文件为空');
  const detected = await fileTypeFromBuffer(input.content);
  let contentType = detected ? allowedAttachmentTypes.get(detected.ext) : undefined;
  if (!detected && /\.txt$/i.test(input.fileName) && isUtf8Text(input.content))
    contentType = 'text/plain; charset=utf-8';
  if (!contentType) {
    throw invalidField('file', 'FILE_TYPE_NOT_ALLOWED', '仅支持 PDF、Word、Excel、PowerPoint、图片、压缩包和文本文件');
  }
  const fileName = input.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || '附件';
  return db.transaction().execute(async (trx) => {
    if (!(await articlesRepo.findArticle(trx, input.articleId))) throw notFound('ARTICLE_NOT_FOUND', '知识不存在');
    const id = await articlesRepo.insertAttachment(trx, {
      articleId: input.articleId,
      fileName,
      contentType,
      content: input.content,
      userId: user.id,
      now,
    });
    await writeAudit(trx, actor, now, {
      action: 'kb.attachment.add',
      entityType: 'kb_article',
      entityId: input.articleId,
      after: { attachmentId: id, fileName, size: input.content.length },
    });
    return { id, fileName, contentType, size: input.content.length };
  });
}

function isUtf8Text(content: Buffer): boolean {
  if (content.includes(0)) return false;
  return !new TextDecoder('utf-8', { fatal: false }).decode(content).includes('\uFFFD');
}

export async function attachmentFile(db: Db, id: number) {
  const found = await articlesRepo.findAttachment(db, id);
  if (!found) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
  return found;
}

export async function removeAttachment(db: Db, id: number, actor: Actor, now: Date) {
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
