import { isCiphertext, processFieldEncryptor, type FieldEncryptor } from '@sa/crypto';

/**
 * Verification's read-model columns that hold income and asset details (issue 18), stored sealed under the
 * case's data key with the same field encryption as the events, bound to the column and the row; opened on
 * read (the officer's report and verification views). After the case is shredded they read `已销毁`.
 * Field encryption off (no key store in the process): stored as they are; rows stored in clear before are
 * read as they are.
 *
 *   reports.report              the report as published (HouseholdVerified): `items` and `facts` (figures per
 *                               member and source) sealed as one ciphertext; ids, version, purpose in clear
 *   objections.items            the lines a household objected to (member, source, kind, note): one ciphertext
 *   objections.corrected_items  the corrected figures (previous and corrected value per member): one ciphertext
 *   objections.reason           the household's objection in its own words (free text: may name incomes, illnesses)
 *   objections.findings         the officer's findings on it (free text; also sealed in VerificationObjectionResolved)
 */
export type SealedFiguresColumn = 'reports.report' | 'objections.items' | 'objections.corrected_items' | 'objections.reason' | 'objections.findings';

function context(column: SealedFiguresColumn, rowId: string): string {
  return `verification.${column}:${rowId.toLowerCase()}`;
}

/** The report document with its personal fields (`items`, `facts`) sealed under the case's key. */
export async function sealReport<T>(report: T, caseId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<T> {
  return fields ? fields.encrypt(report, caseId, context('reports.report', caseId)) : report;
}

export async function openReport<T>(report: T, caseId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<T> {
  return fields ? (await fields.decrypt(report, context('reports.report', caseId))).value : report;
}

/** A whole JSON value (an objection's lines) as one ciphertext under the case's key, bound to the objection. */
export async function sealValue(column: SealedFiguresColumn, value: unknown, caseId: string, rowId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<unknown> {
  return fields ? fields.encryptValue(value, caseId, context(column, rowId)) : value;
}

export async function openValue(column: SealedFiguresColumn, stored: unknown, rowId: string, fields: FieldEncryptor | undefined = processFieldEncryptor()): Promise<unknown> {
  if (!fields || !isCiphertext(stored)) return stored;
  return fields.decryptValue(stored, context(column, rowId));
}
