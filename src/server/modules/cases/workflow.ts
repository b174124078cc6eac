/**
 * The workflow engine: the shape of a process definition, the checks that a definition is sound,
 * and the one guard every transition goes through. Pure: no I/O.
 */
import { z } from 'zod';
import {
  type ActionFields,
  type CaseAction,
  type CaseCategory,
  type CaseDecision,
  type CaseField,
  type CaseStep,
  caseActionNames,
  caseActions,
  caseFieldKeys,
  caseFields,
  caseStepNames,
  caseSteps,
} from '../../../shared/cases';
import { type Role, roles } from '../../../shared/permissions';
import { badRequest, conflict, forbidden, invalidField } from '../../platform/errors';

/** One action a step offers: who may take it, what it needs, where it leads. */
export interface ActionDefinition {
  action: CaseAction;
  /** The roles that may take the action (the holder must have one of them). */
  roles: readonly Role[];
  /** The fields of the request body, each required or optional. */
  fields: Partial<Record<CaseField, 'required' | 'optional'>>;
  /** When the action is offered at all; every condition given must hold. */
  when?: {
    /** The decision leader review is looking at. */
    decisions?: readonly CaseDecision[];
    /** true: only while a case that came down from another office still waits for its acceptance decision. */
    acceptancePending?: boolean;
    /** true: only for named reporters; false: only for anonymous ones. */
    named?: boolean;
  };
  /**
   * The step the case moves to; `previous` returns to the step that sent it to leader review.
   * No `to`: the case stays in its step (a note on the case, not a transition).
   */
  to?: CaseStep | 'previous';
  /** The decision leader review sees when this action sends the case there. */
  decision?: CaseDecision;
}

export interface StepDefinition {
  step: CaseStep;
  /** The step's default time limit in working days (an administrator may override it); null: no limit. */
  workingDays: number | null;
  actions: readonly ActionDefinition[];
}

/** A whole process: its steps and their actions, and the default processing period. */
export interface ProcessDefinition {
  key: CaseCategory;
  version: number;
  name: string;
  /** The default processing period (办理期限) from registration, in working days. */
  periodWorkingDays: number;
  steps: readonly StepDefinition[];
}

/** What the guard needs to know about a case. */
export interface CaseState {
  step: CaseStep;
  decision: CaseDecision | null;
  needsAcceptance: boolean;
  isNamed: boolean;
  previousStep: CaseStep | null;
  holderUserId: number | null;
}

export interface WorkflowActor {
  userId: number;
  roles: readonly Role[];
}

/** A checked transition: the action's definition, where the case is and where it goes. */
export interface Transition {
  definition: ActionDefinition;
  from: CaseStep;
  to: CaseStep;
}

/** The problems of a definition, in words; empty when it is sound. Run by the tests and before storing a version. */
export function definitionProblems(definition: ProcessDefinition): string[] {
  const problems: string[] = [];
  const seen = new Set<CaseStep>();
  for (const step of definition.steps) {
    if (!caseSteps.includes(step.step)) problems.push(`unknown step ${step.step}`);
    if (seen.has(step.step)) problems.push(`step ${step.step} twice`);
    seen.add(step.step);
    const actionsSeen = new Set<CaseAction>();
    for (const a of step.actions) {
      const where = `${step.step}.${a.action}`;
      if (!caseActions.includes(a.action)) problems.push(`${where}: unknown action`);
      if (actionsSeen.has(a.action)) problems.push(`${where}: offered twice in one step`);
      actionsSeen.add(a.action);
      if (a.roles.length === 0) problems.push(`${where}: no role may take it`);
      for (const r of a.roles) if (!roles.includes(r)) problems.push(`${where}: unknown role ${r}`);
      for (const f of Object.keys(a.fields)) {
        if (!caseFieldKeys.includes(f as CaseField)) problems.push(`${where}: unknown field ${f}`);
      }
      if (a.to && a.to !== 'previous' && !definition.steps.some((s) => s.step === a.to)) {
        problems.push(`${where}: leads to missing step ${a.to}`);
      }
      if (a.to === 'leader_review' && !a.decision) problems.push(`${where}: goes to leader review without a decision`);
      if (a.to === 'previous' && step.step !== 'leader_review') problems.push(`${where}: only leader review returns`);
    }
  }
  for (const required of ['intake', 'closed'] as const) {
    if (!seen.has(required)) problems.push(`missing step ${required}`);
  }
  const closed = definition.steps.find((s) => s.step === 'closed');
  if (closed && closed.actions.length > 0) problems.push('closed must offer no action');
  // Every step must be reachable from intake.
  const reached = new Set<CaseStep>(['intake']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const step of definition.steps) {
      if (!reached.has(step.step)) continue;
      for (const a of step.actions) {
        if (a.to && a.to !== 'previous' && !reached.has(a.to)) {
          reached.add(a.to);
          grew = true;
        }
      }
    }
  }
  for (const step of definition.steps) if (!reached.has(step.step)) problems.push(`step ${step.step} unreachable`);
  return problems;
}

export function stepOf(definition: ProcessDefinition, step: CaseStep): StepDefinition | undefined {
  return definition.steps.find((s) => s.step === step);
}

function holds(a: ActionDefinition, state: CaseState): boolean {
  const when = a.when;
  if (!when) return true;
  if (when.decisions && (state.decision === null || !when.decisions.includes(state.decision))) return false;
  if (when.acceptancePending !== undefined && when.acceptancePending !== state.needsAcceptance) return false;
  if (when.named !== undefined && when.named !== state.isNamed) return false;
  return true;
}

/** The actions the case's step offers now (whoever takes them). */
export function availableActions(definition: ProcessDefinition, state: CaseState): ActionDefinition[] {
  return (stepOf(definition, state.step)?.actions ?? []).filter((a) => holds(a, state));
}

/** The roles that may claim the case now: those that may take one of the actions on offer. */
export function claimRoles(definition: ProcessDefinition, state: CaseState): Role[] {
  return [...new Set(availableActions(definition, state).flatMap((a) => a.roles))];
}

const hasOneOf = (userRoles: readonly Role[], allowed: readonly Role[]) => userRoles.some((r) => allowed.includes(r));

/** The actions the user may take now: on offer, one of the user's roles, and the user holds the case. */
export function actionsFor(definition: ProcessDefinition, state: CaseState, actor: WorkflowActor): ActionDefinition[] {
  if (state.holderUserId !== actor.userId) return [];
  return availableActions(definition, state).filter((a) => hasOneOf(actor.roles, a.roles));
}

/**
 * The guard of every transition: the action must be one the case's step offers now, the actor must
 * have a role that may take it and must hold the case. Returns where the case goes; throws otherwise.
 */
export function checkTransition(
  definition: ProcessDefinition,
  state: CaseState,
  action: string,
  actor: WorkflowActor,
): Transition {
  if (!caseActions.includes(action as CaseAction)) {
    throw invalidField('action', 'UNKNOWN_ACTION', `未知的操作：${action}`);
  }
  const name = caseActionNames[action as CaseAction];
  const stepName = caseStepNames[state.step];
  const definitionOfAction = stepOf(definition, state.step)?.actions.find((a) => a.action === action);
  if (!definitionOfAction) {
    throw conflict('ACTION_NOT_ALLOWED_IN_STEP', `案件当前处于“${stepName}”，不能执行“${name}”`);
  }
  if (!hasOneOf(actor.roles, definitionOfAction.roles)) {
    throw forbidden('ROLE_CANNOT_ACT', `您的岗位不能在“${stepName}”执行“${name}”`);
  }
  if (state.holderUserId === null) throw conflict('CASE_NOT_CLAIMED', '请先签收该案件再办理');
  if (state.holderUserId !== actor.userId)
    throw conflict('CASE_HELD_BY_OTHER', '该案件已由他人签收，只有签收人可以办理');
  if (!holds(definitionOfAction, state)) {
    throw conflict('ACTION_NOT_AVAILABLE', `案件目前的情况下不能执行“${name}”`);
  }
  let to: CaseStep = state.step;
  if (definitionOfAction.to === 'previous') {
    if (!state.previousStep) throw conflict('NO_PREVIOUS_STEP', '没有可退回的上一环节');
    to = state.previousStep;
  } else if (definitionOfAction.to) {
    to = definitionOfAction.to;
  }
  return { definition: definitionOfAction, from: state.step, to };
}

/**
 * The action's fields from a request body, checked against the action's definition: a missing
 * required field, an unknown one or a bad value is a 400 naming each field.
 */
export function parseActionFields(definition: ActionDefinition, body: Record<string, unknown>): ActionFields {
  const problems: Array<{ field: string; message: string }> = [];
  const shape: Record<string, z.ZodType> = { action: z.string() };
  for (const [field, presence] of Object.entries(definition.fields) as Array<[CaseField, 'required' | 'optional']>) {
    const spec = caseFields[field];
    if (presence === 'required' && (body[field] === undefined || body[field] === null || body[field] === '')) {
      problems.push({ field, message: `请填写${spec.label}` });
    }
    shape[field] = presence === 'required' ? spec.schema : spec.schema.optional();
  }
  if (problems.length === 0) {
    const parsed = z.strictObject(shape).safeParse(body);
    if (parsed.success) {
      const { action: _action, ...fields } = parsed.data as Record<string, unknown>;
      return fields as ActionFields;
    }
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push({ field: key, message: '该操作不需要此字段' });
      } else {
        problems.push({ field: issue.path.join('.') || 'body', message: issue.message });
      }
    }
  }
  const first = problems[0]!;
  const label = caseFields[first.field.split('.')[0] as CaseField]?.label ?? first.field;
  throw badRequest('VALIDATION_FAILED', `请求参数不正确：${label} ${first.message}`, { fields: problems });
}
