/**
 * The sample households ledger (救助对象台账) of the README: the sample caseload ledger
 * (deploy/samples/caseload-ledger.csv) migrated by eligibility's reader and decider (CaseMigrated),
 * projected as the service projects it (`projectHousehold`, the case row's programme, amount, first month
 * and household size), written row by row with the service's own `ledgerRows` and `openLedgerSink` —
 * resident IDs masked, as without `purpose=`. Writes households-ledger-330106.csv and .xlsx here:
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register deploy/samples/ledger-sample.ts
 *
 * services/eligibility/test/ledger-sample.unit.spec.ts checks the committed CSV against this.
 */
import { openLedgerSink, type LedgerFormat } from '@sa/documents';
import { uuidV5 } from '@sa/eventstore';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { migrateCommand } from '../../services/eligibility/src/case-imports/case-import.service';
import { parseCsv } from '../../services/eligibility/src/case-imports/ledger-file';
import { readCaseloadLedger } from '../../services/eligibility/src/domain/migration/caseload-ledger';
import { createReviewCaseDecider } from '../../services/eligibility/src/domain/review-case/decide';
import { initialReviewCaseState } from '../../services/eligibility/src/domain/review-case/events';
import type { MigrateCase } from '../../services/eligibility/src/domain/review-case/migration';
import { HOUSEHOLD_LEDGER_COLUMNS, ledgerRows, type HouseholdRow } from '../../services/eligibility/src/ledgers/household-ledger.controller';
import { projectHousehold } from '../../services/eligibility/src/read-models/household.projection';

const NS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
export const SAMPLE_LEDGER_NAME = 'households-ledger-330106';

/** The ledger's households as the read models hold them after the sample ledger's import, in the ledger's order. */
export function sampleHouseholdRows(): HouseholdRow[] {
  const rows = parseCsv(readFileSync(join(__dirname, 'caseload-ledger.csv'), 'utf8'));
  const { households, errors } = readCaseloadLedger(rows, { jurisdiction: '330106', idFor: (n) => uuidV5(n, NS), today: '2026-12-07' });
  if (errors.length > 0) throw new Error(`sample ledger: ${JSON.stringify(errors)}`);
  const decider = createReviewCaseDecider({ calendar: { addWorkingDays: () => null } as never });
  const actor = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' };
  const source = { importId: uuidV5('sample-import', NS), fileName: 'caseload-ledger.csv', fileDigest: '0'.repeat(64) };
  const out: HouseholdRow[] = households.map((h) => {
    const command = { ...migrateCommand(h, source), metadata: { actor, now: '2026-12-07T09:00:00+08:00' } } as MigrateCase;
    const [event] = decider.decide(command, initialReviewCaseState);
    return {
      case_id: h.caseId,
      case_number: h.householdKey,
      program: h.program,
      jurisdiction: h.jurisdiction,
      benefit_status: 'ACTIVE',
      monthly_amount_fen: String(h.monthlyAmountFen),
      start_month: h.firstMonth,
      household_size: h.members.length,
      household: projectHousehold(null, event!) ?? null,
    };
  });
  // the service's order: division (byte order), then case id
  return out.sort((a, b) => (a.jurisdiction === b.jurisdiction ? a.case_id.localeCompare(b.case_id) : a.jurisdiction < b.jurisdiction ? -1 : 1));
}

/** The ledger written as the service streams it (resident IDs masked). */
export async function writeSampleLedger(out: Writable, format: LedgerFormat): Promise<void> {
  const sink = openLedgerSink(out, format, '救助对象台账', HOUSEHOLD_LEDGER_COLUMNS);
  for (const h of sampleHouseholdRows()) for (const row of ledgerRows(h, false, format)) await sink.add(row);
  await sink.end();
}

/** The CSV as a string (for the test). */
export async function sampleLedgerCsv(): Promise<string> {
  const pass = new PassThrough();
  const chunks: Buffer[] = [];
  pass.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => pass.on('end', () => resolve()));
  await writeSampleLedger(pass, 'csv');
  await done;
  return Buffer.concat(chunks).toString('utf8');
}

async function main() {
  for (const format of ['csv', 'xlsx'] as const) {
    const out = createWriteStream(join(__dirname, `${SAMPLE_LEDGER_NAME}.${format}`));
    const closed = new Promise<void>((resolve, reject) => out.on('close', () => resolve()).on('error', reject));
    await writeSampleLedger(out, format);
    await closed;
  }
  process.stdout.write(`${SAMPLE_LEDGER_NAME}.csv and .xlsx written\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
