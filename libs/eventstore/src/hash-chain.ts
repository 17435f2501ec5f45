import * as nodeCrypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventStore, GlobalPosition, RecordedEvent } from './port';

/**
 * Hash chain of a stream.
 *
 *   hash(event) = sha256_hex( JCS({ prevHash, streamId, revision, eventId, type, schemaVersion, data, metadata }) )
 *
 * JCS = JSON Canonicalization Scheme, RFC 8785 (sorted keys, no whitespace, ECMAScript number form).
 * `prevHash` is the `hash` of the event at `revision - 1` of the same stream, `null` for revision 0.
 * `eventId` is the lower-case UUID. `data` and `metadata` must be plain JSON (no BigInt, no Date objects:
 * adapters pass them through `toPlainJson` first, so what is hashed is exactly what is stored).
 * The recording time and the global position are NOT hashed (the store assigns them).
 */
export interface EventHashInput {
  prevHash: string | null;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

/** Characters JSON.stringify escapes (and surrogates, which it escapes when lone). */
// eslint-disable-next-line no-control-regex -- exactly the control characters JSON escapes
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
const GIVE_UP = Symbol('not plain JSON');

/**
 * RFC 8785 for plain JSON, byte-identical to `canonicalize` (which formats numbers and strings with
 * JSON.stringify and sorts keys by UTF-16 code units), without its per-value closures: strings that
 * need no escaping are quoted as they are, numbers are `String(n)` (the same ECMAScript Number-to-String).
 * Anything that is not plain JSON (toJSON, undefined, functions…) throws GIVE_UP and the caller falls
 * back to `canonicalize`.
 */
function writeCanonical(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
    case 'number':
      if (!Number.isFinite(v)) throw GIVE_UP;
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + writeCanonical(v[i]);
        return `${out}]`;
      }
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') throw GIVE_UP;
      const keys = Object.keys(v).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        out += `${i === 0 ? '' : ','}${NEEDS_ESCAPE.test(k) ? JSON.stringify(k) : `"${k}"`}:${writeCanonical((v as Record<string, unknown>)[k])}`;
      }
      return `${out}}`;
    }
    default:
      throw GIVE_UP;
  }
}

/** RFC 8785 canonical JSON of a plain JSON value (the writer above, `canonicalize` when it gives up). */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = writeCanonical(value);
  } catch (err) {
    if (err !== GIVE_UP) throw err;
    text = canonicalize(value);
  }
  if (text === undefined) throw new TypeError('Value cannot be canonicalised');
  return text;
}

/** The exact JSON text that is hashed (useful for auditors re-computing by hand). */
export function canonicalEventJson(input: EventHashInput): string {
  const text = canonicalJson({
    prevHash: input.prevHash,
    streamId: input.streamId,
    revision: input.revision,
    eventId: input.eventId,
    type: input.type,
    schemaVersion: input.schemaVersion,
    data: input.data,
    metadata: input.metadata,
  });
  if (text === undefined) throw new TypeError('Event cannot be canonicalised');
  return text;
}

/**
 * `canonicalJson(toPlainJson(value, what))` in one walk when the value is plain JSON as it is (the usual
 * case: what a decider returns). The writer only accepts strings, finite numbers, booleans, null, arrays
 * without holes and objects without `toJSON` whose own enumerable values are of these kinds — exactly the
 * values that a JSON round trip leaves as they are — so its text is the canonical text of the round-tripped
 * copy. Anything else (a Date, undefined, a cycle…) goes through `toPlainJson` first, with its errors.
 */
export function canonicalPlainJson(value: unknown, what = 'value'): string {
  try {
    return writeCanonical(value);
  } catch {
    // not plain JSON as it is: round-trip it (throws the usual TypeError when it cannot be)
  }
  return canonicalJson(toPlainJson(value, what));
}

/** A string as RFC 8785 writes it. */
function canonicalString(v: string): string {
  return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
}

/** The event's hash input with `data` and `metadata` already as canonical JSON text (`canonicalPlainJson`). */
export interface CanonicalEventParts extends Omit<EventHashInput, 'data' | 'metadata'> {
  dataJson: string;
  metadataJson: string;
}

/**
 * `canonicalEventJson` built from canonical parts: the keys of the hashed object in RFC 8785 order (data,
 * eventId, metadata, prevHash, revision, schemaVersion, streamId, type), so that data and metadata, already
 * canonical, are not walked again. Byte-identical to `canonicalEventJson` of the parsed values (unit-tested).
 */
export function canonicalEventJsonFromParts(p: CanonicalEventParts): string {
  if (!Number.isSafeInteger(p.revision) || !Number.isSafeInteger(p.schemaVersion)) {
    return canonicalEventJson({ ...p, data: JSON.parse(p.dataJson) as unknown, metadata: JSON.parse(p.metadataJson) as unknown });
  }
  return (
    `{"data":${p.dataJson},"eventId":${canonicalString(p.eventId)},"metadata":${p.metadataJson},` +
    `"prevHash":${p.prevHash === null ? 'null' : canonicalString(p.prevHash)},"revision":${String(p.revision)},` +
    `"schemaVersion":${String(p.schemaVersion)},"streamId":${canonicalString(p.streamId)},"type":${canonicalString(p.type)}}`
  );
}

/** `computeEventHash` from canonical parts (see canonicalEventJsonFromParts). */
export function computeEventHashFromParts(p: CanonicalEventParts): string {
  return sha256Hex(canonicalEventJsonFromParts(p));
}

const oneShotHash = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** sha256 hex of the UTF-8 text (crypto.hash, one call, where Node has it: 20.12+). */
function sha256Hex(text: string): string {
  return oneShotHash ? oneShotHash('sha256', text, 'hex') : nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export function computeEventHash(input: EventHashInput): string {
  return sha256Hex(canonicalEventJson(input));
}

/**
 * Round-trips a value through JSON so that it is plain JSON (what the store persists and hashes).
 * Throws on BigInt, on non-finite numbers and on values that are not representable (undefined at the top).
 */
export function toPlainJson(value: unknown, what = 'value'): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`${what} contains a non-finite number`);
      return v;
    });
  } catch (err) {
    throw new TypeError(`${what} is not plain JSON: ${(err as Error).message}`);
  }
  if (text === undefined) throw new TypeError(`${what} is not representable as JSON`);
  return JSON.parse(text) as unknown;
}

export type ChainBreakReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'revision_gap';

export interface ChainBreak {
  streamId: string;
  revision: number;
  eventId: string;
  /** hash_mismatch: recomputed hash; prev_hash_mismatch / revision_gap: hash of the previous event seen. */
  expectedHash: string | null;
  /** hash_mismatch: stored hash; prev_hash_mismatch / revision_gap: stored prevHash of this event. */
  actualHash: string | null;
  reason: ChainBreakReason;
  detail: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Number of events checked (up to and including the first broken one). */
  checked: number;
  firstBroken?: ChainBreak;
}

type ChainEvent = Pick<
  RecordedEvent,
  'streamId' | 'revision' | 'eventId' | 'type' | 'schemaVersion' | 'data' | 'metadata' | 'prevHash' | 'hash'
>;

export interface ChainVerifierOptions {
  /**
   * Accept a stream whose first event seen is not revision 0 (its earlier events were truncated /
   * scavenged): that event anchors the chain and only its own hash is checked.
   * A function receives the stream id and the first revision seen.
   */
  allowTruncatedStart?: boolean | ((streamId: string, firstRevision: number) => boolean);
}

/** Incremental verifier: feed events of any number of streams, each stream in revision order. */
export class ChainVerifier {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private count = 0;

  constructor(private readonly options: ChainVerifierOptions = {}) {}

  get checked(): number {
    return this.count;
  }

  /** Returns the break found at this event, if any. */
  check(event: ChainEvent): ChainBreak | undefined {
    this.count += 1;
    const head = this.heads.get(event.streamId);
    const base = { streamId: event.streamId, revision: event.revision, eventId: event.eventId };
    let anchored = false;
    if (head) {
      if (event.revision !== head.revision + 1) {
        return {
          ...base,
          expectedHash: head.hash,
          actualHash: event.prevHash,
          reason: 'revision_gap',
          detail: `expected revision ${head.revision + 1} after ${head.revision}, found ${event.revision}`,
        };
      }
      if (event.prevHash !== head.hash) {
        return {
          ...base,
          expectedHash: head.hash,
          actualHash: event.prevHash,
          reason: 'prev_hash_mismatch',
          detail: `prevHash does not match the hash of revision ${head.revision}`,
        };
      }
    } else if (event.revision !== 0) {
      const allow = this.options.allowTruncatedStart;
      anchored = typeof allow === 'function' ? allow(event.streamId, event.revision) : allow === true;
      if (!anchored) {
        return {
          ...base,
          expectedHash: null,
          actualHash: event.prevHash,
          reason: 'revision_gap',
          detail: `stream starts at revision ${event.revision}, expected 0`,
        };
      }
    } else if (event.prevHash !== null) {
      return {
        ...base,
        expectedHash: null,
        actualHash: event.prevHash,
        reason: 'prev_hash_mismatch',
        detail: 'revision 0 must have a null prevHash',
      };
    }
    const recomputed = computeEventHash({
      prevHash: event.prevHash,
      streamId: event.streamId,
      revision: event.revision,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
    });
    if (recomputed !== event.hash) {
      return {
        ...base,
        expectedHash: recomputed,
        actualHash: event.hash,
        reason: 'hash_mismatch',
        detail: 'stored hash does not match the event content',
      };
    }
    this.heads.set(event.streamId, { revision: event.revision, hash: event.hash });
    return undefined;
  }
}

/** Verifies events (of one or several streams, each in revision order). Stops at the first break. */
export function verifyStreamChain(events: Iterable<ChainEvent>, options: ChainVerifierOptions = {}): ChainVerification {
  const verifier = new ChainVerifier(options);
  for (const event of events) {
    const broken = verifier.check(event);
    if (broken) return { ok: false, checked: verifier.checked, firstBroken: broken };
  }
  return { ok: true, checked: verifier.checked };
}

export interface VerifyStoreOptions {
  /** Verify only this stream (read with readStream); otherwise walk the whole log with readAll. */
  streamId?: string;
  pageSize?: number;
  /** See ChainVerifierOptions. For a single stream, a start at its truncateBefore is always accepted. */
  allowTruncatedStart?: boolean;
}

/** Store-wide (or one-stream) verification through the port only: works for every adapter. */
export async function verifyStore(store: EventStore, options: VerifyStoreOptions = {}): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 1000;
  if (options.streamId !== undefined) {
    const streamId = options.streamId;
    const meta = await store.getStreamMetadata(streamId);
    const truncateBefore = typeof meta.truncateBefore === 'number' ? meta.truncateBefore : 0;
    const verifier = new ChainVerifier({
      allowTruncatedStart: (_s, first) => options.allowTruncatedStart === true || first === truncateBefore,
    });
    let from = 0;
    for (;;) {
      const page = await store.readStream(streamId, { direction: 'forwards', fromRevision: from, maxCount: pageSize });
      for (const event of page) {
        const broken = verifier.check(event);
        if (broken) return { ok: false, checked: verifier.checked, firstBroken: broken };
      }
      if (page.length < pageSize) break;
      from = page[page.length - 1]!.revision + 1;
    }
    return { ok: true, checked: verifier.checked };
  }

  const verifier = new ChainVerifier({ allowTruncatedStart: options.allowTruncatedStart });
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    for (const event of page) {
      const broken = verifier.check(event);
      if (broken) return { ok: false, checked: verifier.checked, firstBroken: broken };
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.position;
  }
  return { ok: true, checked: verifier.checked };
}
