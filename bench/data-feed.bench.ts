/**
 * Data-comparison feed benchmark (数据比对导入): one street's import of a department's file of N rows
 * (CSV and .xlsx), on real PostgreSQL (`TEST_DATABASE_URL`), in a fresh schema pair (follow_up + event
 * store) dropped at the end.
 *
 *   npm run bench:data-feed
 *   BENCH_ROWS=100000 BENCH_MATCH_RATE=0.01 BENCH_CASES=10000 npm run bench:data-feed
 *
 * It measures what the service does (DataFeedImporter.import): SHA-256 of the file, parse (CSV / exceljs),
 * the whole-file check (resident-ID checksum, dates, amounts), the member-index sync, HMAC-SM3 blind
 * index per row, the batched index look-up, one RaiseDataAlert command (event-store append) per match,
 * the import log row. Baseline in the same process: parse + check alone (no database), so
 * `ratioToParseOnly` says what matching and alerting add. Then the same file again (every alert already
 * raised). Seeding (cases, households, the matched cases' FollowUpOpened) is not timed.
 * Each format runs in a process of its own (the script starts itself once per format with
 * BENCH_FORMAT=csv|xlsx), so that each peak RSS is that format's alone; the .xlsx file is written with
 * exceljs's streaming writer to a temporary file, so building it does not count either.
 * `peakRssMb` is the process's peak; `rssBeforeFileMb` what the process held once seeded, before the
 * file was built or read.
 * Output: ONE JSON object on stdout (progress on stderr).
 */
import type { Actor } from '@sa/auth';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { PostgresEventStore } from '@sa/eventstore';
import { AdjustableClock } from '@sa/time';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cpus, loadavg } from 'node:os';
import { Pool } from 'pg';
import { FollowUpPipelines, SYSTEM_ACTOR } from '../services/follow-up/src/commands/follow-up-pipelines';
import { checkFeedTable, DataFeedImporter } from '../services/follow-up/src/data-feeds/data-feed-importer';
import { readFeedFile } from '../services/follow-up/src/data-feeds/feed-file';
import { MemberIndex, ResidentIndex } from '../services/follow-up/src/data-feeds/resident-index';
import { migrateFollowUpSchema } from '../services/follow-up/src/read-models/migrations';

const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const MATCH_RATE = Number(process.env.BENCH_MATCH_RATE ?? 0.01);
const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const STREET = '440305001';
const COMMUNITY = '440305001001';
const log = (msg: string) => process.stderr.write(`[data-feed.bench] ${msg}\n`);

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A distinct, checksum-valid synthetic resident ID per n. */
const residentId = (n: number) => {
  const seventeen = `4403${String(n).padStart(13, '0')}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += W[i]! * Number(seventeen[i]);
  return seventeen + '10X98765432'[s % 11];
};

const FORMAT = process.env.BENCH_FORMAT as 'csv' | 'xlsx' | undefined;
const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const peakRssMb = () => mb(process.resourceUsage().maxRSS);

async function main() {
  const suffix = randomBytes(4).toString('hex');
  const schema = `follow_up_bench_${suffix}`;
  const esSchema = `es_follow_up_bench_${suffix}`;
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const store = new PostgresEventStore({ pool, schema: esSchema });
  try {
    await migrateFollowUpSchema(pool, schema);
    await PostgresEventStore.migrate(pool, esSchema);
    const clock = new AdjustableClock(new Date('2026-04-02T10:00:00+08:00'));
    const commands = new FollowUpPipelines(store, clock);
    const residents = await ResidentIndex.create(null);
    const importer = new DataFeedImporter(pool, schema, commands, residents, new MemberIndex(pool, schema, residents));
    const actor: Actor = { id: 'bench-officer', role: 'street_officer', jurisdiction: STREET } as Actor;

    // Seed: CASES cases of 3 members each (residents 0 … 3·CASES-1); the matched ones get their stream.
    const matchedRows = Math.round(ROWS * MATCH_RATE);
    log(`seeding ${CASES} cases, ${matchedRows} with a follow-up stream`);
    const caseIds = Array.from({ length: CASES }, () => randomUUID());
    await pool.query(
      `INSERT INTO "${schema}".cases (case_id, case_number, jurisdiction, program, status, review_interval_months, monthly_amount_fen, last_revision)
       SELECT id, 'DB-' || i, $2, 'MINIMUM_LIVING_ALLOWANCE', 'ACTIVE', 6, 80000, 0 FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, i)`,
      [caseIds, COMMUNITY],
    );
    const households = caseIds.map((id, c) => JSON.stringify([0, 1, 2].map((k) => ({ memberId: randomUUID(), name: `成员${c}-${k}`, residentId: residentId(c * 3 + k) }))));
    await pool.query(
      `INSERT INTO "${schema}".case_households (case_id, members, consents, source_event_id)
       SELECT id, m::jsonb, '[]'::jsonb, gen_random_uuid() FROM unnest($1::uuid[], $2::text[]) AS u(id, m)`,
      [caseIds, households],
    );
    for (let c = 0; c < Math.min(matchedRows, CASES); c++) {
      await commands.followUp.handle(
        caseIds[c]!,
        {
          type: 'OpenFollowUp',
          data: {
            caseId: caseIds[c]!,
            caseNumber: `DB-${c}`,
            decisionId: randomUUID(),
            program: 'MINIMUM_LIVING_ALLOWANCE',
            jurisdiction: COMMUNITY,
            reviewClass: 'UNSTABLE',
            reviewIntervalMonths: 6,
            startMonth: '2026-02',
            monthlyAmountFen: 80000,
            membersCovered: [],
          },
        },
        { commandId: randomUUID(), actor: SYSTEM_ACTOR(COMMUNITY), now: '2026-01-20T10:00:00.000+08:00' },
      );
    }

    // The file: the first matchedRows rows name the first member of a seeded case, the others nobody known.
    const records = Array.from({ length: ROWS }, (_, r) => [
      r < matchedRows ? residentId((r % CASES) * 3) : residentId(10_000_000 + r),
      `姓名${r}`,
      '2026-03-01',
      `南山区某小区${r}号`,
      String(100_000_000 + r),
    ]);
    const header = ['公民身份号码', '姓名', '登记日期', '不动产坐落', '成交价格（分）'];
    const rssBeforeFileMb = Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
    const buildCsv = () => Buffer.from([header, ...records].map((r) => r.join(',')).join('\n') + '\n', 'utf8');
    /** Written with the streaming writer to a temporary file: building it does not weigh on the peak RSS. */
    const buildXlsx = async () => {
      const dir = mkdtempSync(join(tmpdir(), 'data-feed-bench-'));
      try {
        const filename = join(dir, 'bench.xlsx');
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useSharedStrings: true });
        const ws = wb.addWorksheet('不动产');
        ws.addRow(header).commit();
        for (const r of records) ws.addRow(r).commit();
        ws.commit();
        await wb.commit();
        return readFileSync(filename);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    const results: Record<string, unknown> = {};
    for (const format of [FORMAT!]) {
      const bytes = format === 'csv' ? buildCsv() : await buildXlsx();
      log(`${format} file: ${bytes.length} bytes`);
      let t0 = performance.now();
      const table = await readFeedFile(bytes);
      const checked = checkFeedTable('PROPERTY', table.rows, '2026-04-02');
      const parseOnlyS = (performance.now() - t0) / 1000;
      if (checked.errors.length > 0) throw new Error(`bench file has errors: ${JSON.stringify(checked.errors.slice(0, 3))}`);
      t0 = performance.now();
      const first = await importer.import({ kind: 'PROPERTY', fileName: `bench.${format}`, bytes, jurisdiction: STREET, actor });
      const importS = (performance.now() - t0) / 1000;
      t0 = performance.now();
      const again = await importer.import({ kind: 'PROPERTY', fileName: `bench.${format}`, bytes, jurisdiction: STREET, actor });
      const againS = (performance.now() - t0) / 1000;
      log(`${format}: parse+check ${parseOnlyS.toFixed(2)} s, import ${importS.toFixed(2)} s, again ${againS.toFixed(2)} s`);
      results[format] = {
        bytes: bytes.length,
        parseAndCheckSeconds: Math.round(parseOnlyS * 1000) / 1000,
        parseAndCheckRowsPerSecond: Math.round(ROWS / parseOnlyS),
        importSeconds: Math.round(importS * 1000) / 1000,
        rowsPerSecond: Math.round(ROWS / importS),
        ratioToParseOnly: Math.round((importS / parseOnlyS) * 100) / 100,
        first: { matched: first.matched, alertsRaised: first.alertsRaised, alreadyRaised: first.alreadyRaised, unmatched: first.unmatched },
        again: { seconds: Math.round(againS * 1000) / 1000, rowsPerSecond: Math.round(ROWS / againS), alertsRaised: again.alertsRaised, alreadyRaised: again.alreadyRaised },
      };
    }
    process.stdout.write(
      JSON.stringify({ bench: 'data-feed', format: FORMAT, rows: ROWS, matchRate: MATCH_RATE, cases: CASES, rssBeforeFileMb, ...results, peakRssMb: peakRssMb(), cpus: cpus().length, loadavg: loadavg() }) + '\n',
    );
  } finally {
    await store.close().catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${esSchema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

/** Runs each format in a process of its own and prints one JSON object with both. */
function runFormats() {
  const out: Record<string, unknown> = { bench: 'data-feed', rows: ROWS, matchRate: MATCH_RATE, cases: CASES };
  for (const format of ['csv', 'xlsx'] as const) {
    const child = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', '-r', 'tsconfig-paths/register', __filename], {
      env: { ...process.env, BENCH_FORMAT: format },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`the ${format} round failed (exit ${child.status})`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    out[format] = { ...(r[format] as object), rssBeforeFileMb: r['rssBeforeFileMb'], peakRssMb: r['peakRssMb'] };
    out['cpus'] = r['cpus'];
    out['loadavg'] = r['loadavg'];
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

(FORMAT ? main() : Promise.resolve().then(runFormats)).catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
