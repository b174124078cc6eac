/**
 * Who may see and act on a contact: the checks that contacts, transfers, surveys, CTI and the contact
 * log all go through. Reads only (through the repository); no use case lives here.
 */
import type { DbOrTx } from '../../db/connection';
import { type CurrentUser, hasPermission } from '../../platform/auth/current-user';
import { isInOrgScope, scopeOf } from '../../platform/auth/scope';
import { forbidden, notFound } from '../../platform/errors';
import * as repo from './contacts.repository';

export type ContactAccess = 'none' | 'masked' | 'full';

/**
 * A contact handed over as a report or complaint carries the reporter's identity (phone, taxpayer id,
 * name): the case's confidentiality rules apply to it everywhere — shown masked to everybody as the case
 * shows it, its own agent included, revealed only under `cases.reveal_reporter`.
 */
export const isReporterContact = (contact: { case_no: string | null }) => contact.case_no !== null;

/** Whether the user may find reporters' contacts by their phone or taxpayer id (the case's reveal permission). */
export const mayLookUpReporters = (user: CurrentUser) => hasPermission(user, 'cases.reveal_reporter');

/**
 * What a user may see of a contact: its own agent sees it whole (they took the call and call back);
 * holders of contacts.read within their org scope, and the departments it was transferred to, see it
 * with the phone and taxpayer id masked (contacts.reveal shows them, audited).
 */
export async function contactAccessOf(
  db: DbOrTx,
  user: CurrentUser,
  contact: repo.ContactWithScope,
): Promise<ContactAccess> {
  const isOwn = contact.agent_id === user.id;
  if (isOwn) return isReporterContact(contact) ? 'masked' : 'full';
  if (hasPermission(user, 'contacts.read') && isInOrgScope(scopeOf(user), contact.orgUnitPath)) return 'masked';
  if (user.departmentId !== null && hasPermission(user, 'transfers.answer')) {
    const transfers = await repo.findTransfersOfContact(db, contact.id);
    if (transfers.some((t) => t.department_id === user.departmentId)) return 'masked';
  }
  return 'none';
}

/** The contact if the user may see it; a 404 otherwise, so that ids outside one's scope reveal nothing. */
export async function requireVisibleContact(db: DbOrTx, user: CurrentUser, id: number) {
  const contact = await repo.findContact(db, id);
  if (!contact) throw notFound('CONTACT_NOT_FOUND', '来电记录不存在');
  const access = await contactAccessOf(db, user, contact);
  if (access === 'none') throw notFound('CONTACT_NOT_FOUND', '来电记录不存在');
  return { contact, access };
}

/** Who may act on a contact as its handler: its own agent, or a team lead whose scope covers it. */
export function assertHandlerOf(user: CurrentUser, contact: repo.ContactWithScope, what: string): void {
  if (contact.agent_id === user.id) return;
  if (user.roles.includes('team_lead') && isInOrgScope(scopeOf(user), contact.orgUnitPath)) return;
  throw forbidden('NOT_CONTACT_HANDLER', `只有登记该来电的坐席或班长可以${what}`);
}
