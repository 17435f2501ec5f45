/**
 * `If-Match` tells nothing to a caller outside the case's jurisdiction (issue #12, "Jurisdiction and
 * exposure"; docs/CONVENTIONS.md "Commands"). Every `@CommandRoute` that addresses a case, enumerated
 * from the Nest route metadata of every service booted in-process on real PostgreSQL:
 *
 * - a caller of the same role in another district, with a stale `If-Match`, with the case's right
 *   revision, or without one: never 409, never an `ETag`, never the revision — with any If-Match the
 *   same 403 `outside-jurisdiction` (so a guessed revision is no oracle either); nothing appended;
 * - the control: a caller of the case's own district with a stale `If-Match` gets 409 and the ETag.
 *
 * A case is made through the service's own API for each stream category listed in CASE_MAKERS; a
 * command route on a category without a maker is printed as not covered (it fails nothing).
 */
import type { Role } from '@sa/auth';
import request from 'supertest';
import { DEFAULT_JURISDICTIONS } from '../../deploy/auth/mint-token';
import { consentBody, completeApplicationBody } from '../../services/intake/test/support/requests';
import { residentId } from '../../services/intake/test/support/fixtures';
import { routesOf } from './support/routes';
import { SERVICES, startService, type RunningService } from './support/services';

jest.setTimeout(300_000);

const PROBE = '00000000-0000-4000-8000-000000000000';
const PROBLEM = /application\/problem\+json/;
/** The other district: 上城区 (330102) for a caller of 西湖区 (330106). */
const otherDistrict = (code: string) => `330102${code.slice(6)}`;

type Auth = (role: Role, jurisdiction?: string) => Promise<string>;
interface Made {
  id: string;
  streamId: string;
}

let seq = 500;
/** Makes a case of one stream category through the service's API, in 西湖区 (330106). */
const CASE_MAKERS: Record<string, (http: ReturnType<typeof request>, auth: Auth) => Promise<Made>> = {
  'application-': async (http, auth) => {
    const n = String(seq++).padStart(3, '0');
    const id = residentId('330106', '19700101', n);
    const body = completeApplicationBody();
    const res = await http
      .post('/applications')
      .set('Authorization', await auth('community_officer'))
      .send({
        ...body,
        household: { ...body.household, members: [{ ...body.household.members[0], residentId: id, name: `辖区${n}` }], supporters: [] },
        declaration: { ...body.declaration, income: [], assets: [] },
        bankAccount: undefined,
        identityDocuments: [{ residentId: id, documentRef: `doc:id:${n}` }],
        consents: [consentBody(id)],
      });
    if (res.status !== 201) throw new Error(`application: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.caseId as string, streamId: `application-${res.body.caseId as string}` };
  },
  'lead-': async (http, auth) => {
    const res = await http
      .post('/leads')
      .set('Authorization', await auth('community_officer'))
      .send({
        source: 'HOTLINE',
        sourceRef: `ticket-${seq++}`,
        jurisdiction: '330106001001',
        subject: { name: '赵大爷', address: '北山街道某社区3幢' },
        hardships: ['ELDERLY_LIVING_ALONE'],
        urgency: 'ROUTINE',
        description: '独居老人，行动不便',
      });
    if (res.status !== 201) throw new Error(`lead: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.leadId as string, streamId: `lead-${res.body.leadId as string}` };
  },
};

describe('If-Match after jurisdiction: no revision (nor existence) leaks to another district', () => {
  const covered: string[] = [];
  const uncovered: string[] = [];
  afterAll(() => {
    process.stdout.write(`[if-match] checked (${covered.length}):\n  ${covered.join('\n  ')}\n`);
    process.stdout.write(`[if-match] command routes on a case category without a case maker here (${uncovered.length}):\n  ${uncovered.join('\n  ') || '—'}\n`);
  });

  for (const def of SERVICES) {
    it(`${def.name}: every @CommandRoute on a case`, async () => {
      const svc: RunningService = await startService(def);
      try {
        const http = request(svc.app.getHttpServer());
        const tokens = new Map<string, string>();
        const auth: Auth = async (role, jurisdiction = DEFAULT_JURISDICTIONS[role]) => {
          const k = `${role}@${jurisdiction}`;
          if (!tokens.has(k)) tokens.set(k, `Bearer ${await svc.token(role, { jurisdiction, sub: `${role}-${jurisdiction}` })}`);
          return tokens.get(k)!;
        };
        const events = async () => Number((await svc.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${svc.eventStoreSchema}".events`))[0]!.n);
        const revisionOf = async (streamId: string) =>
          Number((await svc.sql<{ r: string }>(`SELECT revision AS r FROM "${svc.eventStoreSchema}".streams WHERE stream_id = $1`, [streamId]))[0]?.r ?? -1);
        const cases = new Map<string, Made>();
        const failures: string[] = [];

        for (const r of routesOf(svc).filter((x) => x.command?.stream)) {
          const key = `${def.name} ${r.method.toUpperCase()} ${r.path}`;
          const params = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
          const probe = r.command!.stream!(Object.fromEntries(params.map((p) => [p, PROBE])));
          const prefix = probe.endsWith(PROBE) ? probe.slice(0, -PROBE.length) : probe;
          const maker = CASE_MAKERS[prefix];
          if (!maker) {
            uncovered.push(`${key} (stream ${prefix}…)`);
            continue;
          }
          if (!cases.has(prefix)) cases.set(prefix, await maker(http, auth));
          const made = cases.get(prefix)!;
          const url = r.path.replace(/:([A-Za-z0-9_]+)/g, made.id);
          if (r.command!.stream!(Object.fromEntries(params.map((p) => [p, made.id]))) !== made.streamId) {
            uncovered.push(`${key} (its stream is not the case's)`);
            continue;
          }
          const role = (r.roles?.[0] ?? 'community_officer') as Role;
          const own = await auth(role);
          const other = await auth(role, otherDistrict(DEFAULT_JURISDICTIONS[role]));
          const send = (token: string, ifMatch?: string) => {
            let req = (http as unknown as Record<string, (u: string) => request.Test>)[r.method](url).set('Authorization', token);
            if (ifMatch !== undefined) req = req.set('If-Match', ifMatch);
            return req.send({});
          };
          const rev = await revisionOf(made.streamId);
          const before = await events();

          const stale = await send(other, `"${rev + 7}"`);
          const fresh = await send(other, `"${rev}"`);
          const bare = await send(other);
          for (const [what, res] of [
            ['stale If-Match', stale],
            ['right If-Match', fresh],
            ['no If-Match', bare],
          ] as const) {
            const text = JSON.stringify(res.body);
            if (res.status === 409 || res.status < 400) failures.push(`${key}: other district, ${what} → ${res.status} ${text.slice(0, 160)}`);
            if (res.headers.etag !== undefined) failures.push(`${key}: other district, ${what} → ETag ${res.headers.etag}`);
            if (/currentRevision/.test(text)) failures.push(`${key}: other district, ${what} → the revision in the body ${text.slice(0, 160)}`);
            if (!PROBLEM.test(res.headers['content-type'] ?? '')) failures.push(`${key}: other district, ${what} → not problem+json`);
          }
          for (const [what, res] of [
            ['stale If-Match', stale],
            ['right If-Match', fresh],
          ] as const) {
            if (res.status !== 403 || res.body.type !== 'urn:sa:problem:outside-jurisdiction') {
              failures.push(`${key}: other district, ${what} → ${res.status} ${res.body.type} (expected 403 outside-jurisdiction)`);
            }
          }
          if ((await events()) !== before) failures.push(`${key}: a refused request appended events`);

          // control: the case's own district learns the revision
          const ownStale = await send(own, `"${rev + 7}"`);
          if (ownStale.status !== 409 || ownStale.body.type !== 'urn:sa:problem:concurrency-conflict' || ownStale.headers.etag !== `"${rev}"`) {
            failures.push(`${key}: own district, stale If-Match → ${ownStale.status} ${ownStale.headers.etag} ${JSON.stringify(ownStale.body).slice(0, 160)}`);
          }
          if ((await events()) !== before) failures.push(`${key}: a stale If-Match appended events`);
          covered.push(`${key}: other district stale/right/none → ${stale.status}/${fresh.status}/${bare.status}; own district stale → ${ownStale.status} ${ownStale.headers.etag}`);
        }
        expect(failures).toEqual([]);
      } finally {
        await svc.close();
      }
    });
  }
});
