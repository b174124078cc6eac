import {
  type CaseCategory,
  type CaseOptionKind,
  caseCategories,
  caseOptionKindNames,
  caseStepNames,
} from '../../../shared/cases';
import type { DbOrTx } from '../../db/connection';
import { writeAudit } from '../../platform/audit';
import { invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/request-context';
import * as repo from './case-config.repository';
import { currentProcesses, effectiveTimeLimits, type TimeLimitKey } from './processes';

export interface ChosenOption {
  code: string;
  name: string;
}

const pick = (o: repo.CaseOptionRow): ChosenOption => ({ code: o.code, name: o.name });

/** An active option of a flat list, named by its code or its exact name. */
async function resolveFlat(
  db: DbOrTx,
  kind: CaseOptionKind,
  value: string,
  field: string,
  category?: CaseCategory,
): Promise<ChosenOption> {
  const found = (await repo.findOptions(db, kind)).find(
    (o) => o.isActive && (o.code === value || o.name === value) && (!category || o.category === category),
  );
  if (!found) {
    throw invalidField(field, 'UNKNOWN_OPTION', `请从“${caseOptionKindNames[kind]}”列表中选择（${value} 不在列表中）`);
  }
  return pick(found);
}

/** A rejection reason from the configured list (不受理原因). */
export function resolveRejectionReason(db: DbOrTx, value: string): Promise<ChosenOption> {
  return resolveFlat(db, 'rejection_reason', value, 'reason');
}

/** A complaint type from the configured list (投诉类型). */
export function resolveComplaintType(db: DbOrTx, value: string): Promise<ChosenOption> {
  return resolveFlat(db, 'complaint_type', value, 'complaintType', 'complaint');
}

/**
 * The three levels of a classification, each named by code or name, each active and below the one
 * before it, in the tree of the case's category.
 */
export async function resolveClassification(
  db: DbOrTx,
  category: CaseCategory,
  values: readonly string[],
): Promise<ChosenOption[]> {
  const tree = (await repo.findOptions(db, 'classification')).filter((o) => o.category === category && o.isActive);
  const chosen: ChosenOption[] = [];
  let parentId: number | null = null;
  for (const [index, value] of values.entries()) {
    const node = tree.find((o) => o.parentId === parentId && (o.code === value || o.name === value));
    if (!node) {
      throw invalidField(
        `classification.${index}`,
        'UNKNOWN_CLASSIFICATION',
        `第${['一', '二', '三'][index] ?? index + 1}级分类“${value}”不在${index === 0 ? '' : '所选上级分类下的'}分类表中`,
      );
    }
    chosen.push(pick(node));
    parentId = node.id;
  }
  return chosen;
}

/** A configurable list, all of it for the admin page or only the active entries for forms. */
export async function listOptions(db: DbOrTx, kind: CaseOptionKind, options: { activeOnly: boolean }) {
  const all = await repo.findOptions(db, kind);
  return options.activeOnly ? all.filter((o) => o.isActive) : all;
}

export interface NewOption {
  kind: CaseOptionKind;
  category?: CaseCategory | undefined;
  parentId?: number | undefined;
  code: string;
  name: string;
  sortOrder?: number | undefined;
}

export async function createOption({ db, actor, now }: RequestContext, input: NewOption) {
  return db.transaction().execute(async (trx) => {
    let level = 1;
    let category: CaseCategory | null = input.category ?? null;
    if (input.kind === 'classification') {
      if (input.parentId !== undefined) {
        const parent = await repo.findOption(trx, input.parentId);
        if (parent?.kind !== 'classification') {
          throw invalidField('parentId', 'PARENT_NOT_FOUND', '上级分类不存在');
        }
        if (parent.level >= 3) throw invalidField('parentId', 'TOO_DEEP', '分类最多三级，三级分类下不能再加');
        level = parent.level + 1;
        category = parent.category;
      } else if (!input.category) {
        throw invalidField('category', 'CATEGORY_REQUIRED', '一级分类须选择适用于投诉还是举报');
      }
    } else {
      if (input.parentId !== undefined) throw invalidField('parentId', 'NOT_A_TREE', '该列表没有上下级');
      category = input.kind === 'complaint_type' ? 'complaint' : null;
    }
    if (await repo.findOptionByCode(trx, input.kind, input.code)) {
      throw invalidField('code', 'DUPLICATE_CODE', '代码已存在');
    }
    const id = await repo.insertOption(trx, {
      kind: input.kind,
      category,
      parentId: input.parentId ?? null,
      level,
      code: input.code,
      name: input.name,
      sortOrder: input.sortOrder ?? 0,
      now,
    });
    const created = (await repo.findOption(trx, id))!;
    await writeAudit(trx, actor, now, {
      action: 'case_option.create',
      entityType: 'case_option',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function updateOption(
  { db, actor, now }: RequestContext,
  id: number,
  patch: { name?: string | undefined; sortOrder?: number | undefined; isActive?: boolean | undefined },
) {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findOption(trx, id);
    if (!before) throw notFound('CASE_OPTION_NOT_FOUND', '配置项不存在');
    await repo.updateOption(trx, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.sortOrder !== undefined ? { sortOrder: patch.sortOrder } : {}),
      ...(patch.isActive !== undefined ? { isActive: patch.isActive } : {}),
      now,
    });
    const after = (await repo.findOption(trx, id))!;
    await writeAudit(trx, actor, now, {
      action: 'case_option.update',
      entityType: 'case_option',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

const timeLimitName = (key: TimeLimitKey) => (key === 'period' ? '办理期限（自登记起）' : caseStepNames[key]);

/** Every time limit of the current processes: the default of the definition and the value in force. */
export async function listTimeLimits(db: DbOrTx) {
  const overrides = await repo.findTimeLimitOverrides(db);
  return Promise.all(
    caseCategories.map(async (category) => {
      const definition = currentProcesses[category];
      const limits = await effectiveTimeLimits(db, definition);
      const keys: TimeLimitKey[] = [
        'period',
        ...definition.steps.filter((s) => s.workingDays !== null).map((s) => s.step),
      ];
      return {
        processKey: definition.key,
        processName: definition.name,
        limits: keys.map((key) => ({
          key,
          name: timeLimitName(key),
          defaultWorkingDays:
            key === 'period'
              ? definition.periodWorkingDays
              : (definition.steps.find((s) => s.step === key)?.workingDays ?? null),
          workingDays: limits[key],
          isOverride: overrides.some((o) => o.processKey === definition.key && o.step === key),
        })),
      };
    }),
  );
}

/** Sets (or with null, resets to the definition's default) one time limit; applies to steps entered from now on. */
export async function setTimeLimit(
  { db, actor, now }: RequestContext,
  input: { processKey: CaseCategory; key: TimeLimitKey; workingDays: number | null },
) {
  const definition = currentProcesses[input.processKey];
  const isStepWithLimit = (key: TimeLimitKey) =>
    key === 'period' || definition.steps.some((s) => s.step === key && s.workingDays !== null);
  if (!isStepWithLimit(input.key)) throw invalidField('key', 'NO_TIME_LIMIT', '该环节没有办理时限');
  await db.transaction().execute(async (trx) => {
    const before = (await effectiveTimeLimits(trx, definition))[input.key];
    if (input.workingDays === null) await repo.deleteTimeLimit(trx, input.processKey, input.key);
    else {
      await repo.upsertTimeLimit(trx, {
        processKey: input.processKey,
        step: input.key,
        workingDays: input.workingDays,
        by: actor.userId,
        now,
      });
    }
    const after = (await effectiveTimeLimits(trx, definition))[input.key];
    await writeAudit(trx, actor, now, {
      action: 'case_time_limit.set',
      entityType: 'case_time_limit',
      entityId: `${input.processKey}.${input.key}`,
      before: { workingDays: before },
      after: { workingDays: after },
    });
  });
  return listTimeLimits(db);
}
