import { writeAudit } from '../../platform/audit';
import { hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import type { ReceivedUpload } from '../../platform/uploads';
import * as repo from './training.repository';
import { requireCourse } from './training-plans.service';

/** Adds a file to a course's materials (its type already decided by content; the knowledge base's rules). */
export async function addMaterial(
  ctx: RequestContext,
  courseId: number,
  upload: Pick<ReceivedUpload, 'fileName' | 'type' | 'read'>,
) {
  const { db, user, actor, now } = ctx;
  await requireCourse(ctx, courseId, true);
  const content = await upload.read();
  const fileName = upload.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || '培训资料';
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertMaterial(trx, {
      course_id: courseId,
      file_name: fileName,
      content_type: upload.type.mime,
      size: content.length,
      content,
      created_by: user.id,
      created_at: now.toISOString(),
    });
    await writeAudit(trx, actor, now, {
      action: 'training.material_add',
      entityType: 'training_course',
      entityId: courseId,
      after: { materialId: id, fileName, size: content.length },
    });
    return { id, fileName, size: content.length };
  });
}

/** A material for download: for those who see the course's catalogue, and for the people it is taught to. */
export async function materialFile(ctx: RequestContext, id: number) {
  const { db, user } = ctx;
  const found = await repo.findMaterial(db, id);
  const mayRead =
    found &&
    ((hasPermission(user, 'training.lecture') && isInOrgScope(scopeOf(user), found.orgUnitPath)) ||
      (await repo.isTaughtTo(db, found.courseId, user.id)));
  if (!found || !mayRead) throw notFound('MATERIAL_NOT_FOUND', '培训资料不存在');
  return found;
}

export async function removeMaterial(ctx: RequestContext, id: number): Promise<void> {
  const { db, actor, now } = ctx;
  const found = await repo.findMaterial(db, id);
  if (!found) throw notFound('MATERIAL_NOT_FOUND', '培训资料不存在');
  await requireCourse(ctx, found.courseId, true);
  await db.transaction().execute(async (trx) => {
    await repo.deleteMaterial(trx, id);
    await writeAudit(trx, actor, now, {
      action: 'training.material_remove',
      entityType: 'training_course',
      entityId: found.courseId,
      before: { materialId: id, fileName: found.fileName },
    });
  });
}
