/**
 * A broker outage, for real: intake (real AppModule, relay on) over its own Kafka broker (free ports,
 * temporary data dir, started and stopped by deploy/kafka/kafka.sh). While the broker is down,
 * `/health/ready` stays 200 with a warning naming Kafka, commands keep working (their events wait in
 * the PostgreSQL event store), and once the broker is back the warning goes and the events arrive.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { startIntake, type IntakeTestApp } from './support/intake-app';
import { completeApplicationBody } from './support/requests';
import { IntakeTopicReader } from './support/topic-reader';
import { freePort } from '../../../test/support/free-port';

jest.setTimeout(180_000);

const run = promisify(execFile);
const KAFKA_SH = resolve(__dirname, '../../../deploy/kafka/kafka.sh');


let env: NodeJS.ProcessEnv;
let dataDir: string;
let previousBrokers: string | undefined;
let t: IntakeTestApp | undefined;
let reader: IntakeTopicReader | undefined;
const kafka = (cmd: 'up' | 'down') => run('bash', [KAFKA_SH, cmd], { env, timeout: 150_000 });
const http = () => request(t!.app.getHttpServer());

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sa-broker-outage-'));
  const port = await freePort();
  env = { ...process.env, KAFKA_DATA_DIR: dataDir, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(await freePort()) };
  await kafka('up');
  // The app and the reader take their brokers from KAFKA_BROKERS (restored afterwards: jest shares process.env).
  previousBrokers = process.env.KAFKA_BROKERS;
  process.env.KAFKA_BROKERS = `127.0.0.1:${port}`;
  t = await startIntake({ relay: true });
}, 200_000);

afterAll(async () => {
  await reader?.stop().catch(() => undefined);
  await t?.close();
  if (previousBrokers === undefined) delete process.env.KAFKA_BROKERS;
  else process.env.KAFKA_BROKERS = previousBrokers;
  await kafka('down').catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

it('stays ready with a warning naming Kafka while the broker is down; commands work and are published when it is back', async () => {
  const before = await http().get('/health/ready');
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' } } });
  expect(before.body.warnings?.kafka).toBeUndefined();

  await kafka('down');
  const during = await http().get('/health/ready');
  expect(during.status).toBe(200);
  expect(during.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } }, details: { kafka: { status: 'down' } } });
  expect(during.body.warnings.kafka).toMatch(/^Kafka unreachable .*outbox/);

  // A command during the outage: record, submit and accept an application.
  const community = `Bearer ${await t!.token('community_officer')}`;
  const street = `Bearer ${await t!.token('street_officer')}`;
  const created = await http().post('/applications').set('Authorization', community).send(completeApplicationBody());
  expect(created.status).toBe(201);
  const caseId: string = created.body.caseId;
  expect((await http().post(`/applications/${caseId}/submission`).set('Authorization', community).send({})).status).toBe(200);
  t!.clock.set('2026-03-03T14:00:00+08:00');
  const accepted = await http().post(`/applications/${caseId}/acceptance`).set('Authorization', street).send();
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ status: 'ACCEPTED' });
  expect((await http().get('/health/ready')).body.warnings.kafka).toMatch(/Kafka unreachable/);

  await kafka('up');
  const after = await eventually('readiness without the Kafka warning', async () => {
    const res = await http().get('/health/ready');
    return res.status === 200 && !res.body.warnings?.kafka ? res.body : undefined;
  });
  expect(after).toMatchObject({ info: { kafka: { status: 'up' } } });

  reader = new IntakeTopicReader();
  await reader.start();
  const message = await reader.waitFor((m) => m.event.subject === caseId && m.event.type === 'ApplicationAccepted', 90_000);
  expect(message.key).toBe(caseId);
});
