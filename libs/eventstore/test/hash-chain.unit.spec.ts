import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  ChainVerifier,
  canonicalEventJson,
  canonicalEventJsonFromParts,
  canonicalJson,
  canonicalPlainJson,
  computeEventHash,
  computeEventHashFromParts,
  toPlainJson,
  verifyStreamChain,
  type EventHashInput,
} from '../src/hash-chain';
import { START, type RecordedEvent } from '../src/port';
import { eventIdFor } from '../src/envelope';

const input: EventHashInput = {
  prevHash: null,
  streamId: 'application-1',
  revision: 0,
  eventId: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  type: 'ApplicationSubmitted',
  schemaVersion: 1,
  data: { b: 2, a: '张三', amountFen: 123456 },
  metadata: {
    correlationId: 'application-1',
    causationId: 'cmd-1',
    actor: { id: 'u1', role: 'community_officer', jurisdiction: '110101001001' },
    occurredAt: '2025-03-01T09:30:00+08:00',
  },
};

function chain(streamId: string, n: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  let prevHash: string | null = null;
  for (let revision = 0; revision < n; revision++) {
    const e = {
      streamId,
      revision,
      eventId: eventIdFor(streamId, revision),
      type: 'T',
      schemaVersion: 1,
      data: { revision },
      metadata: input.metadata as RecordedEvent['metadata'],
      prevHash,
    };
    const hash = computeEventHash(e);
    out.push({ ...e, hash, position: START, recordedAt: new Date(0) });
    prevHash = hash;
  }
  return out;
}

describe('hash chain', () => {
  it('hashes the RFC 8785 canonical JSON (known vector, computed independently)', () => {
    const expectedJson =
      '{"data":{"a":"张三","amountFen":123456,"b":2},"eventId":"2ed6657d-e927-568b-95e1-2665a8aea6a2",' +
      '"metadata":{"actor":{"id":"u1","jurisdiction":"110101001001","role":"community_officer"},"causationId":"cmd-1",' +
      '"correlationId":"application-1","occurredAt":"2025-03-01T09:30:00+08:00"},"prevHash":null,"revision":0,' +
      '"schemaVersion":1,"streamId":"application-1","type":"ApplicationSubmitted"}';
    expect(canonicalEventJson(input)).toBe(expectedJson);
    expect(computeEventHash(input)).toBe('261fabbace2ba74c358acc320e28e22cd53e511ddee05f0acb6e2a92bbfb9015');
    expect(computeEventHash(input)).toBe(createHash('sha256').update(expectedJson).digest('hex'));
  });

  it('does not depend on key order but on every value', () => {
    const reordered = { ...input, data: { amountFen: 123456, a: '张三', b: 2 } };
    expect(computeEventHash(reordered)).toBe(computeEventHash(input));
    expect(computeEventHash({ ...input, data: { ...(input.data as object), b: 3 } })).not.toBe(computeEventHash(input));
    expect(computeEventHash({ ...input, prevHash: 'a'.repeat(64) })).not.toBe(computeEventHash(input));
    expect(computeEventHash({ ...input, schemaVersion: 2 })).not.toBe(computeEventHash(input));
  });

  it('toPlainJson: what is stored is what is hashed; BigInt and NaN are refused', () => {
    expect(toPlainJson({ at: new Date('2025-01-01T00:00:00Z'), u: undefined, n: 1 })).toEqual({
      at: '2025-01-01T00:00:00.000Z',
      n: 1,
    });
    expect(() => toPlainJson({ big: 1n })).toThrow(TypeError);
    expect(() => toPlainJson({ x: Number.NaN })).toThrow(/non-finite/);
    expect(() => toPlainJson(undefined)).toThrow(TypeError);
  });

  it('verifyStreamChain accepts an intact chain of several interleaved streams', () => {
    const a = chain('a-1', 4);
    const b = chain('b-1', 3);
    const interleaved = [a[0]!, b[0]!, a[1]!, b[1]!, b[2]!, a[2]!, a[3]!];
    expect(verifyStreamChain(interleaved)).toEqual({ ok: true, checked: 7 });
  });

  it('finds altered content at exactly that event', () => {
    const events = chain('a-1', 5);
    events[3] = { ...events[3]!, data: { revision: 30 } };
    const r = verifyStreamChain(events);
    expect(r).toMatchObject({ ok: false, checked: 4 });
    expect(r.firstBroken).toMatchObject({
      streamId: 'a-1',
      revision: 3,
      reason: 'hash_mismatch',
      actualHash: events[3]!.hash,
    });
  });

  it('finds a re-hashed forgery at the next event (prevHash mismatch)', () => {
    const events = chain('a-1', 5);
    const forged = { ...events[2]!, data: { revision: 20 } };
    forged.hash = computeEventHash(forged);
    events[2] = forged;
    expect(verifyStreamChain(events).firstBroken).toMatchObject({
      revision: 3,
      reason: 'prev_hash_mismatch',
      expectedHash: forged.hash,
    });
  });

  it('finds a removed event (revision gap) and a bad genesis', () => {
    const events = chain('a-1', 5);
    expect(verifyStreamChain([events[0]!, events[1]!, events[3]!]).firstBroken).toMatchObject({
      revision: 3,
      reason: 'revision_gap',
    });
    expect(verifyStreamChain(events.slice(1)).firstBroken).toMatchObject({ revision: 1, reason: 'revision_gap' });
    const genesis = { ...events[0]!, prevHash: 'f'.repeat(64) };
    expect(verifyStreamChain([genesis]).firstBroken).toMatchObject({ revision: 0, reason: 'prev_hash_mismatch' });
  });

  it('accepts a truncated start only when told to', () => {
    const events = chain('a-1', 5).slice(2);
    expect(verifyStreamChain(events, { allowTruncatedStart: true })).toEqual({ ok: true, checked: 3 });
    const v = new ChainVerifier({ allowTruncatedStart: (_s, first) => first === 2 });
    expect(events.map((e) => v.check(e))).toEqual([undefined, undefined, undefined]);
  });
});

describe('canonicalJson (the fast RFC 8785 writer)', () => {
  // A small deterministic PRNG so that a failure is reproducible.
  function prng(seed: number): () => number {
    let x = seed >>> 0;
    return () => {
      x = (x * 1664525 + 1013904223) >>> 0;
      return x / 2 ** 32;
    };
  }
  const KEYS = ['a', 'B', 'b', 'é', '张', '\u20ac', '\ud83d\ude00', 'ab', 'a b', '', '10', '9', '01', '-1', 'x"y', 'z\n', '__proto__'];
  const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, 2 ** 53, -1.5, 333333333.3333333];
  const STRINGS = ['', 'plain', '张三', '\u2028', '\ud800', 'tab\t', 'quote"', 'back\\slash', '\u0000\u001f', '😀'];
  function value(rand: () => number, depth: number): unknown {
    const r = rand();
    if (depth > 3 || r < 0.35) {
      const k = Math.floor(rand() * 4);
      if (k === 0) return NUMBERS[Math.floor(rand() * NUMBERS.length)];
      if (k === 1) return STRINGS[Math.floor(rand() * STRINGS.length)];
      if (k === 2) return rand() < 0.5;
      return null;
    }
    if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => value(rand, depth + 1));
    const o: Record<string, unknown> = {};
    const n = Math.floor(rand() * 6);
    for (let i = 0; i < n; i++) {
      const key = KEYS[Math.floor(rand() * KEYS.length)]!;
      Object.defineProperty(o, key, { value: value(rand, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }

  it('is byte-identical to the canonicalize library on 5,000 random plain JSON values (unicode, index-like keys, __proto__, odd numbers)', () => {
    const rand = prng(20);
    let withIndexKeys = 0;
    for (let i = 0; i < 5000; i++) {
      const v = toPlainJson(value(rand, 0));
      const expected = canonicalize(v);
      expect(canonicalJson(v)).toBe(expected);
      if (/"(?:0|[1-9][0-9]*)":/.test(expected ?? '')) withIndexKeys += 1;
    }
    expect(withIndexKeys).toBeGreaterThan(0); // "10" sorts before "9" (string order, as RFC 8785 says)
  });

  it('falls back to the library for values that are not plain JSON (toJSON, undefined)', () => {
    const odd = { b: new Date(0), a: [undefined, 1], c: undefined, d: { toJSON: () => ({ y: 1, x: 2 }) } };
    expect(canonicalJson(odd)).toBe(canonicalize(odd));
  });

  it('canonicalPlainJson = canonicalJson(toPlainJson(v)) on 5,000 random values and on values that are not plain JSON; its errors are toPlainJson\'s', () => {
    const rand = prng(2020);
    for (let i = 0; i < 5000; i++) {
      const v = value(rand, 0);
      expect(canonicalPlainJson(v)).toBe(canonicalJson(toPlainJson(v)));
    }
    const odd = { b: new Date(0), a: [undefined, 1], c: undefined, d: { toJSON: () => ({ y: 1, x: 2 }) }, e: new Map([[1, 2]]), f: -0 };
    expect(canonicalPlainJson(odd)).toBe(canonicalJson(toPlainJson(odd)));
    expect(canonicalPlainJson(odd)).toBe('{"a":[null,1],"b":"1970-01-01T00:00:00.000Z","d":{"x":2,"y":1},"e":{},"f":0}');
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => canonicalPlainJson(cycle, 'events[0].data')).toThrow(/events\[0\]\.data is not plain JSON/);
    expect(() => canonicalPlainJson({ n: NaN }, 'x')).toThrow(/non-finite/);
    expect(() => canonicalPlainJson({ n: 1n }, 'x')).toThrow(/not plain JSON/);
    expect(() => canonicalPlainJson(undefined, 'x')).toThrow(/not representable/);
  });

  it('the event hash from canonical parts is the event hash (random data, escapes in every string field)', () => {
    const rand = prng(8785);
    const strings = ['application-1', 'x"y', 'back\\slash', '张三-\u2028', '\ud800', 'tab\t'];
    for (let i = 0; i < 2000; i++) {
      const data = value(rand, 0);
      const metadata = value(rand, 1);
      const pick = (): string => strings[Math.floor(rand() * strings.length)]!;
      const e: EventHashInput = {
        prevHash: rand() < 0.3 ? null : pick(),
        streamId: pick(),
        revision: Math.floor(rand() * 2 ** 40),
        eventId: rand() < 0.5 ? input.eventId : pick(),
        type: pick(),
        schemaVersion: 1 + Math.floor(rand() * 3),
        data: toPlainJson(data),
        metadata: toPlainJson(metadata),
      };
      const parts = { ...e, dataJson: canonicalPlainJson(data), metadataJson: canonicalPlainJson(metadata) };
      expect(canonicalEventJsonFromParts(parts)).toBe(canonicalEventJson(e));
      expect(computeEventHashFromParts(parts)).toBe(computeEventHash(e));
    }
  });

  it('hashes of events are unchanged (what is already stored still verifies)', () => {
    const e = { ...input, data: { z: 1, a: { '10': 1, '9': 2, y: [{ b: 1, a: 2 }] } }, metadata: { ...(input.metadata as Record<string, unknown>), reason: '复核' } };
    const text = canonicalize({ prevHash: e.prevHash, streamId: e.streamId, revision: e.revision, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata });
    expect(canonicalEventJson(e)).toBe(text);
    expect(computeEventHash(e)).toBe(createHash('sha256').update(text!, 'utf8').digest('hex'));
  });
});
