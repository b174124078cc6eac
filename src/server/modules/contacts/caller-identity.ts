/**
 * A reporter's identity at rest (issue 12, item 3): on a contact handed over as a report or complaint the
 * caller's phone, taxpayer id and name are sealed (platform/crypto), the phone and taxpayer id hashed for
 * the searches of those who may see reporters. Everything shown is opened first, then masked.
 */
import { openValue, sealValue, searchHashOf } from '../../platform/crypto';

interface CallerColumns {
  caller_phone: string;
  taxpayer_id: string | null;
  taxpayer_name: string | null;
}

/** The caller's columns of a new contact: sealed, with their hashes, when it is a reporter's. */
export function callerColumns(caller: CallerColumns, isReporter: boolean) {
  if (!isReporter) return { ...caller, caller_phone_hmac: null, taxpayer_id_hmac: null };
  return {
    caller_phone: sealValue(caller.caller_phone),
    caller_phone_hmac: searchHashOf(caller.caller_phone),
    taxpayer_id: sealValue(caller.taxpayer_id),
    taxpayer_id_hmac: searchHashOf(caller.taxpayer_id),
    taxpayer_name: sealValue(caller.taxpayer_name),
  };
}

/** The caller's columns of a stored contact in clear (for masking, or a permitted reveal). */
export function openCaller<T extends CallerColumns>(row: T): T {
  return {
    ...row,
    caller_phone: openValue(row.caller_phone),
    taxpayer_id: openValue(row.taxpayer_id),
    taxpayer_name: openValue(row.taxpayer_name),
  };
}
