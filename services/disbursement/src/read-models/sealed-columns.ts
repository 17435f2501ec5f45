import { isCiphertext, processFieldEncryptor, type FieldEncryptor } from '@sa/crypto';

/**
 * Disbursement's read-model columns that hold personal data (issue 18), stored sealed under the case's
 * data key with the same field encryption as the events (`FieldEncryptor.encrypt`: the personal fields of
 * the JSON — the recipient's and covered members' names, the bank-account reference — as one ciphertext,
 * the rest in clear: memberId, amounts, months stay queryable), bound to the column and the case; opened
 * on read (bank file, ledgers, run views, reissue). After the case is shredded they read `已销毁`.
 * Field encryption off (no key store in the process): stored as they are; rows stored in clear before
 * are read as they are.
 *
 *   entitlements.state            the folded entitlement (recipient, membersCovered, pending payee change)
 *   payments.recipient            the payee of each payment
 *   approved_advances.recipient   the payee of an approved emergency advance
 */
export type SealedColumn = 'entitlements.state' | 'payments.recipient' | 'approved_advances.recipient';

export function sealedColumnContext(column: SealedColumn, caseId: string): string {
  return `disbursement.${column}:${caseId.toLowerCase()}`;
}

export async function sealColumn<T>(column: SealedColumn, value: T, caseId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<T> {
  return fields ? fields.encrypt(value, caseId, sealedColumnContext(column, caseId)) : value;
}

export async function openColumn<T>(column: SealedColumn, value: T, caseId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<T> {
  return fields ? (await fields.decrypt(value, sealedColumnContext(column, caseId))).value : value;
}

/**
 * Free-text columns sealed whole (issue 18): an emergency advance's reason (eligibility's approval reason, the
 * household's emergency in the officer's words) in `approved_advances.reason` and `emergency_advances.reason`.
 * One ciphertext under the case's key, bound to the column and the case; `已销毁` once shredded. Rows kept in clear
 * before are read as they are.
 */
export type SealedTextColumn = 'approved_advances.reason' | 'emergency_advances.reason';

export async function sealText(column: SealedTextColumn, text: string, caseId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<string> {
  return fields && !isCiphertext(text) ? fields.encryptValue(text, caseId, `disbursement.${column}:${caseId.toLowerCase()}`) : text;
}

export async function openText(column: SealedTextColumn, text: string, caseId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<string> {
  if (!fields || typeof text !== 'string' || !isCiphertext(text)) return text;
  const opened = await fields.decryptValue(text, `disbursement.${column}:${caseId.toLowerCase()}`);
  return typeof opened === 'string' ? opened : String(opened);
}

/** Rows read with their sealed column opened (each row names its case in `case_id`). */
export async function openRows<R extends { case_id: string }, K extends keyof R & string>(column: SealedColumn, key: K, rows: R[]): Promise<R[]> {
  const fields = processFieldEncryptor();
  if (!fields) return rows;
  return Promise.all(rows.map(async (r) => ({ ...r, [key]: await openColumn(column, r[key], r.case_id, fields) })));
}
