import { PERSONAL_FIELD_NAMES } from '@sa/contracts';
import { CiphertextError, decryptString, encryptString, isCiphertext, parseCiphertext, type SuiteId } from './cipher';
import { ShreddedSubjectError, UnknownDataKeyError, type DataKeys } from './data-keys';

/** What a field reads as after its key has been destroyed (crypto-shredding). */
export const SHREDDED = '已销毁';

/** What a field reads as when its ciphertext does not authenticate (altered, or moved to another field or event). */
export const UNREADABLE = '无法解密';

/**
 * Which fields are personal data: property names, wherever they occur in a JSON document (the
 * value of such a property, whatever its type, is encrypted as a whole). Matching by name keeps the
 * policy next to the glossary instead of next to every event schema; a new personal field in an
 * event must use one of these names or be added here (the leak test in intake catches misses).
 */
export interface FieldPolicy {
  fields: ReadonlySet<string>;
}

/** Personal fields of the social-assistance contexts (GLOSSARY names): @sa/contracts' PERSONAL_FIELD_NAMES. */
export const PERSONAL_FIELDS: FieldPolicy = { fields: new Set(PERSONAL_FIELD_NAMES) };

export interface FieldEncryptorOptions {
  suite?: SuiteId;
  policy?: FieldPolicy;
}

export interface DecryptResult<T> {
  value: T;
  /** Paths of fields that were encrypted (useful for the read log: which fields were read). */
  fields: string[];
  /** True when at least one field's key was destroyed. */
  shredded: boolean;
  /** True when at least one ciphertext did not authenticate (it reads as UNREADABLE). */
  unreadable?: boolean;
}

/**
 * Encrypts the personal fields of a JSON document under the subject's data key, and decrypts any
 * ciphertext found in a document. `context` (e.g. the event id) and the JSON path are bound to each
 * ciphertext as associated data.
 */
export class FieldEncryptor {
  readonly suite: SuiteId;
  readonly policy: FieldPolicy;

  constructor(
    readonly keys: DataKeys,
    options: FieldEncryptorOptions = {},
  ) {
    this.suite = options.suite ?? 's4';
    this.policy = options.policy ?? PERSONAL_FIELDS;
  }

  /** True when the document has at least one personal field in clear. */
  hasPersonalFields(value: unknown): boolean {
    let found = false;
    walk(value, '', (v, _path, key) => {
      if (key !== undefined && this.policy.fields.has(key) && v !== null && v !== undefined && !isCiphertext(v)) found = true;
      return undefined;
    });
    return found;
  }

  /**
   * Encrypts the document's personal fields under the subject's newest data key. For a subject
   * whose key was destroyed (shredded) nothing can be encrypted any more: its personal fields are
   * written as `已销毁` (a late event or a projection rebuild of a shredded case stores no clear data).
   */
  async encrypt<T>(value: T, subject: string, context: string): Promise<T> {
    if (!this.hasPersonalFields(value)) return value;
    const current = await this.currentKey(subject);
    return walk(value, '', (v, path, key2) => {
      if (key2 === undefined || !this.policy.fields.has(key2) || v === null || v === undefined || isCiphertext(v)) return undefined;
      if (!current) return { replace: SHREDDED };
      return { replace: encryptString(JSON.stringify(v), current.key, current.keyId, this.suite, `${context}|${path}`) };
    }) as T;
  }

  async encryptValue(value: unknown, subject: string, aad: string): Promise<string> {
    const current = await this.currentKey(subject);
    if (!current) return SHREDDED;
    return encryptString(JSON.stringify(value), current.key, current.keyId, this.suite, aad);
  }

  private async currentKey(subject: string): Promise<{ keyId: string; key: Buffer } | undefined> {
    try {
      return await this.keys.keyFor(subject);
    } catch (err) {
      if (err instanceof ShreddedSubjectError) return undefined;
      throw err;
    }
  }

  async decryptValue(ciphertext: string, aad: string): Promise<unknown> {
    const { keyId } = parseCiphertext(ciphertext);
    const found = await this.lookup(keyId);
    if (found === undefined) return SHREDDED;
    try {
      return JSON.parse(decryptString(ciphertext, found, aad)) as unknown;
    } catch (err) {
      if (err instanceof CiphertextError) return UNREADABLE;
      throw err;
    }
  }

  private async lookup(keyId: string): Promise<Buffer | undefined> {
    try {
      const k = await this.keys.lookup(keyId);
      return k.status === 'active' ? k.key : undefined;
    } catch (err) {
      if (err instanceof UnknownDataKeyError) return undefined;
      throw err;
    }
  }

  async decrypt<T>(value: T, context: string): Promise<DecryptResult<T>> {
    const found: { path: string; text: string }[] = [];
    walk(value, '', (v, path) => {
      if (isCiphertext(v)) found.push({ path, text: v });
      return undefined;
    });
    if (found.length === 0) return { value, fields: [], shredded: false };
    const clear = new Map<string, unknown>();
    let shredded = false;
    let unreadable = false;
    for (const f of found) {
      const key = await this.lookup(parseCiphertext(f.text).keyId);
      if (key === undefined) {
        shredded = true;
        clear.set(f.path, SHREDDED);
      } else {
        try {
          clear.set(f.path, JSON.parse(decryptString(f.text, key, `${context}|${f.path}`)));
        } catch (err) {
          if (!(err instanceof CiphertextError)) throw err;
          unreadable = true;
          clear.set(f.path, UNREADABLE);
        }
      }
    }
    const out = walk(value, '', (v, path) => (isCiphertext(v) ? { replace: clear.get(path) } : undefined)) as T;
    return { value: out, fields: found.map((f) => f.path), shredded, unreadable };
  }
}

type Visitor = (value: unknown, path: string, key: string | undefined) => { replace: unknown } | undefined;

/** Copy-on-write walk over plain JSON; the visitor may replace a value (its children are then not visited). */
function walk(value: unknown, path: string, visit: Visitor, key?: string): unknown {
  const r = visit(value, path, key);
  if (r) return r.replace;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = walk(item, path ? `${path}.${i}` : String(i), visit, undefined);
      if (next !== item) (out ??= [...value])[i] = next;
    });
    return out ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, item] of Object.entries(value as Record<string, unknown>)) {
      const next = walk(item, path ? `${path}.${k}` : k, visit, k);
      if (next !== item) (out ??= { ...(value as Record<string, unknown>) })[k] = next;
    }
    return out ?? value;
  }
  return value;
}

/** A policy with more field names (e.g. a context's free-text fields that embed names). */
export function extendPolicy(base: FieldPolicy, ...names: string[]): FieldPolicy {
  return { fields: new Set([...base.fields, ...names]) };
}
