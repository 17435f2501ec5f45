import { SourceCircuit } from '../../src/platform/circuit-breaker';
import { parsePlatformAnswer } from '../../src/platform/platform-answer';
import { signature, signedHeaders, verifySignature } from '../../src/platform/signature';
import { sign as simulatorSign } from '../../../../test/simulator/signing';

describe('callback signatures', () => {
  const body = Buffer.from('{"callbackId":"c1"}');
  const now = Date.parse('2025-03-06T02:00:00Z');
  const ts = String(now / 1000);

  it('accepts the platform’s signature (the simulator signs the same way)', () => {
    expect(signature('secret', ts, body)).toBe(simulatorSign('secret', ts, body));
    expect(verifySignature({ secret: 'secret', timestamp: ts, signature: signature('secret', ts, body), body, nowMs: now, toleranceSeconds: 300 })).toBe('ok');
  });

  it('refuses a wrong secret, an altered body, a stale or future timestamp and missing headers', () => {
    const good = signature('secret', ts, body);
    const check = (over: Partial<Parameters<typeof verifySignature>[0]>) =>
      verifySignature({ secret: 'secret', timestamp: ts, signature: good, body, nowMs: now, toleranceSeconds: 300, ...over });
    expect(check({ secret: 'other' })).toBe('mismatch');
    expect(check({ body: Buffer.from('{"callbackId":"c2"}') })).toBe('mismatch');
    expect(check({ nowMs: now + 301_000 })).toBe('stale');
    expect(check({ nowMs: now - 301_000 })).toBe('stale');
    expect(check({ signature: undefined })).toBe('missing');
    expect(check({ signature: 'md5=abc' })).toBe('malformed');
  });

  it('signs submissions with the current time', () => {
    const headers = signedHeaders('secret', 'x', now);
    expect(headers['x-timestamp']).toBe(ts);
    expect(headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});

describe('reading a platform answer', () => {
  const answer = {
    callbackId: 'cb-1',
    requestId: 'sub-1',
    source: 'VEHICLES',
    sequence: 1,
    status: 'COMPLETE',
    answeredAt: '2025-03-06T10:15:00+08:00',
    records: [
      {
        category: 'ASSET',
        kind: 'VEHICLE',
        valueFen: 100,
        asOf: '2025-03-06',
        unexpected: 'dropped',
        vehicle: { vehicleType: 'PASSENGER_CAR', plate: '浙A12388', valuationBasis: 'APPRAISAL', usage: 'PRIVATE', vin: 'dropped' },
      },
    ],
  };

  it('keeps the known fields only, and masks a full plate', () => {
    const parsed = parsePlatformAnswer(answer);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.answer.records).toEqual([
      { category: 'ASSET', kind: 'VEHICLE', valueFen: 100, asOf: '2025-03-06', vehicle: { vehicleType: 'PASSENGER_CAR', plateMasked: '浙A·***88', valuationBasis: 'APPRAISAL', usage: 'PRIVATE' } },
    ]);
  });

  it('names every problem of a malformed answer', () => {
    const parsed = parsePlatformAnswer({ ...answer, source: 'GOSSIP', status: 'MAYBE', sequence: 0, records: 'none' });
    expect(parsed).toEqual({
      ok: false,
      errors: ['source: must be a verification source', 'sequence: must be a positive integer', 'status: must be one of PARTIAL, COMPLETE, NOT_FOUND, NOT_COVERED, ERROR', 'records: must be a list'],
    });
  });
});

describe('the circuit breaker of a source (cockatiel)', () => {
  // Only Date is faked: cockatiel measures the pause with Date.now().
  beforeEach(() => jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] }));
  afterEach(() => jest.useRealTimers());

  const failing = async () => ({ verdict: 'failure' as const, value: 'down' });
  const working = async () => ({ verdict: 'success' as const, value: 'ok' });
  const neutral = async () => ({ verdict: 'neutral' as const, value: 'refused' });

  it('opens after the threshold, lets one trial through after the pause, and closes on success', async () => {
    const c = new SourceCircuit({ failureThreshold: 2, openMs: 1000 });
    expect(await c.run(failing)).toEqual({ refused: false, value: 'down' });
    expect(c.current).toBe('CLOSED');
    expect(await c.run(failing)).toEqual({ refused: false, value: 'down' });
    expect(c.current).toBe('OPEN');
    let sent = 0;
    expect(await c.run(async () => (sent++, working()))).toEqual({ refused: true });
    expect(sent).toBe(0);
    jest.setSystemTime(1000);
    expect(c.current).toBe('HALF_OPEN');
    // The trial, and a call made while it is in flight: the second is not sent before the trial's verdict.
    let release!: () => void;
    const trial = c.run(() => new Promise<{ verdict: 'success'; value: string }>((r) => (release = () => r({ verdict: 'success', value: 'trial' }))));
    const meanwhile = c.run(async () => (sent++, working()));
    await new Promise((r) => setImmediate(r));
    expect(sent).toBe(0); // only one at a time
    release();
    expect(await trial).toEqual({ refused: false, value: 'trial' });
    expect(await meanwhile).toEqual({ refused: false, value: 'ok' });
    expect(sent).toBe(1);
    expect(c.current).toBe('CLOSED');
  });

  it('opens again when the trial fails', async () => {
    const c = new SourceCircuit({ failureThreshold: 1, openMs: 1000 });
    await c.run(failing);
    jest.setSystemTime(1500);
    expect(await c.run(failing)).toEqual({ refused: false, value: 'down' }); // the trial was sent
    expect(c.current).toBe('OPEN');
    expect(await c.run(working)).toEqual({ refused: true });
  });

  it('does not count a call the platform answered with a refusal (4xx), and such a trial closes the circuit', async () => {
    const c = new SourceCircuit({ failureThreshold: 2, openMs: 1000 });
    await c.run(failing);
    expect(await c.run(neutral)).toEqual({ refused: false, value: 'refused' });
    expect(c.current).toBe('CLOSED'); // one failure so far, not reset by the 4xx, not counted either
    await c.run(failing);
    expect(c.current).toBe('OPEN');
    jest.setSystemTime(1000);
    expect(await c.run(neutral)).toEqual({ refused: false, value: 'refused' });
    expect(c.current).toBe('CLOSED');
    await c.run(failing); // a fresh count after the trial: one failure does not open it
    expect(c.current).toBe('CLOSED');
  });
});
