/**
 * `npm run reconcile -- <YYYY-MM>`: every line of the month's bank files (DISBURSEMENT_BANK_FILE_DIR/
 * <district>/<month>/*.csv) against the stored events that ordered them and their causes (event store
 * EVENTSTORE_SCHEMA, disbursement schema DATABASE_SCHEMA, DATABASE_URL). Prints sum and count per
 * cause and every line without one; exit 1 if any finding, 2 on bad usage.
 */
import { quoteIdent } from '@sa/database';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Pool } from 'pg';
import { formatReconcileReport, issuedPayments, reconcile, type BankLine, type EntitlementEvent, type PaymentOrder, type PaymentRunEvent, type ReconcileReport } from './domain';

function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export async function readBankLines(dir: string, month: string): Promise<BankLine[]> {
  const lines: BankLine[] = [];
  let districts: string[] = [];
  try {
    districts = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return lines;
  }
  for (const district of districts.sort()) {
    const monthDir = join(dir, district, month);
    let files: string[] = [];
    try {
      files = (await readdir(monthDir)).filter((f) => f.endsWith('.csv')).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const text = await readFile(join(monthDir, f), 'utf8');
      for (const raw of text.split('\n')) {
        const x = csvFields(raw);
        if (x[0] !== 'D') continue;
        lines.push({ file: `${district}/${month}/${f}`, paymentId: x[2]!, caseNumber: x[3]!, amountFen: Number(x[6]), period: x[9]! });
      }
    }
  }
  return lines;
}

/** Reads the month's bank files and the store, and reconciles them. */
export async function runReconcile(o: { pool: Pool; eventStoreSchema: string; schema: string; bankDir: string; month: string }): Promise<ReconcileReport> {
  const { pool, month } = o;
  const es = quoteIdent(o.eventStoreSchema);
  const ds = quoteIdent(o.schema);
  const lines = await readBankLines(o.bankDir, month);
  const { rows } = await pool.query<{ stream_id: string; type: string; data: Record<string, unknown> }>(
    `SELECT stream_id, type, data FROM ${es}.events WHERE category IN ('paymentRun', 'emergencyAdvance', 'entitlement') ORDER BY stream_id, revision`,
  );
  const orders: PaymentOrder[] = [];
  const entitlements = new Map<string, EntitlementEvent[]>();
  const returned = new Map<string, { amountFen: number; caseId: string }>();
  for (const r of rows) {
    const t = (k: string): string => String(r.data[k] ?? '');
    const n = (k: string): number => Number(r.data[k]);
    const payment = r.data.payment as { paymentId: string; amountFen: number; caseId: string } | undefined;
    if (r.stream_id.startsWith('entitlement-')) {
      const caseId = r.stream_id.slice('entitlement-'.length);
      entitlements.set(caseId, [...(entitlements.get(caseId) ?? []), { type: r.type, data: r.data } as EntitlementEvent]);
    } else if (r.type === 'PaymentIssued' || r.type === 'PaymentBatchIssued') {
      for (const p of issuedPayments({ type: r.type, data: r.data } as PaymentRunEvent)) {
        orders.push(
          p.kind === 'ARREARS'
            ? { kind: 'ARREARS', paymentId: p.paymentId, caseId: p.caseId, entitlementId: p.entitlementId, period: p.period, amountFen: p.amountFen, decisionId: p.decisionId }
            : { kind: 'REGULAR', paymentId: p.paymentId, caseId: p.caseId, entitlementId: p.entitlementId, period: p.period, amountFen: p.amountFen, decisionId: p.decisionId, ...(p.offsetFen ? { offsetFen: p.offsetFen } : {}) },
        );
      }
    } else if (r.type === 'PaymentReissued') {
      orders.push({ kind: 'REISSUE', paymentId: t('paymentId'), caseId: t('caseId'), period: t('period'), amountFen: n('amountFen'), reissueOfPaymentId: t('reissueOfPaymentId') });
    } else if (r.type === 'PaymentReturned' && payment) {
      returned.set(payment.paymentId, { amountFen: payment.amountFen, caseId: payment.caseId });
    } else if (r.type === 'EmergencyAdvancePaid') {
      orders.push({ kind: 'EMERGENCY_ADVANCE', paymentId: t('paymentId'), caseId: t('caseId'), period: t('paidOn').slice(0, 7), amountFen: n('amountFen'), advanceId: t('advanceId'), approvalEventId: r.data.approvalEventId ? t('approvalEventId') : null });
    }
  }
  const approvedAdvances = new Map<string, { approvalEventId: string; amountFen: number; advanceLimitFen: number; caseId: string }>();
  const approved = await pool
    .query<{ advance_id: string; approval_event_id: string; amount_fen: string; advance_limit_fen: string; case_id: string }>(
      `SELECT advance_id, approval_event_id, amount_fen, advance_limit_fen, case_id FROM ${ds}.approved_advances`,
    )
    .catch(() => ({ rows: [] }));
  for (const a of approved.rows) {
    approvedAdvances.set(a.advance_id, { approvalEventId: a.approval_event_id, amountFen: Number(a.amount_fen), advanceLimitFen: Number(a.advance_limit_fen), caseId: a.case_id });
  }
  return reconcile({ month, lines, orders, entitlements, returned, approvedAdvances });
}

async function main(): Promise<number> {
  const month = process.argv[2] ?? '';
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    process.stderr.write('usage: npm run reconcile -- <YYYY-MM>\n');
    return 2;
  }
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/social_assistance', max: 2 });
  try {
    const report = await runReconcile({
      pool,
      eventStoreSchema: process.env.EVENTSTORE_SCHEMA ?? 'eventstore',
      schema: process.env.DATABASE_SCHEMA ?? 'disbursement',
      bankDir: process.env.DISBURSEMENT_BANK_FILE_DIR ?? '.cache/disbursement/bank-files',
      month,
    });
    process.stdout.write(`${formatReconcileReport(report)}\n`);
    return report.findings.length === 0 ? 0 : 1;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`reconcile failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
