/**
 * Bank account for social disbursement (社会化发放). Personal settlement accounts and bank cards in
 * China are 12 to 30 digits; many card numbers do not satisfy Luhn (passbook accounts, some rural
 * banks), so only the digits and the length are checked. Spaces and hyphens typed by officers are
 * removed.
 */
export interface BankAccount {
  /** 开户行 name, e.g. 中国农业银行杭州西湖支行. */
  bankName: string;
  /** Account holder's name as the bank knows it. */
  holderName: string;
  /** Resident ID of the holder (a household member). */
  holderResidentId: string;
  /** Digits only. */
  accountNumber: string;
}

export const BANK_ACCOUNT_MIN_DIGITS = 12;
export const BANK_ACCOUNT_MAX_DIGITS = 30;

export function normaliseBankAccountNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function isValidBankAccountNumber(input: unknown): boolean {
  if (typeof input !== 'string') return false;
  const digits = normaliseBankAccountNumber(input);
  return (
    /^\d+$/.test(digits) && digits.length >= BANK_ACCOUNT_MIN_DIGITS && digits.length <= BANK_ACCOUNT_MAX_DIGITS
  );
}

/** `6228480402564890018` → `6228***********0018`: first four and last four digits stay. */
export function maskBankAccountNumber(accountNumber: string): string {
  const digits = normaliseBankAccountNumber(accountNumber);
  if (digits.length <= 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}`;
}

export function maskBankAccount(account: BankAccount): BankAccount {
  return { ...account, accountNumber: maskBankAccountNumber(account.accountNumber) };
}
