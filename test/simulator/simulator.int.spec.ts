/**
 * The simulator over real HTTP on the loopback interface (no database, no Kafka): submissions,
 * signed callbacks, partial and silent answers, outages, polling.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ELDERLY, WORKED_EXAMPLE } from './fixtures';
import { adminTokenFromEnv } from './main';
import { PlatformSimulator, type CallbackBody } from './server';
import { signedHeaders, verify } from './signing';

jest.setTimeout(30_000);

const SECRET = 'test-secret-of-the-simulator-0001';

describe('the simulated platform', () => {
  let sim: PlatformSimulator;
  let base: string;
  let receiver: Server;
  let callbackUrl: string;
  const received: { body: CallbackBody; signature: string | undefined; timestamp: string | undefined; raw: Buffer }[] = [];
  let respondWith = 200;

  beforeAll(async () => {
    sim = new PlatformSimulator({ hmacSecret: SECRET, behaviour: { default: { latencyMs: 20, partialGapMs: 50 } } });
    base = `http://127.0.0.1:${await sim.listen(0, '127.0.0.1')}`;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (respondWith === 200) {
          received.push({ body: JSON.parse(raw.toString('utf8')) as CallbackBody, signature: req.headers['x-signature'] as string, timestamp: req.headers['x-timestamp'] as string, raw });
        }
        res.writeHead(respondWith).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/platform/callbacks`;
  });

  afterAll(async () => {
    await sim.close();
    await new Promise((r) => receiver.close(r));
  });

  beforeEach(async () => {
    received.length = 0;
    respondWith = 200;
    await fetch(`${base}/admin/reset`, { method: 'POST' });
  });

  const submit = async (body: Record<string, unknown>, signed = true) => {
    const text = JSON.stringify(body);
    return fetch(`${base}/requests`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signed ? signedHeaders(SECRET, text) : {}) }, body: text });
  };
  const query = (requestId: string, residentId: string, source: string, purpose = 'INITIAL') => ({
    requestId,
    residentId,
    source,
    purpose,
    consentRef: 'consent-1',
    callbackUrl,
    referencePeriod: { from: '2024-03', to: '2025-02' },
  });
  const until = async (check: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const applicant = WORKED_EXAMPLE.members[0]!.residentId;

  it('accepts a signed query and answers it with a signed callback', async () => {
    const res = await submit(query('q-1', applicant, 'TAX'));
    expect(res.status).toBe(202);
    await until(() => received.length === 1);
    const cb = received[0]!;
    expect(verify(SECRET, cb.timestamp, cb.signature, cb.raw)).toBe('ok');
    expect(cb.body).toMatchObject({ requestId: 'q-1', source: 'TAX', sequence: 1, status: 'COMPLETE' });
    expect(cb.body.records.filter((r) => r.period!.from >= '2024-03').reduce((s, r) => s + r.valueFen!, 0)).toBe(1800000);
  });

  it('refuses an unsigned query and one with a bad check digit', async () => {
    expect((await submit(query('q-2', applicant, 'TAX'), false)).status).toBe(401);
    const bad = await submit(query('q-3', '440305198003121234', 'TAX'));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers in parts when configured, the last part complete', async () => {
    await fetch(`${base}/admin/behaviour`, { method: 'PATCH', body: JSON.stringify({ residents: { [applicant]: { partialParts: 3 } } }) });
    await submit(query('q-4', applicant, 'TAX'));
    await until(() => received.length === 3);
    expect(received.map((r) => [r.body.sequence, r.body.status])).toEqual([
      [1, 'PARTIAL'],
      [2, 'PARTIAL'],
      [3, 'COMPLETE'],
    ]);
    expect(received.reduce((n, r) => n + r.body.records.length, 0)).toBe(13);
  });

  it('never answers a silent source, unless told to answer now; polling shows it', async () => {
    await fetch(`${base}/admin/behaviour`, { method: 'PATCH', body: JSON.stringify({ sources: { HOUSING_FUND: { mode: 'timeout' } } }) });
    await submit(query('q-5', applicant, 'HOUSING_FUND'));
    await new Promise((r) => setTimeout(r, 200));
    // none for this query (a late retry of the previous test's query may still arrive)
    expect(received.filter((r) => r.body.requestId === 'q-12')).toHaveLength(0);
    const pending = (await (await fetch(`${base}/requests/q-5`)).json()) as { status: string };
    expect(pending.status).toBe('PENDING');
    await fetch(`${base}/admin/requests/q-5/answer`, { method: 'POST' });
    await until(() => received.length === 1);
    const polled = (await (await fetch(`${base}/requests/q-5`)).json()) as { status: string; answers: CallbackBody[] };
    expect(polled.status).toBe('COMPLETE');
    expect(polled.answers[0]!.callbackId).toBe(received[0]!.body.callbackId);
  });

  it('is down for a source the configured number of times, then answers', async () => {
    await fetch(`${base}/admin/behaviour`, { method: 'PATCH', body: JSON.stringify({ sources: { VEHICLES: { mode: 'fail', failTimes: 1 } } }) });
    expect((await submit(query('q-6', applicant, 'VEHICLES'))).status).toBe(503);
    expect((await submit(query('q-7', applicant, 'VEHICLES'))).status).toBe(202);
  });

  it('says when it has no access to a registry, and when the person is unknown', async () => {
    await fetch(`${base}/admin/behaviour`, { method: 'PATCH', body: JSON.stringify({ sources: { SECURITIES: { mode: 'not-covered' } } }) });
    const res = await submit(query('q-8', applicant, 'SECURITIES'));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe('SOURCE_NOT_COVERED');
    await submit(query('q-9', '11010519491231002X', 'HOUSEHOLD_REGISTRATION'));
    await until(() => received.length === 1);
    expect(received[0]!.body.status).toBe('NOT_FOUND');
  });

  it('treats a resubmitted query as the same one', async () => {
    expect((await submit(query('q-10', ELDERLY.members[0]!.residentId, 'SOCIAL_INSURANCE'))).status).toBe(202);
    expect((await submit(query('q-10', ELDERLY.members[0]!.residentId, 'SOCIAL_INSURANCE'))).status).toBe(200);
    expect((await submit(query('q-10', ELDERLY.members[0]!.residentId, 'TAX'))).status).toBe(409);
  });

  it('keeps trying a callback the receiver is not ready for, and can deliver it twice', async () => {
    respondWith = 503;
    await fetch(`${base}/admin/behaviour`, { method: 'PATCH', body: JSON.stringify({ default: { duplicateCallbacks: true } }) });
    await submit(query('q-11', applicant, 'BANK_DEPOSITS'));
    await new Promise((r) => setTimeout(r, 150));
    respondWith = 200;
    // only this query's callbacks: an earlier test's query (q-10) may still be answered while this one runs
    const mine = () => received.filter((r) => r.body.requestId === 'q-11');
    await until(() => mine().length === 2, 8000);
    expect(mine()[0]!.body.callbackId).toBe(mine()[1]!.body.callbackId);
  });

  it('answers only to polling when callbacks are dropped', async () => {
    await fetch(`${base}/admin/behaviour`, { method: 'PATCH', body: JSON.stringify({ default: { dropCallbacks: true } }) });
    await submit(query('q-12', applicant, 'BANK_DEPOSITS'));
    await new Promise((r) => setTimeout(r, 200));
    // none for this query (a late retry of the previous test's query may still arrive)
    expect(received.filter((r) => r.body.requestId === 'q-12')).toHaveLength(0);
    const polled = (await (await fetch(`${base}/requests/q-12`)).json()) as { status: string; answers: CallbackBody[] };
    expect(polled.status).toBe('COMPLETE');
    expect(polled.answers[0]!.records[0]).toMatchObject({ kind: 'BANK_DEPOSIT', valueFen: 862011 });
  });

  it('refuses a bad behaviour, naming the setting', async () => {
    const res = await fetch(`${base}/admin/behaviour`, { method: 'PUT', body: JSON.stringify({ default: { partialParts: 0 } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: string[] }).errors).toEqual(['default.partialParts: must be 1–12']);
  });
});

describe('the simulator admin API needs the bearer admin token', () => {
  const TOKEN = 'simulator-admin-token-for-the-test-0001';
  let sim: PlatformSimulator;
  let base: string;

  beforeAll(async () => {
    sim = new PlatformSimulator({ hmacSecret: SECRET, adminToken: TOKEN });
    base = `http://127.0.0.1:${await sim.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => sim.close());

  it('401 with WWW-Authenticate without the token or with a wrong one; nothing is changed', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token' }, { authorization: TOKEN }];
    for (const headers of attempts) {
      const put = await fetch(`${base}/admin/behaviour`, { method: 'PUT', headers, body: JSON.stringify({ default: { partialParts: 2 } }) });
      expect(put.status).toBe(401);
      expect(put.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(put.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      for (const [method, path] of [['GET', '/admin/behaviour'], ['POST', '/admin/reset'], ['GET', '/admin/requests'], ['POST', '/admin/requests/q-1/answer']] as const) {
        expect((await fetch(`${base}${path}`, { method, headers })).status).toBe(401);
      }
    }
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await (await fetch(`${base}/admin/behaviour`, { headers: auth })).json()).toEqual({});
  });

  it('200 with the token; health and fixtures stay open', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const put = await fetch(`${base}/admin/behaviour`, { method: 'PUT', headers: auth, body: JSON.stringify({ default: { partialParts: 2 } }) });
    expect(put.status).toBe(200);
    expect((await fetch(`${base}/admin/reset`, { method: 'POST', headers: auth })).status).toBeLessThan(300);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect((await fetch(`${base}/fixtures`)).status).toBe(200);
  });

  it('with no token configured (SIMULATOR_ADMIN_TOKEN unset), /admin/* is disabled', async () => {
    expect(adminTokenFromEnv({})).toBeNull();
    expect(adminTokenFromEnv({ SIMULATOR_ADMIN_TOKEN: '  ' })).toBeNull();
    expect(adminTokenFromEnv({ SIMULATOR_ADMIN_TOKEN: TOKEN })).toBe(TOKEN);
    const off = new PlatformSimulator({ hmacSecret: SECRET, adminToken: adminTokenFromEnv({}) });
    const offBase = `http://127.0.0.1:${await off.listen(0, '127.0.0.1')}`;
    try {
      const res = await fetch(`${offBase}/admin/behaviour`, { headers: { authorization: 'Bearer ' } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { detail: string }).detail).toContain('SIMULATOR_ADMIN_TOKEN');
    } finally {
      await off.close();
    }
  });
});
