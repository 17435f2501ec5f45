/**
 * The printable case report (案件审计报告) as an auditor or an inspector reads it: a summary first
 * (the case number, each decision with its amount, policy version, who decided and why, the payments,
 * whether the hash chains verified), then the steps of the case in order, every event type in
 * Chinese, with the routine system events (data-source queries, batch bookkeeping) folded into the
 * step they belong to — one row "核对开始 … 含自动记录: 数据源查询请求 ×40 …" instead of 100 rows.
 */
import type { AuditEvent } from './audit-event';
import type { HistoryEntry } from './history';

/** Events the system writes by itself as part of a step; folded into the step's row. */
export const ROUTINE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'VerificationRoundStarted',
  'SourceQueryRequested',
  'SourceQuerySubmitted',
  'SourceResultReceived',
  'SourceQueryFailed',
  'MemberNotQueried',
  'ReverificationQueued',
  'PaymentBatchProcessed',
  'PaymentRecorded',
]);

/** Role codes in Chinese (the report never prints a role code). */
export const ROLE_LABELS: Record<string, string> = {
  community_officer: '社区专干',
  street_officer: '街道经办人',
  street_reviewer: '街道审核人',
  county_approver: '区县审批人',
  disbursement_officer: '发放经办人',
  policy_admin: '政策管理员',
  auditor: '审计人员',
  verification_platform: '核对平台',
  system: '系统自动',
  // a case migrated from a county's ledger (CaseMigrated): its approval was proposed by the ledger file
  legacy_ledger: '存量台账迁入',
};

export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? (role ? `其他角色(${role})` : '');

export interface ReportStep {
  entry: HistoryEntry;
  /** Routine events folded into this step: Chinese label → count. */
  folded: { label: string; count: number }[];
  /** Last time among the folded events (ISO), if any. */
  foldedUntil?: string;
}

/**
 * The steps of the case: each entry that is not routine is a step; a routine entry is folded into the
 * latest step of the same context (or, with none yet, into a "系统自动处理" step of its own).
 */
export function foldRoutine(entries: readonly HistoryEntry[]): ReportStep[] {
  const steps: ReportStep[] = [];
  const lastOfContext = new Map<string, ReportStep>();
  for (const e of entries) {
    if (!ROUTINE_EVENT_TYPES.has(e.type)) {
      const step: ReportStep = { entry: e, folded: [] };
      steps.push(step);
      lastOfContext.set(e.context, step);
      continue;
    }
    let step = lastOfContext.get(e.context);
    if (!step) {
      step = { entry: { ...e, label: `${e.contextLabel}:系统自动处理`, reason: null, evidenceRefs: [], policyVersion: null }, folded: [] };
      steps.push(step);
      lastOfContext.set(e.context, step);
    }
    const f = step.folded.find((x) => x.label === e.label);
    if (f) f.count++;
    else step.folded.push({ label: e.label, count: 1 });
    if (!step.foldedUntil || e.occurredAt > step.foldedUntil) step.foldedUntil = e.occurredAt;
  }
  return steps;
}

export interface ReportDecision {
  label: string;
  decidedOn: string;
  monthlyAmountFen: number | null;
  fromMonth: string | null;
  policyVersion: string | null;
  decidedBy: { id: string; role: string } | null;
  reason: string;
}

export interface ReportPayment {
  label: string;
  period: string;
  amountFen: number;
  on: string;
}

export interface CaseSummary {
  caseNumber: string | null;
  decisions: ReportDecision[];
  payments: ReportPayment[];
  policyVersions: string[];
}

const DECISION_LABELS: Record<string, string> = {
  ApplicationRejectedAtIntake: '不予受理',
  CaseApproved: '审核确认:批准',
  CaseRefused: '审核确认:不予批准',
  BenefitChangeDecided: '待遇变更决定',
  RedeterminationClosed: '重新核定:维持不变',
  BenefitChangeRejected: '待遇变更建议:不予同意',
  EmergencyAdvanceApproved: '先行救助批准',
  AppealOutcomeRecorded: '行政复议/行政诉讼结果',
};
const RETURN_REASONS: Record<string, string> = {
  ACCOUNT_CLOSED: '账户已销户',
  ACCOUNT_FROZEN: '账户冻结',
  ACCOUNT_NOT_FOUND: '账户不存在',
  NAME_MISMATCH: '户名不符',
  RECIPIENT_DECEASED: '收款人已故',
  OTHER: '其他原因',
};
const PAYMENT_LABELS: Record<string, string> = {
  PaymentIssued: '按月发放',
  PaymentReissued: '重新发放',
  PaymentReturned: '银行退回',
  EmergencyAdvancePaid: '先行救助发放',
};

type Data = Record<string, any>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The summary of a case from its events (as recorded; nothing is re-computed). */
export function caseSummary(events: readonly AuditEvent[]): CaseSummary {
  let caseNumber: string | null = null;
  const decisions: ReportDecision[] = [];
  const payments: ReportPayment[] = [];
  const versions = new Set<string>();
  for (const ev of events) {
    const d = (ev.data ?? {}) as Data;
    caseNumber ??= str(d.caseNumber) ?? str(d.payment?.caseNumber) ?? str(d.application?.caseNumber);
    const meta = ev.metadata as Data;
    const policyVersion = str(d.policyVersion) ?? str(meta.policyVersion);
    if (policyVersion) versions.add(policyVersion);
    if (DECISION_LABELS[ev.type]) {
      const by = (d.decidedBy ?? d.rejectedBy ?? meta.actor) as Data | undefined;
      decisions.push({
        label: DECISION_LABELS[ev.type]!,
        decidedOn: str(d.decidedOn) ?? str(d.closedOn) ?? str(d.rejectedOn) ?? str(d.documentDate) ?? ev.recordedAt.slice(0, 10),
        monthlyAmountFen: num(d.assessment?.monthlyAmountFen) ?? num(d.monthlyAmountFen) ?? num(d.amountFen),
        fromMonth: str(d.startMonth) ?? str(d.effectiveMonth),
        policyVersion,
        decidedBy: by && typeof by.id === 'string' ? { id: by.id, role: String(by.role ?? '') } : null,
        reason: str(d.decisionReason) ?? str(d.reason) ?? str(d.reason?.description) ?? str(meta.reason) ?? '',
      });
    }
    if (PAYMENT_LABELS[ev.type]) {
      const line = (ev.type === 'PaymentReturned' ? d.payment : d) as Data;
      payments.push({
        label:
          (ev.type === 'PaymentIssued' && d.kind === 'ARREARS' ? '补发' : PAYMENT_LABELS[ev.type]!) +
          (ev.type === 'PaymentReturned' && d.reason?.code ? `(${RETURN_REASONS[String(d.reason.code)] ?? '其他原因'})` : ''),
        period: str(line?.period) ?? '',
        amountFen: num(line?.amountFen) ?? 0,
        on: str(d.issuedOn) ?? str(d.returnedOn) ?? str(d.paidOn) ?? ev.recordedAt.slice(0, 10),
      });
    }
  }
  return { caseNumber, decisions, payments, policyVersions: [...versions].sort() };
}

/** Integer fen → "¥1,300.00" (BigInt, no floating arithmetic). */
export function yuanText(fen: number | null): string {
  if (fen === null) return '—';
  const n = BigInt(Math.trunc(fen));
  const abs = n < 0n ? -n : n;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0n ? '-' : ''}¥${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
}
