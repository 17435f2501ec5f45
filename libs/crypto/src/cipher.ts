import { createCipheriv, createDecipheriv, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Field ciphers. Every ciphertext is one self-describing string:
 *
 *   sa1.<suite>.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>
 *
 * - `sa1`: format version.
 * - `suite`: `s4` = SM4-CTR + HMAC-SM3 (encrypt-then-MAC, GB/T 32907 + GB/T 32905), the default;
 *            `a2` = AES-256-GCM, the configurable alternative.
 * - `keyId`: the data key that encrypted it (`<subject>~<version>`), so keys can be rotated and shredded.
 *
 * The IV is synthetic (SIV construction): iv = HMAC-SM3(ivKey, aad ‖ plaintext), truncated. Encrypting
 * the same plaintext in the same context twice therefore gives the same ciphertext, which keeps
 * idempotent appends idempotent (a retried command produces byte-identical events); two different
 * plaintexts never share an IV. The aad (the field's context, e.g. event id and JSON path) is bound
 * by the MAC / GCM tag, so a ciphertext cannot be moved to another field or event unnoticed.
 *
 * The three working keys are derived from the 32-byte data key with HMAC-SM3 (a KDF with labels).
 */
export type SuiteId = 's4' | 'a2';

export const SUITES: Record<SuiteId, string> = { s4: 'SM4-CTR+HMAC-SM3', a2: 'AES-256-GCM' };
export const CIPHERTEXT_PREFIX = 'sa1.';

/**
 * Format 2 (a document's personal fields sealed as ONE ciphertext, see FieldEncryptor):
 *
 *   sa2.<suite>.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>   the group: JSON {path: value} of every personal field
 *   sa2.rf.<keyId>.<groupTag>                                  any other personal field: "my value is in the group"
 *
 * The group's cipher is the same as format 1's (same suites, SIV, encrypt-then-MAC), the header
 * `sa2.<suite>.<keyId>.` is bound by the MAC / tag. `groupTag` = the first 16 characters of the
 * group's body (its synthetic IV), so a reference names the group it belongs to.
 */
export const GROUP_PREFIX = 'sa2.';
export const GROUP_TAG_LENGTH = 16;

/**
 * Format 3 (compact; written since issue 18's compact-format change, formats 1 and 2 still read):
 *
 *   sa3.<suite>.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>   the group: JSON array of the values of the group's
 *                                                             fields, in the order of their sorted JSON paths
 *   sa3.<groupTag>                                            any other field of the group (8 characters: the
 *                                                             first of the group's body, its synthetic IV)
 *
 * No field names in the ciphertext and no key id in the references: the field at a path takes the value at its
 * index among the group's sorted paths, and the list of paths is bound to the group as associated data
 * (`<context>|<JSON of the sorted paths>`), so a reference moved, added or removed makes the group read 无法解密.
 * Sorting (not document order) keeps it independent of how a store orders object keys (PostgreSQL jsonb does).
 */
export const COMPACT_PREFIX = 'sa3.';
export const COMPACT_TAG_LENGTH = 8;

export class CiphertextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CiphertextError';
  }
}

interface WorkingKeys {
  enc: Buffer;
  mac: Buffer;
  iv: Buffer;
  /**
   * The same keys as KeyObjects, made once per data key: createHmac / createCipheriv with a Buffer key set the key
   * up again on every call (a measurable share of a field's seal and open). A KeyObject's copy of the key is in
   * OpenSSL's memory and cannot be overwritten from JavaScript: wipeWorkingKeys zeroes the Buffers and drops these
   * (released when collected).
   */
  encK: KeyObject;
  macK?: KeyObject;
  ivK: KeyObject;
}

function derive(dataKey: Buffer, label: string, length: number): Buffer {
  return createHmac('sm3', dataKey).update(label, 'utf8').digest().subarray(0, length);
}

const workingKeyCache = new WeakMap<Buffer, Map<SuiteId, WorkingKeys>>();

/** Overwrites the working keys derived from a data key with zeros and forgets them (its key was destroyed). */
export function wipeWorkingKeys(dataKey: Buffer): void {
  for (const keys of workingKeyCache.get(dataKey)?.values() ?? []) for (const k of [keys.enc, keys.mac, keys.iv]) k.fill(0);
  workingKeyCache.delete(dataKey);
}

function workingKeys(dataKey: Buffer, suite: SuiteId): WorkingKeys {
  let bySuite = workingKeyCache.get(dataKey);
  if (!bySuite) workingKeyCache.set(dataKey, (bySuite = new Map()));
  let keys = bySuite.get(suite);
  if (!keys) {
    keys =
      suite === 's4'
        ? ({ enc: derive(dataKey, 'sa/sm4-ctr/enc', 16), mac: derive(dataKey, 'sa/hmac-sm3/mac', 32), iv: derive(dataKey, 'sa/siv', 32) } as WorkingKeys)
        : ({
            enc: derive(dataKey, 'sa/aes-256-gcm/enc', 32),
            mac: Buffer.alloc(0),
            iv: derive(dataKey, 'sa/siv', 32),
          } as WorkingKeys);
    keys = { ...keys, encK: createSecretKey(keys.enc), ivK: createSecretKey(keys.iv), ...(suite === 's4' ? { macK: createSecretKey(keys.mac) } : {}) } as WorkingKeys;
    bySuite.set(suite, keys);
  }
  return keys;
}

const ZERO = Buffer.from([0]);

const KEY_ID_RE = /^[A-Za-z0-9_:~-]+$/;

export function assertKeyId(keyId: string): void {
  if (!KEY_ID_RE.test(keyId)) throw new TypeError(`bad key id ${JSON.stringify(keyId)}`);
}

type Format = 'sa1' | 'sa2' | 'sa3';

function header(suite: SuiteId, keyId: string, format: Format = 'sa1'): string {
  return `${format}.${suite}.${keyId}.`;
}

/**
 * `ivContext`: what the synthetic IV is derived over besides the plaintext (default: the whole `aad`). Format 3
 * passes its context without the group's path list: the IV stays unique per (context, plaintext), and the path
 * list, bound by the MAC / tag, is not hashed twice.
 */
export function encryptString(plaintext: string, dataKey: Buffer, keyId: string, suite: SuiteId, aad: string, format: Format = 'sa1', ivContext: string = aad): string {
  assertKeyId(keyId);
  if (dataKey.length !== 32) throw new TypeError('a data key has 32 bytes');
  const keys = workingKeys(dataKey, suite);
  const head = header(suite, keyId, format);
  // The plaintext goes to the HMAC and the cipher as a string (each encodes it as UTF-8 itself): no Buffer of it, and a
  // stream mode's final() adds nothing, so the ciphertext is update()'s Buffer as it is (issue 18: fewer allocations).
  const siv = createHmac('sm3', keys.ivK).update(ivContext, 'utf8').update(ZERO).update(plaintext, 'utf8').digest();
  if (suite === 's4') {
    const iv = siv.subarray(0, 16);
    const c = createCipheriv('sm4-ctr', keys.encK, iv);
    const ct = withFinal(c.update(plaintext, 'utf8'), c.final());
    const tag = createHmac('sm3', keys.macK!).update(head + aad, 'utf8').update(ZERO).update(iv).update(ct).digest();
    return head + Buffer.concat([iv, ct, tag], iv.length + ct.length + tag.length).toString('base64url');
  }
  const iv = siv.subarray(0, 12);
  const c = createCipheriv('aes-256-gcm', keys.encK, iv);
  c.setAAD(Buffer.from(head + aad, 'utf8'));
  const ct = withFinal(c.update(plaintext, 'utf8'), c.final());
  const tag = c.getAuthTag();
  return head + Buffer.concat([iv, ct, tag], iv.length + ct.length + tag.length).toString('base64url');
}

/** update()'s output followed by final()'s (empty for CTR and GCM: then update()'s Buffer itself, not a copy). */
function withFinal(updated: Buffer, final: Buffer): Buffer {
  return final.length === 0 ? updated : Buffer.concat([updated, final]);
}

export interface ParsedCiphertext {
  format: Format;
  suite: SuiteId;
  keyId: string;
  body: Buffer;
}

const CIPHERTEXT_RE = /^sa1\.(s4|a2)\.[A-Za-z0-9_:~-]+\.[A-Za-z0-9_-]+$/;
const SEALED_RE = /^sa(?:[13]\.(?:s4|a2)|2\.(?:s4|a2|rf))\.[A-Za-z0-9_:~-]+\.[A-Za-z0-9_-]+$|^sa3\.[A-Za-z0-9_-]{8}$/;
const COMPACT_GROUP_RE = /^sa3\.(?:s4|a2)\.[A-Za-z0-9_:~-]+\.[A-Za-z0-9_-]+$/;
const COMPACT_REF_RE = /^sa3\.[A-Za-z0-9_-]{8}$/;

/**
 * The whole string is the sealed form of a personal field (same pattern as @sa/contracts'
 * CIPHERTEXT_PATTERN): a format-1 field ciphertext, a format-2 group or a format-2 reference.
 */
export function isCiphertext(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('sa') && SEALED_RE.test(value);
}

/** A format-1 ciphertext (one field). */
export function isFieldCiphertext(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(CIPHERTEXT_PREFIX) && CIPHERTEXT_RE.test(value);
}

/** A format-2 group ciphertext. */
export function isGroupCiphertext(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(GROUP_PREFIX) && !value.startsWith('sa2.rf.') && SEALED_RE.test(value);
}

/** A format-3 group ciphertext `sa3.<suite>.<keyId>.<body>`. */
export function isCompactGroup(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(COMPACT_PREFIX) && COMPACT_GROUP_RE.test(value);
}

/** The group tag of a format-3 reference `sa3.<groupTag>`, or undefined. */
export function compactReferenceTag(value: unknown): string | undefined {
  return typeof value === 'string' && value.length === COMPACT_PREFIX.length + COMPACT_TAG_LENGTH && COMPACT_REF_RE.test(value) ? value.slice(COMPACT_PREFIX.length) : undefined;
}

/** The tag of a format-3 group (the first characters of its body) that its references name. */
export function compactGroupTag(group: string): string {
  const at = group.lastIndexOf('.') + 1;
  return group.slice(at, at + COMPACT_TAG_LENGTH);
}

/** A format-2 reference `sa2.rf.<keyId>.<groupTag>`: its keyId and the tag of its group. */
export function parseGroupReference(value: unknown): { keyId: string; tag: string } | undefined {
  if (typeof value !== 'string' || !value.startsWith('sa2.rf.') || !SEALED_RE.test(value)) return undefined;
  const parts = value.split('.');
  if (parts.length !== 4) return undefined;
  return { keyId: parts[2]!, tag: parts[3]! };
}

export function groupReference(group: string): string {
  const { keyId } = parseCiphertext(group);
  return `sa2.rf.${keyId}.${groupTag(group)}`;
}

export function groupTag(group: string): string {
  return group.slice(group.lastIndexOf('.') + 1, group.lastIndexOf('.') + 1 + GROUP_TAG_LENGTH);
}

/** A format-1 ciphertext, a format-2 group or a format-3 group, its parts captured (one test instead of three, and no split). */
const PARSE_RE = /^(sa[123])\.(s4|a2)\.([A-Za-z0-9_:~-]+)\.([A-Za-z0-9_-]+)$/;

export function parseCiphertext(text: string): ParsedCiphertext {
  const m = typeof text === 'string' ? PARSE_RE.exec(text) : null;
  if (!m) throw new CiphertextError('not a ciphertext');
  return { format: m[1] as Format, suite: m[2] as SuiteId, keyId: m[3]!, body: Buffer.from(m[4]!, 'base64url') };
}

export function decryptString(ciphertext: string, dataKey: Buffer, aad: string): string {
  const { format, suite, keyId, body } = parseCiphertext(ciphertext);
  const keys = workingKeys(dataKey, suite);
  const head = header(suite, keyId, format);
  if (suite === 's4') {
    if (body.length < 16 + 32) throw new CiphertextError('ciphertext too short');
    const iv = body.subarray(0, 16);
    const ct = body.subarray(16, body.length - 32);
    const tag = body.subarray(body.length - 32);
    const expected = createHmac('sm3', keys.macK!).update(head, 'utf8').update(aad, 'utf8').update(ZERO).update(iv).update(ct).digest();
    if (!timingSafeEqual(tag, expected)) throw new CiphertextError('authentication failed (wrong key, context or tampered ciphertext)');
    const d = createDecipheriv('sm4-ctr', keys.encK, iv);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  }
  if (body.length < 12 + 16) throw new CiphertextError('ciphertext too short');
  const iv = body.subarray(0, 12);
  const ct = body.subarray(12, body.length - 16);
  const d = createDecipheriv('aes-256-gcm', keys.encK, iv);
  d.setAAD(Buffer.from(head + aad, 'utf8'));
  d.setAuthTag(body.subarray(body.length - 16));
  try {
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  } catch {
    throw new CiphertextError('authentication failed (wrong key, context or tampered ciphertext)');
  }
}

/** Key wrapping for the local keyring: SM4-CTR + HMAC-SM3 with a synthetic IV, bound to the kek id and a label. */
export function wrapKey(kek: Buffer, kekId: string, dataKey: Buffer, label: string): Buffer {
  // the KEK's working keys as KeyObjects (made once per KEK): the same keys, set up once (one wrap per new case)
  const keys = workingKeys(kek, 's4');
  const iv = createHmac('sm3', keys.ivK).update(label, 'utf8').update(ZERO).update(dataKey).digest().subarray(0, 16);
  const c = createCipheriv('sm4-ctr', keys.encK, iv);
  const ct = withFinal(c.update(dataKey), c.final());
  const tag = createHmac('sm3', keys.macK!).update(`wrap.${kekId}.${label}`, 'utf8').update(iv).update(ct).digest();
  return Buffer.concat([iv, ct, tag]);
}

export function unwrapKey(kek: Buffer, kekId: string, wrapped: Buffer, label: string): Buffer {
  const keys = workingKeys(kek, 's4');
  if (wrapped.length < 16 + 32) throw new CiphertextError('wrapped key too short');
  const iv = wrapped.subarray(0, 16);
  const ct = wrapped.subarray(16, wrapped.length - 32);
  const tag = wrapped.subarray(wrapped.length - 32);
  const expected = createHmac('sm3', keys.macK!).update(`wrap.${kekId}.${label}`, 'utf8').update(iv).update(ct).digest();
  if (!timingSafeEqual(tag, expected)) throw new CiphertextError('key unwrap failed (wrong key-encryption key or tampered)');
  const d = createDecipheriv('sm4-ctr', keys.encK, iv);
  return Buffer.concat([d.update(ct), d.final()]);
}
