/**
 * Payment run, issuing: starting the run and its batches (the cursor, 补发 arrears and 追回 offsets).
 */
import { DomainError, nowOf, todayOf } from '@sa/decider';
import { arrearsPaid, coveredKeys, PAYMENT_RUN_ERRORS, type PaymentRunCommandOf, type PaymentRunEvent, type PaymentRunState } from './payment-run';
import { requireStarted } from './payment-run.guards';
import { addMonths, assertFen, assertYearMonth } from './period';

export function decideStartPaymentRun(command: PaymentRunCommandOf<'StartPaymentRun'>, state: PaymentRunState): PaymentRunEvent[] {
  if (state.status !== 'NONE') return []; // starting the same run again resumes it
  if (!/^\d{6}$/.test(command.data.district)) {
    throw new DomainError(PAYMENT_RUN_ERRORS.wrongDistrict, 'A payment run is per district (6-digit division code)', { field: 'district' });
  }
  assertYearMonth(command.data.period, 'period');
  // Only the month of the start (the Asia/Shanghai month of metadata.now) or the next one: a run for a
  // month years ahead (or long past) is a typo or worse, never a payment.
  const startedAt = nowOf(command);
  const current = todayOf(command).slice(0, 7);
  // A supplementary run (补发批次) pays arrears now: its month is the month it is started in.
  if (command.data.kind === 'SUPPLEMENTARY' && command.data.period !== current) {
    throw new DomainError(PAYMENT_RUN_ERRORS.periodOutOfRange, `a supplementary run pays in the current month (${current})`, {
      field: 'period',
      details: { period: command.data.period, allowed: [current] },
    });
  }
  if (command.data.period !== current && command.data.period !== addMonths(current, 1)) {
    throw new DomainError(PAYMENT_RUN_ERRORS.periodOutOfRange, `period must be the current month (${current}) or the next (${addMonths(current, 1)})`, {
      field: 'period',
      details: { period: command.data.period, allowed: [current, addMonths(current, 1)] },
    });
  }
  return [{ type: 'PaymentRunStarted', data: { ...command.data, startedAt } }];
}

export function decideIssueBatch(command: PaymentRunCommandOf<'IssueBatch'>, state: PaymentRunState): PaymentRunEvent[] {
  requireStarted(state);
  const cmd = command.data;
  if (state.status !== 'ISSUING') {
    throw new DomainError(PAYMENT_RUN_ERRORS.notIssuing, `The run is ${state.status}, no more payments can be issued`, { kind: 'conflict' });
  }
  if (cmd.afterCursor !== state.cursor) {
    throw new DomainError(PAYMENT_RUN_ERRORS.outOfOrder, `The batch continues from ${cmd.afterCursor || 'the start'}, the run is at ${state.cursor || 'the start'}`, {
      kind: 'conflict',
    });
  }
  const keys = coveredKeys(cmd, state.kind).sort();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key <= state.cursor || (i > 0 && key === keys[i - 1])) {
      throw new DomainError(PAYMENT_RUN_ERRORS.alreadyPaid, `Entitlement ${key} was already paid for ${state.period}`, {
        kind: 'conflict',
        details: { entitlementId: key, period: state.period },
      });
    }
    if (key > cmd.lastKey) throw new DomainError(PAYMENT_RUN_ERRORS.outOfOrder, `Entitlement ${key} is after the batch's last key`, { kind: 'conflict' });
  }
  if (keys.length === 0 || cmd.lastKey <= state.cursor) throw new DomainError(PAYMENT_RUN_ERRORS.outOfOrder, 'An empty batch moves nothing forward', { kind: 'conflict' });
  cmd.payments.forEach((p, i) => assertFen(p.amountFen, `payments[${i}].amountFen`, { positive: true }));
  if (state.kind === 'SUPPLEMENTARY') {
    // 补发批次: arrears only — a regular payment (or an offset against one) belongs to the monthly run.
    if (cmd.payments.length > 0) {
      throw new DomainError(PAYMENT_RUN_ERRORS.supplementaryArrearsOnly, 'A supplementary run pays arrears (补发) only, no regular payment', { field: 'payments' });
    }
    if ((cmd.offsets ?? []).some((o) => o.against === 'REGULAR')) {
      throw new DomainError(PAYMENT_RUN_ERRORS.supplementaryArrearsOnly, 'A supplementary run offsets nothing against a regular payment', { field: 'offsets' });
    }
  }
  checkRecovery(cmd, new Set(keys));
  const arrears = cmd.arrears ?? [];
  const offsets = cmd.offsets ?? [];
  return [
    {
      type: 'PaymentBatchIssued',
      data: {
        runId: state.runId,
        period: state.period,
        batchNo: state.batches + 1,
        afterCursor: cmd.afterCursor,
        lastKey: cmd.lastKey,
        issuedOn: todayOf(command),
        paymentCount: cmd.payments.length + arrearsPaid(arrears).length,
        amountFen: cmd.payments.reduce((sum, p) => sum + p.amountFen, 0) + arrears.reduce((sum, a) => sum + a.amountFen, 0),
        payments: cmd.payments,
        held: cmd.held,
        ...(arrears.length > 0 ? { arrears } : {}),
        ...(offsets.length > 0 ? { offsets } : {}),
      },
    },
  ];
}

/**
 * Arrears and offsets of a batch: only entitlements the batch covers; one settlement per (entitlement,
 * decision); paid + netted = determined; an offset reduces a payment of the batch, never by more than
 * that payment (regular: its amount before the offset, and the cap), never to nothing.
 */
function checkRecovery(cmd: PaymentRunCommandOf<'IssueBatch'>['data'], covered: ReadonlySet<string>): void {
  const arrears = cmd.arrears ?? [];
  const offsets = cmd.offsets ?? [];
  const seen = new Set<string>();
  arrears.forEach((a, i) => {
    if (!covered.has(a.entitlementId)) throw new DomainError(PAYMENT_RUN_ERRORS.outOfOrder, `Arrears of entitlement ${a.entitlementId} outside the batch`, { kind: 'conflict' });
    const key = `${a.entitlementId}/${a.decisionId}`;
    if (seen.has(key)) throw new DomainError(PAYMENT_RUN_ERRORS.arrearsTwice, `Arrears of decision ${a.decisionId} twice in one batch`, { kind: 'conflict' });
    seen.add(key);
    assertFen(a.amountFen, `arrears[${i}].amountFen`);
    assertFen(a.nettedFen, `arrears[${i}].nettedFen`);
    if (a.amountFen + a.nettedFen !== a.determinedFen || a.determinedFen <= 0) {
      throw new DomainError(PAYMENT_RUN_ERRORS.arrearsMismatch, `Arrears of decision ${a.decisionId}: paid + netted must equal the amount determined`, { field: `arrears[${i}]` });
    }
  });
  const regular = new Map(cmd.payments.map((p) => [p.paymentId, p]));
  const arrearsById = new Map(arrears.map((a) => [a.paymentId, a]));
  const takenOff = new Map<string, number>();
  offsets.forEach((o, i) => {
    assertFen(o.amountFen, `offsets[${i}].amountFen`, { positive: true });
    takenOff.set(o.againstPaymentId, (takenOff.get(o.againstPaymentId) ?? 0) + o.amountFen);
    if (o.against === 'REGULAR' ? !regular.has(o.againstPaymentId) : !arrearsById.has(o.againstPaymentId)) {
      throw new DomainError(PAYMENT_RUN_ERRORS.offsetUnknownPayment, `Offset against ${o.againstPaymentId}, which the batch does not pay`, { field: `offsets[${i}].againstPaymentId` });
    }
  });
  for (const [paymentId, taken] of takenOff) {
    const p = regular.get(paymentId);
    if (p) {
      if ((p.offsetFen ?? 0) !== taken) throw new DomainError(PAYMENT_RUN_ERRORS.offsetExceedsPayment, `Payment ${paymentId} records ${p.offsetFen ?? 0} fen offset, its offsets add up to ${taken}`, { field: 'offsets' });
      const cap = offsets.find((o) => o.againstPaymentId === paymentId)?.capFen ?? 0;
      if (taken > cap) throw new DomainError(PAYMENT_RUN_ERRORS.offsetExceedsCap, `Offset ${taken} fen exceeds the month's cap of ${cap} fen`, { field: 'offsets' });
    } else {
      const a = arrearsById.get(paymentId)!;
      if (taken !== a.nettedFen) throw new DomainError(PAYMENT_RUN_ERRORS.offsetExceedsPayment, `Arrears ${paymentId} netted ${a.nettedFen} fen, its offsets add up to ${taken}`, { field: 'offsets' });
    }
  }
  for (const p of cmd.payments) {
    if ((p.offsetFen ?? 0) > 0 && !takenOff.has(p.paymentId)) throw new DomainError(PAYMENT_RUN_ERRORS.offsetExceedsPayment, `Payment ${p.paymentId} records an offset without its offset lines`, { field: 'offsets' });
  }
}
