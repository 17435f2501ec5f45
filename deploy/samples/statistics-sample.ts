/**
 * The sample monthly report (民政统计月报) of the README: the sample caseload ledger
 * (deploy/samples/caseload-ledger.csv) migrated by eligibility's own reader and decider (CaseMigrated,
 * as POST /case-imports records it), January 2027 paid for its three households, and one payment
 * returned after the month end (a correction); the audit service's pure statistics and its .xlsx
 * writer turn them into the report. Writes statistics-2027-01.csv and statistics-2027-01.xlsx here:
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register deploy/samples/statistics-sample.ts
 *
 * services/audit/src/domain/statistics-sample.unit.spec.ts checks that the committed CSV is what this gives.
 */
import { uuidV5 } from '@sa/eventstore';
import { createWriteStream, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monthlyReport, statisticsCsv, type StatisticsEvent, type StatisticsReport } from '../../services/audit/src/domain/statistics';
import { writeStatisticsXlsx } from '../../services/audit/src/statistics/statistics-xlsx';
import { migrateCommand } from '../../services/eligibility/src/case-imports/case-import.service';
import { parseCsv } from '../../services/eligibility/src/case-imports/ledger-file';
import { readCaseloadLedger } from '../../services/eligibility/src/domain/migration/caseload-ledger';
import { createReviewCaseDecider } from '../../services/eligibility/src/domain/review-case/decide';
import { initialReviewCaseState } from '../../services/eligibility/src/domain/review-case/events';
import type { MigrateCase } from '../../services/eligibility/src/domain/review-case/migration';

export const SAMPLE_MONTH = '2027-01';
const NS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** The events of the sample, with the instants the store would have recorded them. */
export function sampleEvents(): StatisticsEvent[] {
  const rows = parseCsv(readFileSync(join(__dirname, 'caseload-ledger.csv'), 'utf8'));
  const { households, errors } = readCaseloadLedger(rows, { jurisdiction: '330106', idFor: (n) => uuidV5(n, NS), today: '2026-12-07' });
  if (errors.length > 0) throw new Error(`sample ledger: ${JSON.stringify(errors)}`);
  const decider = createReviewCaseDecider({ calendar: { addWorkingDays: () => null } as never });
  const actor = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' };
  const source = { importId: uuidV5('sample-import', NS), fileName: 'caseload-ledger.csv', fileDigest: '0'.repeat(64) };
  const events: StatisticsEvent[] = [];
  for (const h of households) {
    const command = { ...migrateCommand(h, source), metadata: { actor, now: '2026-12-07T09:00:00+08:00' } } as MigrateCase;
    for (const e of decider.decide(command, initialReviewCaseState)) events.push({ streamId: `reviewCase-${h.caseId}`, type: e.type, data: e.data, recordedAt: new Date('2026-12-07T01:00:00Z') });
  }
  const run = `paymentRun-run-330106-${SAMPLE_MONTH}`;
  const line = (h: (typeof households)[number]) => ({ caseId: h.caseId, program: h.program, jurisdiction: h.jurisdiction, amountFen: h.monthlyAmountFen, period: SAMPLE_MONTH });
  const paid = households.filter((h) => h.monthlyAmountFen > 0); // the 低保边缘 household has no cash benefit
  events.push({ streamId: run, type: 'PaymentBatchIssued', data: { period: SAMPLE_MONTH, payments: paid.map(line) }, recordedAt: new Date('2027-01-15T02:00:00Z') });
  // After the month end: the bank returns the 特困 payment (account closed) — the 更正后 view differs from 月末数.
  const special = paid.find((h) => h.program === 'EXTREME_POVERTY_SUPPORT')!;
  events.push({ streamId: run, type: 'PaymentReturned', data: { payment: line(special) }, recordedAt: new Date('2027-02-03T02:00:00Z') });
  return events;
}

export function sampleReport(): StatisticsReport {
  return monthlyReport(sampleEvents(), { month: SAMPLE_MONTH, division: '330106', correctedAsOf: new Date('2027-02-10T00:00:00Z') });
}

async function main() {
  const report = sampleReport();
  await writeFile(join(__dirname, `statistics-${SAMPLE_MONTH}.csv`), statisticsCsv(report));
  const out = createWriteStream(join(__dirname, `statistics-${SAMPLE_MONTH}.xlsx`));
  await writeStatisticsXlsx(report, out);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  process.stdout.write(`statistics-${SAMPLE_MONTH}.csv and .xlsx written (${report.rows.length} rows, ${report.corrections.length} corrections)\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
