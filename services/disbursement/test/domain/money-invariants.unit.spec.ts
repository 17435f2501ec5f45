/**
 * Money invariants, property-based (fast-check, fixed seed, bounded runs): random sequences of grants,
 * benefit changes, payment runs (some started twice), bank returns, reissues and emergency advances
 * (some over their limit) through the pure deciders. Whatever the sequence:
 *  - every bank-file line traces to a decision event (reconcile finds nothing);
 *  - total paid per case = total ordered by its decisions (run months at the amounts then in force,
 *    returns netted by their reissues, advances as approved);
 *  - no month of a case is paid twice.
 * A forged line is always reported as a line without a cause.
 */
import { DomainError } from '@sa/decider';
import fc from 'fast-check';
import {
  addMonths,
  amountForPeriod,
  emergencyAdvanceDecider,
  entitlementDecider,
  issuedPayments,
  paymentRunDecider,
  reconcile,
  type BankLine,
  type EntitlementEvent,
  type EntitlementState,
  type PaymentLine,
  type PaymentOrder,
  type PaymentRunState,
} from '../../src/domain';
import { runCommand } from '../support/run-commands';

const SEED = 20261206;
const RUNS = 150;
const FIRST = '2026-01';

type Step =
  | { k: 'grant'; c: number; amount: number; start: number }
  | { k: 'change'; c: number; type: 'INCREASE' | 'DECREASE' | 'SUSPENSION' | 'TERMINATION' | 'RESUMPTION'; amount: number; at: number }
  | { k: 'run'; m: number }
  | { k: 'confirm'; m: number; returnMask: number }
  | { k: 'reissue'; pick: number }
  | { k: 'advance'; c: number; amount: number; limit: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ k: fc.constant('grant' as const), c: fc.nat(3), amount: fc.integer({ min: 1, max: 300000 }), start: fc.nat(3) }),
  fc.record({
    k: fc.constant('change' as const),
    c: fc.nat(3),
    type: fc.constantFrom('INCREASE' as const, 'DECREASE' as const, 'SUSPENSION' as const, 'TERMINATION' as const, 'RESUMPTION' as const),
    amount: fc.integer({ min: 1, max: 300000 }),
    at: fc.nat(5),
  }),
  fc.record({ k: fc.constant('run' as const), m: fc.nat(5) }),
  fc.record({ k: fc.constant('confirm' as const), m: fc.nat(5), returnMask: fc.nat(15) }),
  fc.record({ k: fc.constant('reissue' as const), pick: fc.nat(20) }),
  fc.record({ k: fc.constant('advance' as const), c: fc.nat(3), amount: fc.integer({ min: 1, max: 300000 }), limit: fc.integer({ min: 0, max: 300000 }) }),
);

/** Every sequence starts with four grants (later grants of the same case are refused as duplicates). */
const GRANTS: Step[] = [0, 1, 2, 3].map((c) => ({ k: 'grant', c, amount: 100000 + c * 12345, start: c % 2 }));

const caseId = (c: number) => `case-${c}`;
const entId = (c: number) => `ent-${c}`;

/** Applies a command; a refusal (DomainError) leaves the state unchanged, as in the services. */
function attempt<C, E, S>(d: { decide(c: C, s: S): E[]; evolve(s: S, e: E): S }, c: C, s: S): { events: E[]; state: S } {
  try {
    const events = d.decide(c, s);
    return { events, state: events.reduce(d.evolve, s) };
  } catch (err) {
    if (err instanceof DomainError) return { events: [], state: s };
    throw err;
  }
}

function simulate(steps: Step[]) {
  const ents = new Map<number, { state: EntitlementState; events: EntitlementEvent[] }>();
  const runs = new Map<string, PaymentRunState>();
  const lines: BankLine[] = [];
  const orders: PaymentOrder[] = [];
  const returned = new Map<string, { amountFen: number; caseId: string }>();
  const approvedAdvances = new Map<string, { approvalEventId: string; amountFen: number; advanceLimitFen: number; caseId: string }>();
  /** What the decisions ordered, per case: run months at the amount then in force, and approved advances. */
  const ordered = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const issued: (PaymentLine & { period: string; runId: string })[] = [];
  let n = 0;

  /** The consumer's commands carry eligibility's actor and the time they are decided at. */
  const system = { actor: { id: 'eligibility', role: 'system', jurisdiction: '440305' }, now: `${FIRST}-01T10:00:00.000+08:00` };
  const decideEnt = (c: number, cmd: Parameters<typeof entitlementDecider.decide>[0]) => {
    const e = ents.get(c) ?? { state: entitlementDecider.initialState, events: [] };
    const r = attempt(entitlementDecider, cmd, e.state);
    ents.set(c, { state: r.state, events: [...e.events, ...r.events] });
  };

  for (const s of steps) {
    n++;
    switch (s.k) {
      case 'grant':
        decideEnt(s.c, {
          type: 'RegisterEntitlement',
          data: {
            entitlementId: entId(s.c), caseId: caseId(s.c), caseNumber: `DB-${s.c}`, decisionId: `grant-${n}`, program: 'MINIMUM_LIVING_ALLOWANCE',
            jurisdiction: '440305001001', recipient: { memberId: `m-${s.c}`, name: `户主${s.c}`, bankAccountRef: `acct-${s.c}` },
            startMonth: addMonths(FIRST, s.start), monthlyAmountFen: s.amount,
          },
          metadata: system,
        });
        break;
      case 'change':
        decideEnt(s.c, {
          type: 'ApplyBenefitChange',
          data: {
            decisionId: `change-${n}`, changeType: s.type, effectiveMonth: addMonths(FIRST, s.at), reasonCode: 'OTHER',
            ...(s.type === 'SUSPENSION' || s.type === 'TERMINATION' ? {} : { monthlyAmountFen: s.amount }),
          },
          metadata: system,
        });
        break;
      case 'run': {
        const period = addMonths(FIRST, s.m);
        const runId = `run-${period}`;
        let run = runs.get(runId) ?? paymentRunDecider.initialState;
        // The run's commands carry their time in metadata.now: the 5th of the month paid.
        run = attempt(paymentRunDecider, runCommand({ type: 'StartPaymentRun', data: { runId, district: '440305', period, total: ents.size, asOf: '' } }, `${period}-05T09:00:00+08:00`), run).state;
        const payments: PaymentLine[] = [];
        const held: { entitlementId: string; caseId: string; status: string }[] = [];
        for (const [c, e] of [...ents.entries()].sort((a, b) => (entId(a[0]) < entId(b[0]) ? -1 : 1))) {
          if (!e.state.registered) continue;
          const owed = amountForPeriod(e.state, period);
          if (owed.payable && owed.decisionId) {
            payments.push({ paymentId: `pay-${entId(c)}-${period}`, entitlementId: entId(c), caseId: caseId(c), caseNumber: `DB-${c}`, program: 'MINIMUM_LIVING_ALLOWANCE', jurisdiction: '440305001001', amountFen: owed.amountFen, decisionId: owed.decisionId, recipient: e.state.recipient! });
          } else held.push({ entitlementId: entId(c), caseId: caseId(c), status: owed.status });
        }
        const keys = [...payments.map((p) => p.entitlementId), ...held.map((h) => h.entitlementId)].sort();
        if (keys.length === 0) break;
        const r = attempt(paymentRunDecider, runCommand({ type: 'IssueBatch', data: { afterCursor: run.cursor, lastKey: keys[keys.length - 1]!, payments, held } }, `${period}-05`), run);
        run = r.state;
        // The lines the stored events order (one PaymentBatchIssued per batch, each line with its decision).
        const events = r.events.flatMap(issuedPayments);
        if (events.length > 0) {
          run = attempt(paymentRunDecider, runCommand({ type: 'RecordBankFile', data: { fileRef: `${runId}.csv`, paymentCount: run.paymentCount, totalAmountFen: run.totalAmountFen, sha256: 'x' } }, `${period}-05`), run).state;
        }
        for (const p of events) {
          lines.push({ file: `440305/${period}/payment-${runId}.csv`, paymentId: p.paymentId, caseNumber: p.caseNumber, amountFen: p.amountFen, period });
          orders.push({ kind: 'REGULAR', paymentId: p.paymentId, caseId: p.caseId, entitlementId: p.entitlementId, period, amountFen: p.amountFen, decisionId: p.decisionId });
          add(ordered, p.caseId, p.amountFen);
          issued.push({ ...p, period, runId });
        }
        runs.set(runId, run);
        break;
      }
      case 'confirm': {
        const runId = `run-${addMonths(FIRST, s.m)}`;
        const run = runs.get(runId);
        if (!run) break;
        const inRun = issued.filter((p) => p.runId === runId);
        const returns = inRun.filter((_, i) => (s.returnMask >> i) & 1).map((payment) => ({ payment, reason: { code: 'ACCOUNT_CLOSED' as const } }));
        const r = attempt(paymentRunDecider, runCommand({ type: 'RecordBankConfirmation', data: { fileRef: `${runId}.csv`, returns } }, `${addMonths(FIRST, s.m)}-06`), run);
        runs.set(runId, r.state);
        for (const e of r.events) {
          if (e.type !== 'PaymentReturned') continue;
          returned.set(e.data.payment.paymentId, { amountFen: e.data.payment.amountFen, caseId: e.data.payment.caseId });
          add(ordered, e.data.payment.caseId, -e.data.payment.amountFen); // returned: not paid until reissued
        }
        break;
      }
      case 'reissue': {
        const candidates = issued.filter((p) => returned.has(p.paymentId));
        const p = candidates[s.pick % Math.max(1, candidates.length)];
        if (!p) break;
        const run = runs.get(p.runId)!;
        const r = attempt(
          paymentRunDecider,
          runCommand({ type: 'ReissuePayment', data: { returned: p, newPaymentId: `re-${p.paymentId}`, recipient: { ...p.recipient, bankAccountRef: `${p.recipient.bankAccountRef}-new` }, bankFileRef: `reissue-${p.paymentId}.csv` } }, `${p.period}-07`),
          run,
        );
        runs.set(p.runId, r.state);
        for (const e of r.events) {
          if (e.type !== 'PaymentReissued') continue;
          lines.push({ file: `440305/${p.period}/reissue-${e.data.paymentId}.csv`, paymentId: e.data.paymentId, caseNumber: e.data.caseNumber, amountFen: e.data.amountFen, period: p.period });
          orders.push({ kind: 'REISSUE', paymentId: e.data.paymentId, caseId: e.data.caseId, period: p.period, amountFen: e.data.amountFen, reissueOfPaymentId: e.data.reissueOfPaymentId });
          add(ordered, e.data.caseId, e.data.amountFen);
        }
        break;
      }
      case 'advance': {
        const advanceId = `adv-${n}`;
        approvedAdvances.set(advanceId, { approvalEventId: `approval-${n}`, amountFen: s.amount, advanceLimitFen: s.limit, caseId: caseId(s.c) });
        const r = attempt(
          emergencyAdvanceDecider,
          {
            type: 'PayEmergencyAdvance',
            data: {
              advanceId, paymentId: `pay-${advanceId}`, caseId: caseId(s.c), caseNumber: `DB-${s.c}`, jurisdiction: '440305001001', amountFen: s.amount,
              advanceLimitFen: s.limit, policyVersion: '440305-2026-01', reason: '火灾，先行救助', approvalEventId: `approval-${n}`,
              recipient: { memberId: `m-${s.c}`, name: `户主${s.c}`, bankAccountRef: `acct-${s.c}` }, paperworkDueOn: `${FIRST}-17`,
            },
            // paid on the 10th: the day of the command's metadata
            metadata: { actor: { id: 'officer-1', role: 'disbursement_officer', jurisdiction: '440305' }, now: `${FIRST}-10T10:00:00.000+08:00` },
          },
          emergencyAdvanceDecider.initialState,
        );
        for (const e of r.events) {
          if (e.type !== 'EmergencyAdvancePaid') continue;
          lines.push({ file: `440305/${FIRST}/advance-${e.data.paymentId}.csv`, paymentId: e.data.paymentId, caseNumber: e.data.caseNumber, amountFen: e.data.amountFen, period: FIRST });
          orders.push({ kind: 'EMERGENCY_ADVANCE', paymentId: e.data.paymentId, caseId: e.data.caseId, period: FIRST, amountFen: e.data.amountFen, advanceId, approvalEventId: `approval-${n}` });
          add(ordered, e.data.caseId, e.data.amountFen);
        }
        break;
      }
    }
  }
  return { ents, lines, orders, returned, approvedAdvances, ordered };
}

function reconcileAll(sim: ReturnType<typeof simulate>, lines = sim.lines) {
  const entitlements = new Map([...sim.ents.entries()].map(([c, e]) => [caseId(c), e.events]));
  const months = [...new Set(lines.map((l) => l.file.split('/')[1]!))];
  return months.map((month) =>
    reconcile({ month, lines: lines.filter((l) => l.file.split('/')[1] === month), orders: sim.orders, entitlements, returned: sim.returned, approvedAdvances: sim.approvedAdvances }),
  );
}

beforeAll(() => {
  process.stdout.write(`money invariants: fast-check seed ${SEED}, ${RUNS} runs\n`);
});

describe('money invariants (property-based)', () => {
  it('every line has a cause, total paid per case = total ordered, no month paid twice', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const sim = simulate([...GRANTS, ...steps]);
        for (const report of reconcileAll(sim)) expect(report.findings).toEqual([]);
        const paid = new Map<string, number>();
        for (const l of sim.lines) {
          const o = sim.orders.find((x) => x.paymentId === l.paymentId)!;
          paid.set(o.caseId, (paid.get(o.caseId) ?? 0) + l.amountFen - (sim.returned.get(l.paymentId)?.amountFen ?? 0));
        }
        for (const c of new Set([...paid.keys(), ...sim.ordered.keys()])) expect(paid.get(c) ?? 0).toBe(sim.ordered.get(c) ?? 0);
        const regular = sim.orders.filter((o) => o.kind === 'REGULAR').map((o) => `${o.caseId}/${o.period}`);
        expect(new Set(regular).size).toBe(regular.length);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a forged line (no stored event orders it) or an altered amount is always reported', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 999999900 }), (steps, amountFen) => {
        const sim = simulate([...GRANTS, ...steps]);
        const forged: BankLine = { file: `440305/${FIRST}/forged.csv`, paymentId: 'forged-1', caseNumber: 'DB-X', amountFen, period: FIRST };
        const findings = reconcileAll(sim, [...sim.lines, forged]).flatMap((r) => r.findings);
        expect(findings.some((f) => f.includes('forged-1') && f.includes('no cause'))).toBe(true);
        if (sim.lines.length > 0) {
          const [first, ...rest] = sim.lines;
          const altered = reconcileAll(sim, [{ ...first!, amountFen: first!.amountFen + 1 }, ...rest]).flatMap((r) => r.findings);
          expect(altered.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED + 1, numRuns: 60 },
    );
  });
});
