import type { Channel } from '../../../shared/contacts';
import type { TransactionContext } from '../../platform/request-context';
import { type CaseRegistration, registerCase } from '../cases';

export interface HandOver {
  contactId: number;
  type: 'report' | 'complaint';
  channel: Channel;
  named: boolean;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  subjectName: string;
  content: string;
  complaintType?: string | undefined;
}

/** The complaints workflow knows four sources; SMS and fax contacts arrive there as `other`. */
const sourceOf = (channel: Channel): CaseRegistration['source'] =>
  channel === 'phone' || channel === 'walk_in' || channel === 'web' ? channel : 'other';

/**
 * Registers a report or complaint in the complaints-and-reports workflow (modules/cases), inside the
 * contact's transaction: the contact and its case commit or roll back together.
 */
export async function handOverToCases(
  ctx: TransactionContext,
  input: HandOver,
): Promise<{ caseId: number; caseNo: string; dueAt: string }> {
  const registration: CaseRegistration = {
    category: input.type,
    source: sourceOf(input.channel),
    named: input.named,
    subjectName: input.subjectName,
    content: input.content,
    contactId: input.contactId,
    ...(input.named && input.reporterName ? { reporterName: input.reporterName } : {}),
    ...(input.named && input.reporterPhone ? { reporterPhone: input.reporterPhone } : {}),
    ...(input.complaintType ? { complaintType: input.complaintType } : {}),
  };
  const registered = await registerCase(ctx, registration);
  return { caseId: registered.id, caseNo: registered.caseNo, dueAt: registered.dueAt };
}
