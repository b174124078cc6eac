import type { CaseCategory, TimeLimitKey } from '../../../shared/cases';
import type { DbOrTx, Tx } from '../../db/connection';
import * as configRepo from './case-config.repository';
import * as repo from './cases.repository';
import { complaintProcess } from './processes/complaint.process';
import { reportProcess } from './processes/report.process';
import { definitionProblems, type ProcessDefinition } from './workflow';

/** The process each new case of a category starts on. */
export const currentProcesses: Record<CaseCategory, ProcessDefinition> = {
  complaint: complaintProcess,
  report: reportProcess,
};

for (const definition of Object.values(currentProcesses)) {
  const problems = definitionProblems(definition);
  if (problems.length > 0) throw new Error(`process ${definition.key} v${definition.version}: ${problems.join('; ')}`);
}

const definitionsById = new Map<number, ProcessDefinition>();

/**
 * The stored id of the current version of a category's process, storing it first if this is the
 * version's first case. A stored version whose text differs from the code means the definition was
 * edited without raising its version: refused, because running cases would silently change course.
 */
export async function storeCurrentVersion(trx: Tx, category: CaseCategory, now: Date): Promise<number> {
  const definition = currentProcesses[category];
  const text = JSON.stringify(definition);
  let stored = await repo.findProcessVersion(trx, definition.key, definition.version);
  if (!stored) {
    await repo.insertProcessVersion(trx, {
      key: definition.key,
      version: definition.version,
      name: definition.name,
      definition: text,
      now,
    });
    stored = await repo.findProcessVersion(trx, definition.key, definition.version);
  }
  if (!stored) throw new Error(`process ${definition.key} v${definition.version} could not be stored`);
  if (stored.definition !== text) {
    throw new Error(`process ${definition.key} v${definition.version} was changed without raising its version`);
  }
  return stored.id;
}

/** The definition a case follows: the version stored when it started (immutable, so cached). */
export async function loadDefinition(db: DbOrTx, processId: number): Promise<ProcessDefinition> {
  const cached = definitionsById.get(processId);
  if (cached) return cached;
  const row = await repo.findProcessById(db, processId);
  if (!row) throw new Error(`process ${processId} not found`);
  const definition = JSON.parse(row.definition) as ProcessDefinition;
  definitionsById.set(processId, definition);
  return definition;
}

export type { TimeLimitKey };

/** The time limits in working days: the administrator's overrides, else the definition's defaults. */
export async function effectiveTimeLimits(
  db: DbOrTx,
  definition: ProcessDefinition,
): Promise<Record<TimeLimitKey, number | null>> {
  const overrides = (await configRepo.findTimeLimitOverrides(db)).filter((o) => o.processKey === definition.key);
  const of = (key: TimeLimitKey, fallback: number | null) =>
    overrides.find((o) => o.step === key)?.workingDays ?? fallback;
  const limits = { period: of('period', definition.periodWorkingDays) } as Record<TimeLimitKey, number | null>;
  for (const step of definition.steps)
    limits[step.step] = step.workingDays === null ? null : of(step.step, step.workingDays);
  return limits;
}
