/**
 * The HTTP adapter of the platform port against the simulator over real HTTP (loopback): what it
 * sends, how it reads answers and refusals, and its circuit breaker per source.
 */
import { HttpPlatformConnector } from '../../src/platform/http-platform.connector';
import type { PlatformQuery } from '../../src/platform/platform.port';
import { WORKED_EXAMPLE } from '../../../../test/simulator/fixtures';
import { PlatformSimulator } from '../../../../test/simulator/server';

jest.setTimeout(30_000);

const SECRET = 'connector-test-secret-0001-abcdefghijkl';

describe('the HTTP platform connector', () => {
  let sim: PlatformSimulator;
  let base: string;
  const now = Date.now();

  beforeAll(async () => {
    sim = new PlatformSimulator({ hmacSecret: SECRET, behaviour: { default: { latencyMs: 10 } }, callbackAttempts: 1 });
    base = `http://127.0.0.1:${await sim.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await fetch(`${base}/admin/reset`, { method: 'POST' });
  });

  const connector = (over: Partial<ConstructorParameters<typeof HttpPlatformConnector>[0]> = {}) =>
    new HttpPlatformConnector({
      baseUrl: base,
      hmacSecret: SECRET,
      timeoutMs: 2000,
      sources: ['TAX', 'BANK_DEPOSITS', 'HOUSING_FUND', 'VEHICLES', 'SECURITIES'],
      circuit: { failureThreshold: 2, openMs: 60_000 },
      now: () => now,
      ...over,
    });
  const query = (submissionId: string, source: PlatformQuery['source'] = 'TAX'): PlatformQuery => ({
    submissionId,
    residentId: WORKED_EXAMPLE.members[0]!.residentId,
    name: '张伟',
    source,
    purpose: 'INITIAL',
    consentRef: 'consent-1',
    consentDocumentRef: 'doc:consent/1',
    referencePeriod: { from: '2024-03', to: '2025-02' },
    callbackUrl: 'http://127.0.0.1:9/platform/callbacks',
  });

  it('submits a signed query the platform accepts, and later polls its answer', async () => {
    const c = connector();
    expect(await c.submit(query('sub-1'))).toEqual({ kind: 'accepted', answers: [] });
    await new Promise((r) => setTimeout(r, 100));
    const polled = await c.poll('sub-1', 'TAX');
    expect(polled.kind).toBe('answers');
    if (polled.kind !== 'answers') return;
    expect(polled.answers[0]).toMatchObject({ submissionId: 'sub-1', source: 'TAX', status: 'COMPLETE' });
    expect(polled.answers[0]!.records.length).toBe(13);
  });

  it('is refused with a wrong secret (a retryable configuration fault, loudly logged)', async () => {
    const outcome = await connector({ hmacSecret: 'wrong-secret-000000000000000000000000' }).submit(query('sub-2'));
    expect(outcome).toMatchObject({ kind: 'failed', failure: 'PLATFORM_ERROR' });
  });

  it('reads "source not covered" as a failure for an officer', async () => {
    await fetch(`${base}/admin/behaviour`, { method: 'PUT', body: JSON.stringify({ sources: { SECURITIES: { mode: 'not-covered' } } }) });
    expect(await connector().submit(query('sub-3', 'SECURITIES'))).toMatchObject({ kind: 'failed', failure: 'SOURCE_NOT_COVERED' });
  });

  it('opens the circuit of a failing source after the threshold, and tries again after the pause', async () => {
    await fetch(`${base}/admin/behaviour`, { method: 'PUT', body: JSON.stringify({ sources: { VEHICLES: { mode: 'fail', failTimes: 2 } } }) });
    // The circuit's pause is wall-clock (cockatiel reads Date.now): fake Date alone, keep real timers and I/O.
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    const c = connector();
    expect(await c.submit(query('sub-4', 'VEHICLES'))).toMatchObject({ kind: 'failed', failure: 'PLATFORM_ERROR' });
    expect(await c.submit(query('sub-5', 'VEHICLES'))).toMatchObject({ kind: 'failed', failure: 'PLATFORM_ERROR' });
    expect(c.available('VEHICLES')).toBe(false);
    expect(c.available('TAX')).toBe(true); // one circuit per source
    expect(await c.submit(query('sub-6', 'VEHICLES'))).toMatchObject({ kind: 'unavailable' });
    jest.setSystemTime(Date.now() + 60_000);
    expect(c.available('VEHICLES')).toBe(true);
    expect(await c.submit(query('sub-7', 'VEHICLES'))).toEqual({ kind: 'accepted', answers: [] });
    expect(c.circuitState('VEHICLES')).toBe('CLOSED');
    jest.useRealTimers();
  });

  it('says when the platform does not know a submission, and when it cannot be reached', async () => {
    expect(await connector().poll('never-sent', 'TAX')).toEqual({ kind: 'unknown' });
    const down = connector({ baseUrl: 'http://127.0.0.1:9' });
    expect(await down.submit(query('sub-8'))).toMatchObject({ kind: 'failed', failure: 'PLATFORM_ERROR' });
    expect(await down.poll('sub-8', 'TAX')).toMatchObject({ kind: 'failed' });
  });

  it('knows which sources the configured platform answers for', () => {
    expect(connector().covers('TAX')).toBe(true);
    expect(connector().covers('MEDICAL_EXPENSES')).toBe(false);
  });
});
