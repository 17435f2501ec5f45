import { isCiphertext, processFieldEncryptor } from '@sa/crypto';

/**
 * `verification_members.name` (issue 18): stored sealed under the case's data key (the key of the
 * case's events, so shredding the case makes it read `已销毁`), opened for display. With field
 * encryption off (no key store in the process) names are stored as they are.
 */
const COLUMN = 'verification.verification_members.name';

export async function sealMemberName(name: string, caseId: string): Promise<string> {
  const fields = processFieldEncryptor();
  return fields ? fields.encryptValue(name, caseId, COLUMN) : name;
}

export async function openMemberName<T extends string | null | undefined>(stored: T): Promise<T | string> {
  const fields = processFieldEncryptor();
  if (!fields || !isCiphertext(stored)) return stored;
  const clear = await fields.decryptValue(stored, COLUMN);
  return typeof clear === 'string' ? clear : String(clear);
}
