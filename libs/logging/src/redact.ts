/**
 * Masking of personal identifiers in log output. Applied to every serialized log line (see
 * `createRedactingStream`), so messages, bindings, request URLs and error stacks are all covered:
 * - values under known keys (residentId, idNumber, bankAccount, phone, birthDate, …) are masked whatever they hold;
 * - anywhere in any string: 18-character resident ids (17 digits + check digit or X), bank account
 *   numbers (12–19 digits) and mainland mobile numbers (1[3-9] + 9 digits, optional +86).
 */

const SENSITIVE_KEYS = [
  'residentId',
  'residentIdNumber',
  'idNumber',
  'idCard',
  'idCardNumber',
  'identityNumber',
  'citizenId',
  'bankAccount',
  'bankAccountNumber',
  'accountNumber',
  'bankCardNumber',
  'cardNumber',
  'phone',
  'phoneNumber',
  'mobile',
  'mobileNumber',
  'telephone',
  'tel',
  'contactPhone',
  'birthDate',
  'dateOfBirth',
  'authorization',
  'cookie',
  'password',
  'jwtSecret',
];

const normalizeKey = (key: string) => key.replace(/[-_\s]/g, '').toLowerCase();
const SENSITIVE = new Set(SENSITIVE_KEYS.map(normalizeKey));

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE.has(normalizeKey(key));
}

// Left boundary excludes '-' so that digit runs inside UUIDs and stream ids are left alone.
const RESIDENT_ID = /(?<![0-9A-Za-z-])\d{17}[\dXx](?![0-9A-Za-z])/g;
const BANK_ACCOUNT = /(?<![0-9A-Za-z-])\d{12,19}(?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z-])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/g;

export const maskResidentId = (id: string) => `${id.slice(0, 2)}${'*'.repeat(16)}`;
export const maskBankAccount = (n: string) => `${'*'.repeat(n.length - 4)}${n.slice(-4)}`;
export const maskMobile = (n: string) => `${n.slice(0, -11)}${n.slice(-11, -8)}****${n.slice(-4)}`;

/**
 * 12-digit administrative division codes (community level) look like short bank account numbers;
 * they are kept when the text names them: `/jurisdictions/330106001001`, `jurisdiction=…`, `"divisionCode":"…"`.
 */
const NAMES_A_DIVISION = /(?:jurisdiction|division|region)[A-Za-z_]*["']?\s*[:=/]\s*["']?$/i;
const DIVISION_KEY = /jurisdiction|division(?:code)?|regioncode/i;

function maskBankAccountUnlessDivision(match: string, offset: number, whole: string): string {
  if (match.length === 12 && NAMES_A_DIVISION.test(whole.slice(Math.max(0, offset - 40), offset))) return match;
  return maskBankAccount(match);
}

/** Masks every resident id, bank account number and mobile number found in the text. */
export function redactText(text: string): string {
  if (!/\d{11}/.test(text)) return text;
  return text.replace(RESIDENT_ID, maskResidentId).replace(BANK_ACCOUNT, maskBankAccountUnlessDivision).replace(MOBILE, maskMobile);
}

export const REDACTED = '[REDACTED]';

/** A deep copy of the value with sensitive keys masked and identifiers masked in every string. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    let redacted: unknown;
    if (isSensitiveKey(key) && v !== null && v !== undefined && v !== '') redacted = REDACTED;
    else if (typeof v === 'string' && /^\d{12}$/.test(v) && DIVISION_KEY.test(key)) redacted = v;
    else redacted = redactValue(v, depth + 1);
    out[redactText(key)] = redacted;
  }
  return out;
}

const SENSITIVE_KEY_IN_JSON = new RegExp(
  `"(?:${SENSITIVE_KEYS.map((k) => k.replace(/([A-Z])/g, '[-_]?$1')).join('|')})"\\s*:`,
  'i',
);

/** Redacts one serialized JSON log line (falls back to text masking if it is not JSON). */
export function redactLogLine(line: string): string {
  if (!/\d{11}/.test(line) && !SENSITIVE_KEY_IN_JSON.test(line)) return line;
  const newline = line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(redactValue(JSON.parse(line))) + newline;
  } catch {
    return redactText(line);
  }
}
