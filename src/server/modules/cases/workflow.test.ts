import { describe, expect, it } from 'vitest';
import { caseActions, caseSteps } from '../../../shared/cases';
import { WorkingDayCalendar } from '../../platform/calendar/working-days';
import { AppError } from '../../platform/errors';
import { extendDeadline } from './cases.service';
import { maskName, maskPhone } from './confidentiality';
import { currentProcesses } from './processes';
import { complaintProcess } from './processes/complaint.process';
import {
  availableActions,
  type CaseState,
  checkTransition,
  claimRoles,
  definitionProblems,
  type ProcessDefinition,
  parseActionFields,
} from './workflow';

const base: CaseState = {
  step: 'intake',
  decision: null,
  needsAcceptance: false,
  isNamed: true,
  previousStep: null,
  holderUserId: 7,
};
const intake = { userId: 7, roles: ['intake'] as const };
const leader = { userId: 8, roles: ['leader'] as const };

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('process definitions', () => {
  it.each(Object.values(currentProcesses))('$name is sound', (definition) => {
    expect(definitionProblems(definition)).toEqual([]);
  });

  it('uses only the contract step names, and offers every contract action somewhere', () => {
    for (const definition of Object.values(currentProcesses)) {
      expect(definition.steps.map((s) => s.step)).toEqual([...caseSteps]);
      const offered = new Set(definition.steps.flatMap((s) => s.actions.map((a) => a.action)));
      expect([...offered].sort()).toEqual([...caseActions].sort());
    }
  });

  it('finds the mistakes a reviewer would', () => {
    const broken: ProcessDefinition = {
      ...complaintProcess,
      steps: [
        { step: 'intake', workingDays: 1, actions: [{ action: 'accept', roles: [], fields: {}, to: 'leader_review' }] },
        { step: 'closed', workingDays: null, actions: [] },
      ],
    };
    expect(definitionProblems(broken)).toEqual([
      'intake.accept: no role may take it',
      'intake.accept: leads to missing step leader_review',
      'intake.accept: goes to leader review without a decision',
      'step closed unreachable',
    ]);
  });
});

describe('the transition guard', () => {
  it('sends every intake decision to leader review with the decision it took', () => {
    for (const [action, decision] of [
      ['accept', 'accepted'],
      ['reject', 'rejected'],
      ['forward', 'forwarded'],
    ] as const) {
      const t = checkTransition(complaintProcess, base, action, intake);
      expect(t).toMatchObject({ from: 'intake', to: 'leader_review', definition: { decision } });
    }
  });

  it('refuses an action the step does not offer with a conflict, and a foreign role with forbidden', () => {
    expect(failure(() => checkTransition(complaintProcess, base, 'close', intake))).toMatchObject({
      kind: 'conflict',
      code: 'ACTION_NOT_ALLOWED_IN_STEP',
    });
    expect(
      failure(() => checkTransition(complaintProcess, base, 'accept', { userId: 7, roles: ['agent'] })),
    ).toMatchObject({
      kind: 'forbidden',
    });
    expect(failure(() => checkTransition(complaintProcess, base, 'launch', intake))).toMatchObject({
      kind: 'bad_request',
      code: 'UNKNOWN_ACTION',
    });
  });

  it('lets only the holder act', () => {
    expect(
      failure(() => checkTransition(complaintProcess, { ...base, holderUserId: null }, 'accept', intake)),
    ).toMatchObject({
      code: 'CASE_NOT_CLAIMED',
    });
    expect(
      failure(() => checkTransition(complaintProcess, { ...base, holderUserId: 99 }, 'accept', intake)),
    ).toMatchObject({
      code: 'CASE_HELD_BY_OTHER',
    });
  });

  it('offers leader review the actions that fit the decision under review', () => {
    const review = (decision: CaseState['decision']) =>
      availableActions(complaintProcess, { ...base, step: 'leader_review', decision, previousStep: 'intake' }).map(
        (a) => a.action,
      );
    expect(review('accepted')).toEqual(['to_handling', 'send_back']);
    expect(review('rejected')).toEqual(['to_feedback', 'send_back']);
    expect(review('terminated')).toEqual(['to_feedback', 'close', 'send_back']);
    expect(review('fed_back')).toEqual(['close', 'send_back']);
    expect(review('extension_requested')).toEqual(['approve_extension', 'deny_extension']);
  });

  it('sends back to the step the case came from', () => {
    const state: CaseState = {
      ...base,
      step: 'leader_review',
      decision: 'terminated',
      previousStep: 'investigation',
      holderUserId: 8,
    };
    expect(checkTransition(complaintProcess, state, 'send_back', leader).to).toBe('investigation');
    expect(checkTransition(complaintProcess, state, 'close', leader).to).toBe('closed');
  });

  it('asks a case that came down from another office for its acceptance first, and lets intake decide it', () => {
    const pending: CaseState = { ...base, step: 'investigation', needsAcceptance: true };
    expect(availableActions(complaintProcess, pending).map((a) => a.action)).toEqual(['accept', 'reject', 'forward']);
    expect(claimRoles(complaintProcess, pending).sort()).toEqual(['intake', 'investigator']);
    const accepted: CaseState = { ...pending, needsAcceptance: false };
    expect(claimRoles(complaintProcess, accepted)).toEqual(['investigator']);
    expect(
      failure(() => checkTransition(complaintProcess, pending, 'finish', { userId: 7, roles: ['investigator'] })),
    ).toMatchObject({
      code: 'ACTION_NOT_AVAILABLE',
    });
  });

  it('records "no feedback possible" for anonymous cases and real feedback only for named ones', () => {
    const feedback = { userId: 7, roles: ['feedback'] as const };
    const anonymous: CaseState = { ...base, step: 'feedback', isNamed: false };
    expect(availableActions(complaintProcess, anonymous).map((a) => a.action)).toEqual(['record_no_feedback']);
    expect(failure(() => checkTransition(complaintProcess, anonymous, 'give_feedback', feedback)).code).toBe(
      'ACTION_NOT_AVAILABLE',
    );
    expect(checkTransition(complaintProcess, { ...anonymous, isNamed: true }, 'give_feedback', feedback).to).toBe(
      'leader_review',
    );
  });

  it('offers nothing once the case is closed', () => {
    const closed: CaseState = { ...base, step: 'closed' };
    expect(availableActions(complaintProcess, closed)).toEqual([]);
    expect(
      failure(() =>
        checkTransition(complaintProcess, closed, 'request_extension', { userId: 7, roles: ['investigator'] }),
      ),
    ).toMatchObject({ kind: 'conflict', code: 'ACTION_NOT_ALLOWED_IN_STEP' });
  });
});

describe('action fields', () => {
  const actionOf = (step: string, action: string) =>
    complaintProcess.steps.find((s) => s.step === step)!.actions.find((a) => a.action === action)!;

  it('returns the fields the action takes, trimmed', () => {
    expect(
      parseActionFields(actionOf('intake', 'reject'), { action: 'reject', reason: ' not_in_scope ', comment: '核实' }),
    ).toEqual({ reason: 'not_in_scope', comment: '核实' });
  });

  it('names each missing, unknown or bad field', () => {
    const missing = failure(() => parseActionFields(actionOf('intake', 'accept'), { action: 'accept' }));
    expect(missing.details).toEqual({ fields: [{ field: 'classification', message: '请填写三级分类' }] });
    const unknown = failure(() =>
      parseActionFields(actionOf('intake', 'reject'), { action: 'reject', reason: 'x', orgUnitId: 3 }),
    );
    expect(unknown.details).toEqual({ fields: [{ field: 'orgUnitId', message: '该操作不需要此字段' }] });
    const bad = failure(() =>
      parseActionFields(actionOf('investigation', 'request_extension'), {
        action: 'request_extension',
        workingDays: 0,
        reason: '取证',
      }),
    );
    expect(bad.details).toEqual({ fields: [{ field: 'workingDays', message: '至少 1 个工作日' }] });
    expect(bad.message).toContain('延期工作日数');
  });
});

describe('deadlines and masks', () => {
  it('moves a deadline on by working days, skipping the weekend', () => {
    const calendar = new WorkingDayCalendar();
    // Due at the end of Friday 2026-12-04 (16:00Z) → three working days later is the end of Wednesday 2026-12-09.
    expect(extendDeadline(calendar, '2026-12-04T16:00:00.000Z', 3)).toBe('2026-12-09T16:00:00.000Z');
  });

  it('masks names and phones', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12366')).toBe('****');
    expect(maskName(null)).toBeNull();
  });
});
