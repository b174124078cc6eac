import type { CaseStep } from '../../../shared/cases';
import type { Role } from '../../../shared/permissions';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';

/**
 * Who may add and withdraw evidence, the one rule for the service that enforces it and for the case
 * page's buttons. Pure: the caller gathers the facts.
 */

export interface EvidenceContext {
  step: CaseStep;
  holderUserId: number | null;
  /** The roles that may take the case's current step (the workflow's claim roles). */
  claimRoles: readonly Role[];
  /** The user registered the case or acted on it (an event other than evidence). */
  isParticipant: boolean;
}

/** Evidence comes from those in the case's workflow: its holder, its current step's roles, its participants. */
export function isInCaseWorkflow(user: CurrentUser, context: EvidenceContext): boolean {
  return (
    context.holderUserId === user.id ||
    context.claimRoles.some((role) => user.roles.includes(role)) ||
    context.isParticipant
  );
}

/** True when the user may add evidence to the case now (an open case, a role that handles cases). */
export function mayAddEvidence(user: CurrentUser, context: EvidenceContext): boolean {
  return (
    context.step !== 'closed' &&
    (hasPermission(user, 'cases.act') || hasPermission(user, 'cases.register')) &&
    isInCaseWorkflow(user, context)
  );
}

/** A file of an open case is withdrawn by its uploader, the case's holder, or those who manage claims. */
export function mayWithdrawEvidence(
  user: CurrentUser,
  context: { step: CaseStep; holderUserId: number | null; uploadedBy: number },
): boolean {
  return (
    context.step !== 'closed' &&
    (context.uploadedBy === user.id || context.holderUserId === user.id || hasPermission(user, 'cases.manage_claims'))
  );
}
