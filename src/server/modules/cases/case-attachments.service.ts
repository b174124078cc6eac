import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db, DbOrTx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import type { AcceptedTypes, ReceivedUpload } from '../../platform/uploads';
import * as repo from './cases.repository';
import { stateOf } from './cases.service';
import { isInCaseWorkflow, mayWithdrawEvidence } from './evidence-access';
import { loadDefinition } from './processes';
import { claimRoles } from './workflow';

/** The largest evidence file taken, and how many one case may carry. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_CASE = 30;

/**
 * The evidence types taken, by what the content is (never by the name or the declared type): images,
 * PDF and office documents. `cfb` is the container of legacy .doc/.xls/.ppt files.
 */
const extensionOfType = new Map<string, string>([
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
  ['application/msword', 'doc'],
  ['application/vnd.ms-excel', 'xls'],
  ['application/vnd.ms-powerpoint', 'ppt'],
  ['application/vnd.oasis.opendocument.text', 'odt'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
]);

export const evidenceTypes: AcceptedTypes = {
  mimes: new Set(extensionOfType.keys()),
  refuse: () =>
    new AppError('unsupported_media_type', 'FILE_TYPE_NOT_ALLOWED', '只能上传图片、PDF 或 Office 文档', {
      fields: [{ field: 'file', message: '文件类型不允许' }],
    }),
};

function attachmentsDir(dataDir: string, caseId: number) {
  return path.join(dataDir, 'attachments', 'cases', String(caseId));
}

async function requireOpenVisibleCase(db: DbOrTx, caseId: number, user: CurrentUser) {
  const record = await repo.findCase(db, caseId);
  if (!record || !isInOrgScope(scopeOf(user), record.orgUnitPath)) throw notFound('CASE_NOT_FOUND', '案件不存在');
  if (record.step === 'closed') throw conflict('CASE_CLOSED', '案件已办结，不能再变更附件');
  return record;
}

/**
 * Who may add evidence to a case: those in its workflow — whoever holds it, whoever may take its
 * current step (the roles that may claim it now), and whoever registered it or acted on it before.
 * Seeing a case is not enough: any agent of the office could otherwise fill its 30-file quota.
 */
async function requireEvidenceContributor(db: DbOrTx, record: repo.CaseRecord, user: CurrentUser) {
  if (!hasPermission(user, 'cases.act') && !hasPermission(user, 'cases.register')) {
    throw forbidden('FORBIDDEN', '您的岗位不能上传附件');
  }
  const definition = await loadDefinition(db, record.process_id);
  const context = {
    step: record.step,
    holderUserId: record.holder_user_id,
    claimRoles: claimRoles(definition, stateOf(record)),
    isParticipant: false,
  };
  if (isInCaseWorkflow(user, context)) return;
  if (await repo.isCaseParticipant(db, record.id, user.id)) return;
  throw forbidden('NOT_IN_CASE_WORKFLOW', '只有参与办理该案件的人员可以上传附件');
}

/** Refuses, before the file is read, an upload its sender may not make (404, 409 or 403). */
export async function checkEvidenceUpload(db: Db, caseId: number, user: CurrentUser): Promise<void> {
  await requireEvidenceContributor(db, await requireOpenVisibleCase(db, caseId, user), user);
}

/**
 * Stores an evidence file of a case (its type already decided by its content): the file goes under the
 * data dir, and its row, the case event and the audit row commit together (the file is removed if they
 * do not). The sender must be in the case's workflow, checked again in the transaction.
 */
export async function addAttachment(
  { db, user, actor, now }: RequestContext,
  dataDir: string,
  input: { caseId: number; upload: Pick<ReceivedUpload, 'fileName' | 'type' | 'read'> },
) {
  const content = await input.upload.read();
  const contentType = input.upload.type.mime;
  const fileName = input.upload.fileName;
  const storageKey = `${randomUUID()}.${extensionOfType.get(contentType) ?? 'bin'}`;
  const dir = attachmentsDir(dataDir, input.caseId);
  const file = path.join(dir, storageKey);
  let isWritten = false;
  try {
    return await db.transaction().execute(async (trx) => {
      const record = await requireOpenVisibleCase(trx, input.caseId, user);
      await requireEvidenceContributor(trx, record, user);
      if ((await repo.countAttachments(trx, input.caseId)) >= MAX_ATTACHMENTS_PER_CASE) {
        throw conflict('TOO_MANY_ATTACHMENTS', `每个案件最多 ${MAX_ATTACHMENTS_PER_CASE} 个附件`);
      }
      const sha256 = createHash('sha256').update(content).digest('hex');
      const id = await repo.insertAttachment(trx, {
        caseId: input.caseId,
        fileName,
        contentType,
        size: content.length,
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
        fields: { attachmentId: id, fileName, size: content.length },
        stepDueAt: null,
      });
      await writeAudit(trx, actor, now, {
        action: 'case.attach',
        entityType: 'case',
        entityId: input.caseId,
        after: { attachmentId: id, fileName, contentType, size: content.length, sha256 },
      });
      await fs.promises.mkdir(dir, { recursive: true });
      await fs.promises.writeFile(file, content, { flag: 'wx' });
      isWritten = true;
      return { id, fileName, contentType, size: content.length, sha256 };
    });
  } catch (error) {
    if (isWritten) await fs.promises.rm(file, { force: true });
    throw error;
  }
}

/**
 * Withdraws an evidence file of an open case: its uploader may, and so may the case's holder and those
 * who manage claims (team leads, leaders) in whose scope it is. The row goes, an event and an audit
 * row (with the file's sha256) record it in the same transaction, and the file is removed after.
 */
export async function withdrawAttachment(
  { db, user, actor, now }: RequestContext,
  dataDir: string,
  input: { caseId: number; attachmentId: number },
): Promise<void> {
  const storageKey = await db.transaction().execute(async (trx) => {
    const record = await requireOpenVisibleCase(trx, input.caseId, user);
    const attachment = await repo.findAttachment(trx, input.caseId, input.attachmentId);
    if (!attachment) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
    const context = { step: record.step, holderUserId: record.holder_user_id, uploadedBy: attachment.uploaded_by };
    if (!mayWithdrawEvidence(user, context))
      throw forbidden('CANNOT_WITHDRAW_ATTACHMENT', '只有上传人、案件签收人或管理人员可以撤回附件');
    await repo.deleteAttachment(trx, input.caseId, input.attachmentId);
    const fields = { attachmentId: attachment.id, fileName: attachment.file_name, size: attachment.size };
    await repo.insertEvent(trx, {
      caseId: input.caseId,
      at: now,
      actorUserId: user.id,
      action: 'detach',
      fromStep: record.step,
      toStep: record.step,
      orgUnitId: record.org_unit_id,
      holderUserId: record.holder_user_id,
      fields,
      stepDueAt: null,
    });
    await writeAudit(trx, actor, now, {
      action: 'case.detach',
      entityType: 'case',
      entityId: input.caseId,
      before: { ...fields, uploadedBy: attachment.uploaded_by, sha256: attachment.sha256 },
    });
    return attachment.storage_key;
  });
  await fs.promises.rm(path.join(attachmentsDir(dataDir, input.caseId), storageKey), { force: true });
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
