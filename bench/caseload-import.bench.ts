/**
 * Caseload import benchmark (存量台账迁入): rows/s and peak RSS of importing a ledger of BENCH_ROWS rows
 * (default 50,000; households of two members) through the real eligibility AppModule in-process
 * (createTestApp, POST /case-imports with supertest) on real PostgreSQL (`TEST_DATABASE_URL`, own
 * schemas dropped at the end), field encryption on (names and resident IDs sealed), relay and
 * consumers off (no Kafka needed: the relay's cost is not the import's).
 *
 *   npm run bench:import          # BENCH_ROWS=50000
 *
 * A 1,000-row import of another district runs first in the same process as the baseline; `ratio` is
 * the big file's rows/s over the baseline's (≈ 1: the import does not slow down with the file's size).
 * Also measured: validation alone (read + check every row, no append) on the big file, and a second
 * import of the same file (nothing recorded). Then, in the same process on a third district, `before`:
 * the import as it was before it streamed (the whole file read into rows, every household built in
 * memory, one `handle` — read, decide, append — per household, 8 at a time), on the same number of rows
 * (`BENCH_BEFORE=false` skips it). RSS is sampled every 20 ms. Output: ONE JSON object on stdout
 * (progress on stderr). No assertion on time.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { residentIdCheckChar } from '@sa/contracts';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { uuidV5, WrongExpectedRevisionError } from '@sa/eventstore';
import { createTestApp } from '@sa/platform';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../deploy/auth/mint-token';
import { AppModule } from '../services/eligibility/src/app.module';
import { CASE_IMPORT_NAMESPACE, migrateCommand } from '../services/eligibility/src/case-imports/case-import.service';
import { parseCsv, readLedgerFile } from '../services/eligibility/src/case-imports/ledger-file';
import { checkPublishable, EligibilityPipelines } from '../services/eligibility/src/commands/eligibility-pipelines';
import { ELIGIBILITY_CONFIG_SPEC } from '../services/eligibility/src/config';
import { createReviewCaseDecider, EligibilityError, initialReviewCaseState, readCaseloadLedger } from '../services/eligibility/src/domain';

const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const SECRET = 'caseload-import-bench-secret-0123456789abcdef';
const BEFORE = process.env.BENCH_BEFORE !== 'false';
const log = (msg: string) => process.stderr.write(`[caseload-import.bench] ${msg}\n`);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const HEADER = '户编号,保障类别,区划代码,姓名,身份证号,与户主关系,是否保障对象,残疾等级,残疾类别,月保障金额(元),保障标准(元),家庭月人均收入(元),原批准日期,本系统首次发放月份,收款账号,自理能力';

/** A ledger of `rows` rows: households of two (户主 + 配偶), resident IDs with valid check digits. */
function ledger(district: string, rows: number): Buffer {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const h = Math.floor(i / 2);
    const head = i % 2 === 0;
    // unique per row: the birth year and month from i / 1000, the sequence from i % 1000
    const birth = `${1900 + 40 + (Math.floor(i / 1000) % 60)}${String(1 + (Math.floor(i / 60000) % 12)).padStart(2, '0')}15`;
    const first = `${district}${birth}${String(i % 1000).padStart(3, '0')}`;
    const id = first + residentIdCheckChar(first);
    const community = `${district}00${1 + (h % 5)}00${1 + (h % 7)}`;
    lines.push(
      head
        ? `B-${h},城市低保,${community},户主${h},${id},户主,是,,,1040.00,1160.00,640.00,2024-03-15,2027-01,62284804025${String(h).padStart(8, '0')},`
        : `B-${h},城市低保,${community},配偶${h},${id},配偶,是,,,,,,,,,`,
    );
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * The import before it streamed (kept here as the baseline, same process): the spooled file read whole into
 * rows, every household built and decided in memory, then one command-pipeline `handle` per household
 * (read the stream, decide, append), 8 households at a time.
 */
async function importBefore(pipelines: EligibilityPipelines, path: string, fileName: string, actor: { id: string; role: string; jurisdiction: string }, fileDigest: string) {
  const importId = uuidV5(`caseload-import/${fileDigest}`, CASE_IMPORT_NAMESPACE);
  const { rows } = await readLedgerFile(path);
  const { now, today } = pipelines.time();
  const { households, errors } = readCaseloadLedger(rows, { jurisdiction: actor.jurisdiction, idFor: (name) => uuidV5(name, CASE_IMPORT_NAMESPACE), today });
  if (errors.length > 0) throw new Error(`before: ${errors.length} errors`);
  const source = { importId, fileName, fileDigest };
  const decider = createReviewCaseDecider({ calendar: pipelines.calendar });
  const probe = { correlationId: importId, causationId: importId, actor, occurredAt: pipelines.now() };
  for (const h of households) checkPublishable(decider.decide(pipelines.reviewCase.command(migrateCommand(h, source), actor, now), initialReviewCaseState), probe);
  let created = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < households.length; i = next++) {
      const h = households[i]!;
      try {
        const outcome = await pipelines.reviewCase.handle(h.caseId, migrateCommand(h, source), {
          actor,
          now,
          commandId: uuidV5(`${h.caseId}/migrate`, CASE_IMPORT_NAMESPACE),
          reason: `存量台账迁入：${fileName}`,
          evidenceRefs: [`caseload-import:${fileDigest}#rows=${h.rows.join(',')}`],
        });
        if (outcome.written) created++;
      } catch (e) {
        if (!(e instanceof EligibilityError && e.code === 'case_already_exists') && !(e instanceof WrongExpectedRevisionError)) throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { rows: rows.length - 1, households: households.length, created };
}

async function main() {
  const suffix = randomBytes(4).toString('hex');
  const schema = `bench_import_${suffix}`;
  const esSchema = `es_bench_import_${suffix}`;
  const { app } = await createTestApp({
    name: 'eligibility',
    configSpec: ELIGIBILITY_CONFIG_SPEC,
    imports: [AppModule],
    env: {
      NODE_ENV: 'test',
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      EVENTSTORE_SCHEMA: esSchema,
      ELIGIBILITY_RELAY_ENABLED: 'false',
      ELIGIBILITY_CONSUMERS_ENABLED: 'false',
      ELIGIBILITY_PROJECTIONS_ENABLED: 'false',
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    },
  });
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  let peak = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  /** Heap in use before, at its peak, and once garbage-collected after (with --expose-gc): what the import still holds. */
  const heapFigures = (before: NodeJS.MemoryUsage) => {
    if (global.gc) global.gc();
    return { heapBeforeMb: mb(before.heapUsed), peakHeapMb: mb(peakHeap), heapAfterGcMb: mb(process.memoryUsage().heapUsed) };
  };
  try {
    const token = (district: string) => mintLocalToken('county_approver', { secret: SECRET, sub: 'bench-county', jurisdiction: district });
    const run = async (app_: NestExpressApplication, district: string, body: Buffer) => {
      const auth = `Bearer ${await token(district)}`;
      if (global.gc) global.gc();
      const mem0 = process.memoryUsage();
      const rssBefore = mem0.rss;
      peak = rssBefore;
      peakHeap = mem0.heapUsed;
      const t0 = performance.now();
      const res = await request(app_.getHttpServer()).post('/case-imports').query({ fileName: `${district}.csv` }).set('Authorization', auth).set('Content-Type', 'text/csv').send(body);
      const ms = performance.now() - t0;
      if (res.status !== 201) throw new Error(`import ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
      return { ms: Math.round(ms), rowsPerSec: Math.round((res.body.rows / ms) * 1000), created: res.body.created as number, households: res.body.households as number, rssBeforeMb: mb(rssBefore), peakRssMb: mb(peak), growthMb: mb(peak - rssBefore), ...heapFigures(mem0) };
    };
    log('baseline: 1,000 rows');
    const baseline = await run(app, '330109', ledger('330109', 1000));
    log(`baseline ${JSON.stringify(baseline)}`);
    const big = ledger('330108', ROWS);
    log(`file: ${ROWS} rows, ${mb(big.length)} MB; validation only`);
    const v0 = performance.now();
    const parsed = parseCsv(big.toString('utf8'));
    const { households, errors } = readCaseloadLedger(parsed, { jurisdiction: '330108', idFor: (n) => uuidV5(n, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), today: '2026-12-07' });
    const validationMs = performance.now() - v0;
    if (errors.length > 0) throw new Error(`generated ledger invalid: ${JSON.stringify(errors.slice(0, 3))}`);
    log(`validated ${households.length} households in ${Math.round(validationMs)} ms; importing`);
    const imported = await run(app, '330108', big);
    log(`import ${JSON.stringify(imported)}; again`);
    const again = await run(app, '330108', big);
    log(`reimport ${JSON.stringify(again)}`);
    let before: Record<string, unknown> | undefined;
    if (BEFORE) {
      // the same size of file for a third district, imported the way it was before (whole file in memory, one handle per household)
      const old = ledger('330110', ROWS);
      const dir = await mkdtemp(join(tmpdir(), 'sa-import-bench-'));
      try {
        await writeFile(join(dir, 'ledger'), old);
        const digest = createHash('sha256').update(old).digest('hex');
        if (global.gc) global.gc();
        const mem0 = process.memoryUsage();
        const rssBefore = mem0.rss;
        peak = rssBefore;
        peakHeap = mem0.heapUsed;
        log('before (whole file, one handle per household)');
        const t0 = performance.now();
        const r = await importBefore(app.get(EligibilityPipelines), join(dir, 'ledger'), '330110.csv', { id: 'bench-county', role: 'county_approver', jurisdiction: '330110' }, digest);
        const ms = performance.now() - t0;
        before = { ms: Math.round(ms), rowsPerSec: Math.round((r.rows / ms) * 1000), created: r.created, households: r.households, rssBeforeMb: mb(rssBefore), peakRssMb: mb(peak), growthMb: mb(peak - rssBefore), ...heapFigures(mem0) };
        log(`before ${JSON.stringify(before)}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    process.stdout.write(
      `${JSON.stringify({
        bench: 'caseload-import',
        rows: ROWS,
        fileMb: mb(big.length),
        households: households.length,
        validationOnly: { ms: Math.round(validationMs), rowsPerSec: Math.round((ROWS / validationMs) * 1000) },
        baseline1000: baseline,
        import: imported,
        reimport: again,
        ratio: Math.round((imported.rowsPerSec / baseline.rowsPerSec) * 100) / 100,
        ...(before ? { before, afterVsBefore: { rowsPerSec: Math.round((imported.rowsPerSec / (before.rowsPerSec as number)) * 100) / 100, peakRssMb: Math.round((imported.peakRssMb / (before.peakRssMb as number)) * 100) / 100 } } : {}),
        machine: { cpus: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 100) / 100) },
      })}\n`,
    );
  } finally {
    clearInterval(sampler);
    await app.close();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${esSchema}" CASCADE`);
    await client.end();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
