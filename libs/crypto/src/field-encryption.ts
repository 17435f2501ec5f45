import { METADATA_REASON_CODE, PERSONAL_EVENT_FIELDS, PERSONAL_FIELD_NAMES, PERSONAL_NESTED_FIELDS } from '@sa/contracts';
import {
  CiphertextError,
  compactGroupTag,
  compactReferenceTag,
  decryptString,
  encryptString,
  groupTag,
  COMPACT_PREFIX,
  isCiphertext,
  parseCiphertext,
  parseGroupReference,
  type SuiteId,
} from './cipher';
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
  /**
   * Names personal only inside an object held by one of the given parent properties (directly or as an array
   * element): `description` → {`changes`} seals a change's description, not a reason's (@sa/contracts
   * PERSONAL_NESTED_FIELDS).
   */
  nested?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Top-level properties personal only in the named event types (`CaseApproved` → {`reason`}): free text whose name is
   * a code in other events (@sa/contracts PERSONAL_EVENT_FIELDS). Applied when `encrypt` is given the event type.
   */
  byType?: ReadonlyMap<string, ReadonlySet<string>>;
}

function byTypePolicy(fields: Readonly<Record<string, readonly string[]>>): Map<string, Set<string>> {
  return new Map(Object.entries(fields).map(([type, names]) => [type, new Set(names)]));
}

function nestedPolicy(fields: readonly { name: string; parent: string }[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of fields) out.set(f.name, new Set([...(out.get(f.name) ?? []), f.parent]));
  return out;
}

/** Personal fields of the social-assistance contexts (GLOSSARY names): @sa/contracts' PERSONAL_FIELD_NAMES and PERSONAL_NESTED_FIELDS. */
export const PERSONAL_FIELDS: FieldPolicy = {
  fields: new Set(PERSONAL_FIELD_NAMES),
  nested: nestedPolicy(PERSONAL_NESTED_FIELDS),
  byType: byTypePolicy(PERSONAL_EVENT_FIELDS),
};

/** The property holding the object that holds the value at `segs` (skipping an array index), or undefined. */
function parentProperty(segs: readonly string[]): string | undefined {
  let i = segs.length - 2;
  if (i >= 0 && /^\d+$/.test(segs[i]!)) i--;
  return i >= 0 ? segs[i] : undefined;
}

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

  /** True when the document (the data of an event of `eventType`, when given) has at least one personal field in clear. */
  hasPersonalFields(value: unknown, eventType?: string): boolean {
    return this.clearPersonalFields(value, eventType).length > 0;
  }

  private clearPersonalFields(value: unknown, eventType: string | undefined): Hit[] {
    const { fields, nested } = this.policy;
    const topLevel = eventType === undefined ? undefined : this.policy.byType?.get(eventType);
    return find(value, (v, key, segs) => {
      if (key === undefined || v === null || v === undefined) return false;
      if (topLevel?.has(key) && segs.length === 1) return !isCiphertext(v);
      if (!fields.has(key)) {
        const parents = nested?.get(key);
        if (!parents) return false;
        const parent = parentProperty(segs);
        if (parent === undefined || !parents.has(parent)) return false;
      }
      return !isCiphertext(v);
    });
  }

  /**
   * Encrypts the document's personal fields under the subject's newest data key, all of them as
   * ONE ciphertext (format 3, compact): the first personal field holds the group `sa3.<suite>.<keyId>.…`
   * (the JSON array of the fields' values in the order of their sorted paths; the sorted paths and
   * `context` are bound as associated data), every other one a reference `sa3.<groupTag>`. One SM4
   * context and two HMAC-SM3 per document and subject, no field names or repeated key ids in the row
   * (issue 18: the format-2 row was three times the clear one). Formats 1 (`sa1.…`) and 2 (`sa2.…`),
   * events stored before, are read as before.
   *
   * For a subject whose key was destroyed (shredded) nothing can be encrypted any more: its
   * personal fields are written as `已销毁` (a late event or a projection rebuild of a shredded case
   * stores no clear data).
   *
   * `eventType`: the document is the data of an event of this type; its top-level properties the policy names for the
   * type (`byType`, @sa/contracts PERSONAL_EVENT_FIELDS: a decision's `reason`, a lead's `description`) are sealed too,
   * in the same group.
   */
  async encrypt<T>(value: T, subject: string, context: string, subjectAt?: SubjectAt, eventType?: string): Promise<T> {
    const plan = this.plan(value, subject, subjectAt, eventType);
    if (!plan) return value;
    const keys = new Map<string, { keyId: string; key: Buffer } | undefined>();
    for (const s of plan.bySubject.keys()) keys.set(s, this.keys.cachedKeyFor(s) ?? (await this.currentKey(s)));
    return this.seal(plan, keys, context) as T;
  }

  /**
   * `encrypt` without waiting (issue 18, the append path): the sealed document when the keys of all its subjects are
   * in this process's key cache — byte for byte what `encrypt` gives —, the document itself when it has no personal
   * field in clear, `undefined` when a key must be read or created first (then `encrypt`).
   */
  encryptCached<T>(value: T, subject: string, context: string, subjectAt?: SubjectAt, eventType?: string): T | undefined {
    const plan = this.plan(value, subject, subjectAt, eventType);
    if (!plan) return value;
    const keys = new Map<string, { keyId: string; key: Buffer } | undefined>();
    for (const s of plan.bySubject.keys()) {
      const k = this.keys.cachedKeyFor(s);
      if (!k) return undefined;
      keys.set(s, k);
    }
    return this.seal(plan, keys, context) as T;
  }

  /** One walk finds the personal fields in clear and copies the objects that hold them (the input is not modified), grouped by subject. */
  private plan(value: unknown, subject: string, subjectAt: SubjectAt | undefined, eventType: string | undefined): { copy: unknown; bySubject: Map<string, Slot[]> } | undefined {
    const slots: Slot[] = [];
    const topLevel = eventType === undefined ? undefined : this.policy.byType?.get(eventType);
    const copy = collectSlots(value, this.policy, subjectAt, slots, topLevel);
    if (slots.length === 0) return undefined;
    // One group per subject: a document about several people (a payment run's batch of lines, each of its own
    // case) seals each person's fields under that person's key, so shredding one reaches exactly theirs.
    const bySubject = new Map<string, Slot[]>();
    for (const slot of slots) {
      const s = slot.subject ?? (slot.segs ? subjectAt?.(value, slot.segs) : undefined) ?? subject;
      const group = bySubject.get(s);
      if (group) group.push(slot);
      else bySubject.set(s, [slot]);
    }
    return { copy, bySubject };
  }

  /** Seals each subject's group of the plan under its key (undefined: the subject's key is destroyed → 已销毁). */
  private seal(plan: { copy: unknown; bySubject: Map<string, Slot[]> }, keys: Map<string, { keyId: string; key: Buffer } | undefined>, context: string): unknown {
    for (const [s, group] of plan.bySubject) {
      const current = keys.get(s);
      if (!current) {
        for (const slot of group) slot.holder[slot.key] = SHREDDED;
        continue;
      }
      const sorted = sortByPath(group);
      const values = new Array<unknown>(sorted.length);
      const paths = new Array<string>(sorted.length);
      for (let i = 0; i < sorted.length; i++) {
        values[i] = sorted[i]!.value;
        paths[i] = sorted[i]!.path;
      }
      const sealed = encryptString(JSON.stringify(values), current.key, current.keyId, this.suite, compactContext(context, paths), 'sa3', context);
      const ref = `sa3.${compactGroupTag(sealed)}`;
      group.forEach((slot, i) => (slot.holder[slot.key] = i === 0 ? sealed : ref));
    }
    return plan.copy;
  }

  /**
   * One value sealed alone (a read model's sealed column, a kept answer body): `sa3.<suite>.<keyId>.…` with `aad` bound
   * (the format-3 header; a single value's cipher is format 1's, so the row is the same size). Its readers all
   * open it with decryptValue, which reads formats 1 and 3 alike, so columns written before stay readable.
   */
  async encryptValue(value: unknown, subject: string, aad: string): Promise<string> {
    const current = await this.currentKey(subject);
    if (!current) return SHREDDED;
    return encryptString(JSON.stringify(value), current.key, current.keyId, this.suite, aad, 'sa3');
  }

  /**
   * An event's envelope with its `reason` sealed when it is free text (a decision's 审核确认意见; @sa/contracts
   * METADATA_REASON_CODE: codes stay in clear), under the subject's key, bound to `context` and `metadata.reason`.
   * Sealed after shredding: `已销毁`. The input is not modified; without a text reason it is returned as is.
   */
  async sealMetadata<M extends { reason?: unknown }>(metadata: M, subject: string, context: string): Promise<M> {
    if (!metadataToSeal(metadata)) return metadata;
    return { ...metadata, reason: await this.encryptValue(metadata.reason, subject, metadataReasonContext(context)) };
  }

  /** `sealMetadata` without waiting: the envelope (sealed or as is) when nothing needs a key not in the cache, else undefined. */
  sealMetadataCached<M extends { reason?: unknown }>(metadata: M, subject: string, context: string): M | undefined {
    if (!metadataToSeal(metadata)) return metadata;
    const current = this.keys.cachedKeyFor(subject);
    if (!current) return undefined;
    return { ...metadata, reason: encryptString(JSON.stringify(metadata.reason), current.key, current.keyId, this.suite, metadataReasonContext(context), 'sa3') };
  }

  /** The envelope with a sealed `reason` opened (`已销毁` once the key is destroyed); as is without one. */
  async openMetadata<M extends { reason?: unknown }>(metadata: M, context: string): Promise<M> {
    const reason = metadata?.reason;
    if (typeof reason !== 'string' || !isCiphertext(reason)) return metadata;
    let opened: unknown;
    try {
      opened = await this.decryptValue(reason, metadataReasonContext(context));
    } catch (err) {
      if (!(err instanceof CiphertextError)) throw err;
      opened = UNREADABLE;
    }
    return { ...metadata, reason: typeof opened === 'string' ? opened : UNREADABLE };
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

  /** Fetches the data keys the documents' ciphertexts name in one round trip (DataKeys.preload), before decrypting them one by one. */
  async preloadKeys(documents: readonly unknown[]): Promise<void> {
    const keyIds: string[] = [];
    for (const d of documents) {
      for (const f of find(d, isCiphertext)) {
        const text = f.value as string;
        if (compactReferenceTag(text) !== undefined) continue; // its group names the key
        const ref = parseGroupReference(text);
        if (ref) keyIds.push(ref.keyId);
        else {
          try {
            keyIds.push(parseCiphertext(text).keyId);
          } catch (err) {
            if (!(err instanceof CiphertextError)) throw err; // malformed: decrypt reports it
          }
        }
      }
    }
    await this.keys.preload(keyIds);
  }

  /**
   * Opens every sealed value of the document (formats 1, 2 and 3) in one walk: the walk copies only the objects
   * and arrays that hold a sealed value (the rest is shared with the input, which is not modified) and notes
   * where each clear value goes; each group is then opened once and its values written straight into the copy.
   */
  async decrypt<T>(value: T, context: string): Promise<DecryptResult<T>> {
    const found: Sealed[] = [];
    const box: Record<string, unknown> = { '': value };
    if (isCiphertext(value)) found.push({ holder: box, key: '', path: '', text: value });
    else if (value !== null && typeof value === 'object') box[''] = collectSealed(value, found);
    if (found.length === 0) return { value, fields: [], shredded: false };
    let shredded = false;
    let unreadable = false;
    // One look-up per key id and document (format 1 names the key in every field).
    const looked = new Map<string, Promise<Buffer | undefined>>();
    const keyOf = (keyId: string): Promise<Buffer | undefined> => {
      let k = looked.get(keyId);
      if (!k) looked.set(keyId, (k = this.lookup(keyId)));
      return k;
    };
    // Sorted by format in the walk's (document) order: format-3 groups by tag, format-2 groups and references, format 1.
    const compact = new Map<string, { group?: string; members: Sealed[] }>();
    const groups2: Sealed[] = [];
    const refs2: { slot: Sealed; tag: string }[] = [];
    const single: Sealed[] = [];
    for (const f of found) {
      const t = f.text;
      if (t.charCodeAt(2) === 51 /* sa3 */) {
        const isGroup = t.indexOf('.', COMPACT_PREFIX.length) !== -1;
        const tag = isGroup ? compactGroupTag(t) : t.slice(COMPACT_PREFIX.length);
        let g = compact.get(tag);
        if (!g) compact.set(tag, (g = { members: [] }));
        if (isGroup) {
          if (g.group !== undefined && g.group !== t) g.group = ''; // two groups with one tag: neither reads
          else g.group = t;
        }
        g.members.push(f);
      } else if (t.charCodeAt(2) === 50 /* sa2 */) {
        if (t.startsWith('sa2.rf.')) refs2.push({ slot: f, tag: t.slice(t.lastIndexOf('.') + 1) });
        else groups2.push(f);
      } else single.push(f);
    }
    // Format 3: each group over its members' sorted paths.
    for (const g of compact.values()) {
      const sorted = g.members.length === 1 ? g.members : sortByPath(g.members);
      let values: unknown[] | typeof SHREDDED | typeof UNREADABLE = UNREADABLE;
      if (g.group) {
        const key = await keyOf(parseCiphertext(g.group).keyId);
        if (key === undefined) values = SHREDDED;
        else {
          const paths = new Array<string>(sorted.length);
          for (let i = 0; i < sorted.length; i++) paths[i] = sorted[i]!.path;
          try {
            const opened = JSON.parse(decryptString(g.group, key, compactContext(context, paths))) as unknown;
            if (Array.isArray(opened) && opened.length === sorted.length) values = opened;
          } catch (err) {
            if (!(err instanceof CiphertextError) && !(err instanceof SyntaxError)) throw err;
          }
        }
      }
      if (values === SHREDDED) shredded = true;
      else if (values === UNREADABLE) unreadable = true;
      for (let i = 0; i < sorted.length; i++) sorted[i]!.holder[sorted[i]!.key] = typeof values === 'string' ? values : values[i];
    }
    // Format 2: the document's groups (their clear {path: value} map, or what they read as), then their fields.
    if (groups2.length > 0 || refs2.length > 0) {
      const opened2 = new Map<string, Record<string, unknown> | typeof SHREDDED | typeof UNREADABLE>();
      for (const f of groups2) {
        const key = await keyOf(parseCiphertext(f.text).keyId);
        let opened: Record<string, unknown> | typeof SHREDDED | typeof UNREADABLE = SHREDDED;
        if (key !== undefined) {
          try {
            opened = JSON.parse(decryptString(f.text, key, groupContext(context))) as Record<string, unknown>;
          } catch (err) {
            if (!(err instanceof CiphertextError) && !(err instanceof SyntaxError)) throw err;
            opened = UNREADABLE;
          }
        }
        opened2.set(groupTag(f.text), opened);
      }
      const fromGroup = (tag: string, path: string): unknown => {
        const g = opened2.get(tag);
        if (g === SHREDDED) return (shredded = true), SHREDDED;
        if (g === undefined || g === UNREADABLE || g === null || typeof g !== 'object' || !Object.prototype.hasOwnProperty.call(g, path)) return (unreadable = true), UNREADABLE;
        return g[path];
      };
      for (const f of groups2) f.holder[f.key] = fromGroup(groupTag(f.text), f.path);
      for (const { slot, tag } of refs2) slot.holder[slot.key] = fromGroup(tag, slot.path);
    }
    // Format 1: one ciphertext per field, its path bound.
    for (const f of single) {
      const key = await keyOf(parseCiphertext(f.text).keyId);
      if (key === undefined) {
        shredded = true;
        f.holder[f.key] = SHREDDED;
        continue;
      }
      try {
        f.holder[f.key] = JSON.parse(decryptString(f.text, key, `${context}|${f.path}`));
      } catch (err) {
        if (!(err instanceof CiphertextError)) throw err;
        unreadable = true;
        f.holder[f.key] = UNREADABLE;
      }
    }
    const fields = new Array<string>(found.length);
    for (let i = 0; i < found.length; i++) fields[i] = found[i]!.path;
    return { value: box[''] as T, fields, shredded, unreadable };
  }
}

/** A sealed value found by collectSealed: where its clear value goes in the copy. */
interface Sealed {
  /** The copied object or array that holds it. */
  holder: Record<string, unknown>;
  key: string;
  /** JSON path, segments joined with '.' (the associated data of format 1, the key in a format-2 group, a format-3 group's order). */
  path: string;
  text: string;
}

/**
 * The document with every object and array that holds a sealed value copied (the rest shared), and those values
 * in document order: the values find(root, isCiphertext) finds below the root (array elements included).
 */
function collectSealed(root: object, found: Sealed[]): unknown {
  const segs: string[] = [];
  const pathOf = (k: string): string => (segs.length === 0 ? k : `${segs.join('.')}.${k}`);
  const visit = (v: object): object => {
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item === 'string') {
          if (isCiphertext(item)) {
            out ??= [...v];
            found.push({ holder: out as unknown as Record<string, unknown>, key: String(i), path: pathOf(String(i)), text: item });
          }
          continue;
        }
        if (item === null || typeof item !== 'object') continue;
        segs.push(String(i));
        const next = visit(item);
        segs.pop();
        if (next !== item) (out ??= [...v])[i] = next;
      }
      return out ?? v;
    }
    let out: Record<string, unknown> | undefined;
    const obj = v as Record<string, unknown>;
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      const child = obj[k];
      if (typeof child === 'string') {
        if (isCiphertext(child)) {
          out ??= { ...obj };
          found.push({ holder: out, key: k, path: pathOf(k), text: child });
        }
        continue;
      }
      if (child === null || typeof child !== 'object') continue;
      segs.push(k);
      const next = visit(child);
      segs.pop();
      if (next !== child) (out ??= { ...obj })[k] = next;
    }
    return out ?? v;
  };
  return visit(root);
}

/** An envelope whose `reason` is free text in clear (codes stay in clear: @sa/contracts METADATA_REASON_CODE). */
function metadataToSeal(metadata: { reason?: unknown } | undefined): metadata is { reason: string } {
  const reason = metadata?.reason;
  return !(typeof reason !== 'string' || reason === '' || METADATA_REASON_CODE.test(reason) || isCiphertext(reason) || reason === SHREDDED);
}

/** The associated data of a sealed `metadata.reason`. */
function metadataReasonContext(context: string): string {
  return `${context}|metadata.reason`;
}

/** The associated data of a format-3 group: the context and the group's sorted paths (their order = the values' order). */
function compactContext(context: string, sortedPaths: readonly string[]): string {
  return `${context}|${JSON.stringify(sortedPaths)}`;
}

/** The hits ordered by path (code-unit order, as the sealing side does): the order of a format-3 group's values. */
function sortByPath<H extends { path: string }>(hits: readonly H[]): H[] {
  return [...hits].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The associated data of a document's group ciphertext (format 2). */
function groupContext(context: string): string {
  return `${context}|*`;
}

/**
 * The subject (whose data key) of the personal field at `segs` of `document`, when it is not the document's
 * own subject; undefined: the document's.
 */
export type SubjectAt = (document: unknown, segs: readonly string[]) => string | undefined;

/**
 * The subject of a field inside an element of an array that names its own case (`[{ caseId, … }]`): that
 * case. A payment run's `PaymentBatchIssued` lists many cases' payment lines in one event.
 */
export const subjectOfCaseLine: SubjectAt = (document, segs) => {
  let node: unknown = document;
  let found: string | undefined;
  for (let i = 0; i < segs.length - 1; i++) {
    const parentIsArray = Array.isArray(node);
    node = (node as Record<string, unknown> | null)?.[segs[i]!];
    if (parentIsArray && node !== null && typeof node === 'object') {
      const caseId = (node as { caseId?: unknown }).caseId;
      if (typeof caseId === 'string' && caseId !== '') found = caseId;
    }
  }
  return found;
};

/** A personal field in clear found by collectSlots: where to put its sealed form in the copy. */
interface Slot {
  /** The copied object or array that holds the field. */
  holder: Record<string, unknown>;
  key: string;
  path: string;
  value: unknown;
  /** Its subject when the walk knows it (subjectOfCaseLine: the nearest array element's caseId). */
  subject?: string;
  /** Its path's segments, kept for another SubjectAt. */
  segs?: string[];
}

/**
 * The document with every object and array that holds a personal field in clear copied (the rest shared), and
 * those fields as slots in document order; the same fields as clearPersonalFields finds. With subjectOfCaseLine,
 * each slot's subject is read on the way down (the nearest array element's own caseId) instead of from the root.
 */
function collectSlots(root: unknown, policy: FieldPolicy, subjectAt: SubjectAt | undefined, slots: Slot[], topLevel?: ReadonlySet<string>): unknown {
  const { fields, nested } = policy;
  const byLine = subjectAt === subjectOfCaseLine;
  const custom = subjectAt !== undefined && !byLine;
  const segs: string[] = [];
  const isPersonal = (key: string, v: unknown): boolean => {
    if (v === null || v === undefined) return false;
    if (topLevel !== undefined && segs.length === 0 && topLevel.has(key)) return !isCiphertext(v);
    if (!fields.has(key)) {
      const parents = nested?.get(key);
      if (!parents) return false;
      const parent = parentProperty([...segs, key]);
      if (parent === undefined || !parents.has(parent)) return false;
    }
    return !isCiphertext(v);
  };
  const visit = (v: unknown, line: string | undefined): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (item === null || typeof item !== 'object') continue;
        let itemLine = line;
        if (byLine && !Array.isArray(item)) {
          const caseId = (item as { caseId?: unknown }).caseId;
          if (typeof caseId === 'string' && caseId !== '') itemLine = caseId;
        }
        segs.push(String(i));
        const next = visit(item, itemLine);
        segs.pop();
        if (next !== item) (out ??= [...v])[i] = next;
      }
      return out ?? v;
    }
    let out: Record<string, unknown> | undefined;
    const obj = v as Record<string, unknown>;
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      const child = obj[k];
      if (isPersonal(k, child)) {
        out ??= { ...obj };
        segs.push(k);
        slots.push({ holder: out, key: k, path: segs.join('.'), value: child, subject: line, ...(custom ? { segs: [...segs] } : {}) });
        segs.pop();
        continue;
      }
      if (child === null || typeof child !== 'object') continue;
      segs.push(k);
      const next = visit(child, line);
      segs.pop();
      if (next !== child) (out ??= { ...obj })[k] = next;
    }
    return out ?? v;
  };
  // A personal field directly in an array (no property name) is not one: as find's test (key undefined).
  return visit(root, undefined);
}

interface Hit {
  /** JSON path, segments joined with '.' (the associated data of format 1, the key in a format-2 group). */
  path: string;
  segs: string[];
  value: unknown;
}

/** The values of the document for which `test` holds (their children are not visited), in document order. */
function find(root: unknown, test: (value: unknown, key: string | undefined, segs: readonly string[]) => boolean): Hit[] {
  const out: Hit[] = [];
  const segs: string[] = [];
  const visit = (v: unknown, key: string | undefined): void => {
    if (test(v, key, segs)) {
      out.push({ path: segs.join('.'), segs: [...segs], value: v });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        segs.push(String(i));
        visit(v[i], undefined);
        segs.pop();
      }
      return;
    }
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      segs.push(k);
      visit((v as Record<string, unknown>)[k], k);
      segs.pop();
    }
  };
  visit(root, undefined);
  return out;
}

/** A policy with more field names (e.g. a context's free-text fields that embed names). */
export function extendPolicy(base: FieldPolicy, ...names: string[]): FieldPolicy {
  return { fields: new Set([...base.fields, ...names]), ...(base.nested ? { nested: base.nested } : {}), ...(base.byType ? { byType: base.byType } : {}) };
}
