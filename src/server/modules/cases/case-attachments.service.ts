import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '../../db/connection';
import { type Actor, writeAudit } from '../../platform/audit';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import * as repo from './cases.repository';

/** The largest evidence file taken, and how many one case may carry. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_CASE = 30;

/**
 * The evidence types taken, by what the content is (never by the name or the declared type): images,
 * PDF and office documents. `cfb` is the container of legacy .doc/.xls/.ppt files.
 */
const allowedTypes = new Map<string, string>([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
  ['image/bmp', 'bmp'],
  ['image/tiff', 'tif'],
  ['application/pdf', 'pdf'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ['application/x-cfb', 'doc'],
  ['application/vnd.oasis.opendocument.text', 'odt'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
]);

export const tooLarge = () =>
  new AppError('payload_too_large', 'FILE_TOO_LARGE', `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, {
    fields: [{ field: 'file', message: '超过大小上限' }],
  });

function attachmentsDir(dataDir: string, caseId: number) {
  return path.join(dataDir, 'attachments', 'cases', String(caseId));
}

/** A file name that is safe to show and to put in a header: no path, no control characters, bounded. */
function cleanFileName(name: string): string {
  const base = path
    .basename(name.replaceAll('\\', '/'))
    .replace(/\p{Cc}|"/gu, '')
    .trim();
  return (base || '附件').slice(0, 200);
}

/**
 * Stores an evidence file of a case: the content decides the type, the file goes under the data dir,
 * and its row, the case event and the audit row commit together (the file is removed if they do not).
 */
export async function addAttachment(
  db: Db,
  dataDir: string,
  input: { caseId: number; fileName: string; content: Buffer },
  user: CurrentUser,
  actor: Actor,
  now: Date,
) {
  if (!hasPermission(user, 'cases.act') && !hasPermission(user, 'cases.register')) {
    throw forbidden('FORBIDDEN', '您的岗位不能上传附件');
  }
  if (input.content.length === 0) throw invalidField('file', 'FILE_EMPTY', '附件是空文件');
  if (input.content.length > MAX_ATTACHMENT_BYTES) throw tooLarge();
  const detected = await fileTypeFromBuffer(input.content);
  if (!detected || !allowedTypes.has(detected.mime)) {
    throw new AppError('unsupported_media_type', 'FILE_TYPE_NOT_ALLOWED', '只能上传图片、PDF 或 Office 文档', {
      fields: [{ field: 'file', message: '文件类型不允许' }],
    });
  }
  const fileName = cleanFileName(input.fileName);
  const storageKey = `${randomUUID()}.${allowedTypes.get(detected.mime)}`;
  const dir = attachmentsDir(dataDir, input.caseId);
  const file = path.join(dir, storageKey);
  let isWritten = false;
  try {
    return await db.transaction().execute(async (trx) => {
      const record = await repo.findCase(trx, input.caseId);
      if (!record || !isInOrgScope(scopeOf(user), record.orgUnitPath)) throw notFound('CASE_NOT_FOUND', '案件不存在');
      if (record.step === 'closed') throw conflict('CASE_CLOSED', '案件已办结，不能再上传附件');
      if ((await repo.countAttachments(trx, input.caseId)) >= MAX_ATTACHMENTS_PER_CASE) {
        throw conflict('TOO_MANY_ATTACHMENTS', `每个案件最多 ${MAX_ATTACHMENTS_PER_CASE} 个附件`);
      }
      const sha256 = createHash('sha256').update(input.content).digest('hex');
      const id = await repo.insertAttachment(trx, {
        caseId: input.caseId,
        fileName,
        contentType: detected.mime,
        size: input.content.length,
        sha256,
        storageKey,
        uploadedBy: user.id,
        now,
      });
      await repo.insertEvent(trx, {
        caseId: input.caseId,
        at: now,
        actorUserId: user.id,
        action: 'attach',
        fromStep: record.step,
        toStep: record.step,
        orgUnitId: record.org_unit_id,
        holderUserId: record.holder_user_id,
        fields: { attachmentId: id, fileName, size: input.content.length },
        stepDueAt: null,
      });
      await writeAudit(trx, actor, now, {
        action: 'case.attach',
        entityType: 'case',
        entityId: input.caseId,
        after: { attachmentId: id, fileName, contentType: detected.mime, size: input.content.length, sha256 },
      });
      await fs.promises.mkdir(dir, { recursive: true });
      await fs.promises.writeFile(file, input.content, { flag: 'wx' });
      isWritten = true;
      return { id, fileName, contentType: detected.mime, size: input.content.length, sha256 };
    });
  } catch (error) {
    if (isWritten) await fs.promises.rm(file, { force: true });
    throw error;
  }
}

/** An attachment of a visible case, for download: its row and where its bytes are. */
export async function findAttachmentFile(
  db: Db,
  dataDir: string,
  caseId: number,
  attachmentId: number,
  user: CurrentUser,
) {
  const record = await repo.findCase(db, caseId);
  if (!record || !isInOrgScope(scopeOf(user), record.orgUnitPath)) throw notFound('CASE_NOT_FOUND', '案件不存在');
  const attachment = await repo.findAttachment(db, caseId, attachmentId);
  if (!attachment) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
  const file = path.join(attachmentsDir(dataDir, caseId), attachment.storage_key);
  if (!fs.existsSync(file)) throw notFound('ATTACHMENT_NOT_FOUND', '附件文件已丢失，请联系管理员');
  return { attachment, file };
}
