/**
 * Ledger benchmark (台账): does a ledger of BENCH_HOUSEHOLDS households (default 100,000; two members
 * each) stream out without the service's memory growing? Both ledgers, through the real AppModules
 * in-process, over HTTP on a listening port (the client counts the bytes and keeps none), on real
 * PostgreSQL (`TEST_DATABASE_URL`, own schemas dropped at the end):
 *
 *   households  GET /eligibility/ledgers/households (field encryption on: every household's members
 *               sealed under its own case key and opened per page), .xlsx and CSV
 *   payments    GET /disbursement/ledgers/payments (one payment per household and month), .xlsx
 *
 *   npm run bench:ledger                      # BENCH_HOUSEHOLDS=100000
 *
 * Seeding writes the read models directly (review_cases + sealed review_case_households, as the
 * projection would; payments by INSERT … SELECT), so the figures are the ledgers' alone. Each ledger
 * is downloaded first for one street (a tenth of the households: the baseline in the same process),
 * then for the whole county (all of them). RSS is sampled every 20 ms during each download
 * (`peakRssMb`, `growthMb` over the RSS before it); `rssRatio` = the county's peak RSS over the
 * street's (≈ 1: flat), `rateRatio` = rows/s of the county over the street's. Output: ONE JSON object
 * on stdout (progress on stderr). No assertion on time.
 */
import { residentIdCheckChar } from '@sa/contracts';
import type { KeyStore } from '@sa/crypto';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { createTestApp, KEY_STORE } from '@sa/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { mintLocalToken } from '../deploy/auth/mint-token';
import { AppModule as DisbursementModule } from '../services/disbursement/src/app.module';
import { DISBURSEMENT_CONFIG_SPEC } from '../services/disbursement/src/config';
import { AppModule as EligibilityModule } from '../services/eligibility/src/app.module';
import { ELIGIBILITY_CONFIG_SPEC } from '../services/eligibility/src/config';
import { householdContext } from '../services/eligibility/src/read-models/review-case.processor';

const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 100_000);
/** Which ledgers to download (comma-separated names of the result; default all three). */
const LEDGERS = (process.env.BENCH_LEDGERS ?? 'householdsXlsx,householdsCsv,paymentsXlsx').split(',');
/**
 * Diagnosis (not for the figures): every BENCH_PROBE_LIVE_MS during a download, a full GC (needs --expose-gc) and the heap
 * still in use after it — what the download holds (`liveHeapMaxMb`), against the garbage not yet collected.
 */
const PROBE_LIVE_MS = Number(process.env.BENCH_PROBE_LIVE_MS ?? 0);
const SEED_CONCURRENCY = Number(process.env.BENCH_SEED_CONCURRENCY ?? 1000);
const SECRET = 'ledger-bench-secret-0123456789abcdef-0123';
const DISTRICT = '330108';
/** One street in ten (the baseline's division). */
const streetOf = (h: number) => `${DISTRICT}${String(1 + (h % 10)).padStart(3, '0')}`;
const communityOf = (h: number) => `${streetOf(h)}${String(1 + (Math.floor(h / 10) % 8)).padStart(3, '0')}`;
const log = (msg: string) => process.stderr.write(`[ledger.bench] ${msg}\n`);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const rid = (h: number, member: number) => {
  const n = h * 2 + member;
  const first = `${DISTRICT}${1930 + (Math.floor(n / 1000) % 70)}${String(1 + (Math.floor(n / 70000) % 12)).padStart(2, '0')}15${String(n % 1000).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};

let peak = 0;
let peakHeap = 0;
let peakExternal = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakExternal = Math.max(peakExternal, m.external);
}, 20);

/** GETs a ledger over HTTP, counting bytes and rows (CRLF for CSV; rows reported by the caller otherwise). */
function download(port: number, path: string, auth: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Authorization: auth } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(port: number, path: string, auth: string, rows: number) {
  if (global.gc) global.gc();
  const before = process.memoryUsage();
  const rssBefore = before.rss;
  peak = rssBefore;
  peakHeap = before.heapUsed;
  peakExternal = before.external;
  let liveHeapMax = 0;
  const probe =
    PROBE_LIVE_MS > 0 && global.gc
      ? setInterval(() => {
          global.gc!();
          liveHeapMax = Math.max(liveHeapMax, process.memoryUsage().heapUsed);
        }, PROBE_LIVE_MS)
      : undefined;
  const t0 = performance.now();
  const { status, bytes } = await download(port, path, auth);
  const ms = performance.now() - t0;
  if (probe) clearInterval(probe);
  if (status !== 200) throw new Error(`${path}: HTTP ${status}`);
  // what is still held once the download is over (garbage collected when --expose-gc): a leak shows here
  if (global.gc) global.gc();
  const after = process.memoryUsage();
  return {
    rows,
    ms: Math.round(ms),
    rowsPerSec: Math.round((rows / ms) * 1000),
    fileMb: mb(bytes),
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(peak),
    growthMb: mb(peak - rssBefore),
    heapBeforeMb: mb(before.heapUsed),
    peakHeapMb: mb(peakHeap),
    peakExternalMb: mb(peakExternal),
    heapAfterGcMb: mb(after.heapUsed),
    rssAfterGcMb: mb(after.rss),
    ...(probe ? { liveHeapMaxMb: mb(liveHeapMax) } : {}),
  };
}

async function main() {
  const suffix = randomBytes(4).toString('hex');
  const schemas = { elig: `bench_ledger_el_${suffix}`, elEs: `es_bench_ledger_el_${suffix}`, disb: `bench_ledger_di_${suffix}`, diEs: `es_bench_ledger_di_${suffix}` };
  const common = { NODE_ENV: 'test', DATABASE_URL, JWT_SECRET: SECRET, LOG_LEVEL: 'silent' };
  const { app: eligibility } = await createTestApp({
    name: 'eligibility',
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    imports: [EligibilityModule],
    env: { ...common, DATABASE_SCHEMA: schemas.elig, EVENTSTORE_SCHEMA: schemas.elEs, ELIGIBILITY_RELAY_ENABLED: 'false', ELIGIBILITY_CONSUMERS_ENABLED: 'false', ELIGIBILITY_PROJECTIONS_ENABLED: 'false' },
  });
  const { app: disbursement } = await createTestApp({
    name: 'disbursement',
    configSpec: DISBURSEMENT_CONFIG_SPEC,
    imports: [DisbursementModule],
    env: { ...common, DATABASE_SCHEMA: schemas.disb, EVENTSTORE_SCHEMA: schemas.diEs, DISBURSEMENT_RELAY_ENABLED: 'false', DISBURSEMENT_CONSUMER_ENABLED: 'false' },
  });
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  const keys = eligibility.get<KeyStore | null>(KEY_STORE);
  const caseIds = Array.from({ length: HOUSEHOLDS }, () => randomUUID());
  try {
    if (!keys) throw new Error('the bench needs field encryption on (FIELD_ENCRYPTION, the default)');
    log(`seeding ${HOUSEHOLDS} households (two members each, sealed under each case's key)`);
    const s0 = performance.now();
    const CHUNK = 1000;
    for (let from = 0; from < HOUSEHOLDS; from += CHUNK) {
      const hs = Array.from({ length: Math.min(CHUNK, HOUSEHOLDS - from) }, (_, i) => from + i);
      const sealed: string[] = new Array(hs.length);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < hs.length; i = next++) {
          const h = hs[i]!;
          const caseId = caseIds[h]!;
          const doc = {
            applicantMemberId: `${caseId.slice(0, 24)}000000000001`,
            members: [
              { memberId: `${caseId.slice(0, 24)}000000000001`, name: `户主${h}`, residentId: rid(h, 0), relation: '户主', birthDate: null, included: true, covered: true },
              { memberId: `${caseId.slice(0, 24)}000000000002`, name: `配偶${h}`, residentId: rid(h, 1), relation: '配偶', birthDate: null, included: true, covered: true },
            ],
          };
          sealed[i] = JSON.stringify(await keys.fields.encrypt(doc, caseId, householdContext(caseId)));
        }
      };
      await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
      await client.query(
        `INSERT INTO "${schemas.elig}".review_cases (case_id, case_number, program, jurisdiction, status, household_size, monthly_amount_fen, start_month, benefit_status, revision, updated_at)
         SELECT id, 'B-' || n, 'MINIMUM_LIVING_ALLOWANCE', j, 'APPROVED', 2, 104050, '2027-01', 'ACTIVE', 0, now()
           FROM unnest($1::uuid[], $2::int[], $3::text[]) AS t(id, n, j)`,
        [hs.map((h) => caseIds[h]), hs, hs.map(communityOf)],
      );
      await client.query(`INSERT INTO "${schemas.elig}".review_case_households (case_id, household, revision) SELECT id, doc::jsonb, 0 FROM unnest($1::uuid[], $2::text[]) AS t(id, doc)`, [hs.map((h) => caseIds[h]), sealed]);
      if ((from / CHUNK) % 10 === 0) log(`  ${from + hs.length} households`);
    }
    // payments: one per household in 2027-01 (a month's run)
    await client.query(
      `INSERT INTO "${schemas.disb}".payments (payment_id, entitlement_id, case_id, case_number, period, kind, program, jurisdiction, amount_fen, recipient, issued_on)
       SELECT gen_random_uuid(), gen_random_uuid(), id, 'B-' || n, '2027-01', 'REGULAR', 'MINIMUM_LIVING_ALLOWANCE', j, 104050, '{}'::jsonb, '2027-01-15'
         FROM unnest($1::uuid[], $2::int[], $3::text[]) AS t(id, n, j)`,
      [caseIds, caseIds.map((_, h) => h), caseIds.map((_, h) => communityOf(h))],
    );
    await client.query(`ANALYZE "${schemas.elig}".review_cases; ANALYZE "${schemas.elig}".review_case_households; ANALYZE "${schemas.disb}".payments`);
    const seedMs = Math.round(performance.now() - s0);
    log(`seeded in ${seedMs} ms`);

    const street = streetOf(0);
    if (process.env.BENCH_SEED_ONLY) return;
    const inStreet = caseIds.filter((_, h) => streetOf(h) === street).length;
    await eligibility.listen(0, '127.0.0.1');
    await disbursement.listen(0, '127.0.0.1');
    const ePort = (eligibility.getHttpServer().address() as AddressInfo).port;
    const dPort = (disbursement.getHttpServer().address() as AddressInfo).port;
    const county = `Bearer ${await mintLocalToken('county_approver', { secret: SECRET, sub: 'bench-county', jurisdiction: DISTRICT })}`;
    const result: Record<string, unknown> = {};
    const pair = async (name: string, port: number, path: (division: string) => string, rowsPer: number) => {
      if (!LEDGERS.includes(name)) return;
      log(`${name}: street ${street} (${inStreet} households)`);
      const base = await measure(port, path(street), county, inStreet * rowsPer);
      log(`  ${JSON.stringify(base)}; county (${HOUSEHOLDS})`);
      const all = await measure(port, path(DISTRICT), county, HOUSEHOLDS * rowsPer);
      log(`  ${JSON.stringify(all)}`);
      result[name] = {
        street: { households: inStreet, ...base },
        county: { households: HOUSEHOLDS, ...all },
        rssRatio: Math.round((all.peakRssMb / base.peakRssMb) * 100) / 100,
        rateRatio: Math.round((all.rowsPerSec / base.rowsPerSec) * 100) / 100,
      };
    };
    await pair('householdsXlsx', ePort, (d) => `/eligibility/ledgers/households?division=${d}`, 2);
    await pair('householdsCsv', ePort, (d) => `/eligibility/ledgers/households?division=${d}&format=csv`, 2);
    await pair('paymentsXlsx', dPort, (d) => `/disbursement/ledgers/payments?division=${d}&from=2027-01`, 1);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'ledger',
        households: HOUSEHOLDS,
        membersPerHousehold: 2,
        seedMs,
        ...result,
        machine: { cpus: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 100) / 100), node: process.version },
      })}\n`,
    );
  } finally {
    clearInterval(sampler);
    await eligibility.close();
    await disbursement.close();
    for (const s of Object.values(schemas)) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    // the cases' data keys (the shared key schema)
    if (keys) await client.query(`DELETE FROM "${keys.schema}".data_keys WHERE subject = ANY($1::text[])`, [caseIds]);
    await client.end();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
