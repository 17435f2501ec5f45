import {
  AuditContext,
  AuditEvent,
  CONTEXT_LABELS,
  actorOf,
  consentRefsOf,
  contextOf,
  evidenceRefsOf,
  occurredAtOf,
  parseMoment,
  policyVersionOf,
  reasonOf,
} from './audit-event';

/** Chinese labels of the events auditors meet most; other types are shown as they are stored. */
export const EVENT_LABELS: Record<string, string> = {
  ApplicationDrafted: '申请草稿创建',
  ApplicationDraftRevised: '申请草稿修改',
  ApplicationSubmitted: '申请提交',
  ConflictOfInterestFlagged: '利益冲突标记',
  MaterialsRequested: '一次性告知补正材料',
  MaterialsSupplied: '补正材料',
  ApplicationAccepted: '受理',
  ApplicationRejectedAtIntake: '不予受理',
  ApplicationWithdrawn: '撤回申请',
  LeadReported: '线索登记',
  LeadContacted: '线索联系',
  LeadConvertedToApplication: '线索转申请',
  LeadClosed: '线索关闭',
  LeadDueDateRedated: '线索处理期限按已发布节假日重新推算',
  VerificationOpened: '核对开始',
  VerificationReportCompleted: '核对报告',
  VerificationObjectionFiled: '核对异议',
  VerificationObjectionResolved: '核对异议处理',
  VerificationCancelled: '核对取消',
  ReviewCaseOpened: '审核立案',
  VerificationFactsReceived: '收到核对报告',
  HomeVisitRecorded: '入户调查',
  NeighbourhoodInquiryRecorded: '邻里访问',
  EvidenceLetterRecorded: '信函索证',
  InitialOpinionIssued: '初审意见',
  PublicNoticePosted: '公示',
  ObjectionFiled: '公示异议',
  ObjectionResolved: '异议处理',
  DecisionDeadlineExtended: '延长办理期限',
  DueDatesDated: '期限补定（节假日安排发布后）',
  CaseSubmittedForDecision: '报送审核确认',
  CaseApproved: '审核确认：批准',
  CaseRefused: '审核确认：不予批准',
  CaseWithdrawn: '撤回',
  RedeterminationRequested: '变更重新核定',
  BenefitChangeProposed: '待遇变更建议',
  BenefitChangeDecided: '待遇变更决定',
  RedeterminationClosed: '重新核定结束（不变）',
  StandardRedeterminationProposed: '标准调整重新核定建议',
  BenefitChangeRejected: '待遇变更建议不予同意',
  PolicyVersionPublished: '政策版本发布',
  PolicyVersionSuperseded: '政策版本更正',
  EmergencyAdvanceApproved: '先行救助批准',
  AppealFiled: '行政复议/行政诉讼登记',
  AppealOutcomeRecorded: '行政复议/行政诉讼结果',
  // 受理
  ApplicationClosedAfterDecision: '审批后结案',
  ApplicationReopenedOnAppeal: '复议/诉讼撤销原决定，恢复办理',
  CloseRelativeDeclared: '近亲属备案',
  CloseRelativeDeclarationWithdrawn: '近亲属备案撤回',
  // 核对
  VerificationRoundStarted: '核对轮次开始',
  SourceQueryRequested: '数据源查询请求',
  MemberNotQueried: '成员未查询(未授权)',
  SourceQuerySubmitted: '数据源查询已提交',
  SourceQueryFailed: '数据源查询失败',
  SourceResultReceived: '数据源结果返回',
  ManualVerificationTaskOpened: '信函索证任务',
  ManualVerificationTaskCompleted: '信函索证完成',
  ManualVerificationTaskCancelled: '信函索证取消',
  ManualTaskDueDateRedated: '信函索证期限按已发布节假日重新推算',
  ReverificationQueued: '复核排队',
  // 发放
  EntitlementRegistered: '待遇登记',
  EntitlementAmountChanged: '待遇金额变更',
  EntitlementTapered: '渐退安排',
  EntitlementSuspended: '暂停发放',
  EntitlementTerminated: '终止发放',
  EntitlementResumed: '恢复发放',
  EntitlementRecoveryCapChanged: '追回月上限按新政策调整',
  BankAccountChangeRequested: '收款账户变更申请',
  BankAccountCorrected: '收款账户变更',
  ArrearsDetermined: '补发核定',
  OverpaymentRecorded: '多发登记',
  RepaymentPlanRecorded: '退款计划',
  OverpaymentRepaid: '多发退款',
  PaymentRunStarted: '月度发放开始',
  PaymentIssued: '发放',
  PaymentBatchProcessed: '发放批处理',
  PaymentBatchIssued: '批量发放',
  CaseMigrated: '存量案件迁入',
  DataAlertRaised: '数据比对预警',
  BankFileWritten: '银行文件生成',
  BankConfirmationRecorded: '银行回盘',
  PaymentReturned: '银行退回',
  PaymentReissued: '重新发放',
  PaymentRunCompleted: '月度发放完成',
  EmergencyAdvancePaid: '先行救助发放',
  EmergencyAdvancePaperworkCompleted: '先行救助补办手续',
  // 动态管理
  FollowUpOpened: '纳入动态管理',
  ReviewOpened: '核查开启',
  ReverificationRequested: '申请复核',
  VerificationResultReceived: '收到复核报告',
  ReviewVisitRecorded: '核查入户',
  ReviewConcluded: '核查办结',
  ChangeProposed: '提出待遇变更',
  ChangeReported: '家庭情况变化报告',
  BenefitChangeApplied: '待遇变更执行',
  AgeOutFlagged: '超龄提示',
  PaymentRecorded: '发放记录',
  FollowUpClosed: '退出救助',
  WelfareVisitsPlanned: '探访计划',
  WelfareVisitRecorded: '探访记录',
  ComplaintFiled: '举报登记',
  ComplaintAssigned: '举报指派调查',
  ComplaintResolved: '举报办结',
};

export interface HistoryFilters {
  /** Event types to keep (exact). */
  types?: string[];
  /** Business time (occurredAt) from, inclusive: ISO instant or date. */
  from?: string;
  /** Business time (occurredAt) to, inclusive: ISO instant or date (whole day). */
  to?: string;
  actorId?: string;
}

export interface HistoryEntry {
  occurredAt: string;
  recordedAt: string;
  context: AuditContext;
  contextLabel: string;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  label: string;
  actor: { id: string; role: string; jurisdiction: string };
  reason: string | null;
  evidenceRefs: string[];
  policyVersion: string | null;
  consentRefs: string[];
  position?: string;
}

const APPEAL_KINDS: Record<string, string> = { ADMINISTRATIVE_REVIEW: '行政复议', LITIGATION: '行政诉讼' };
const APPEAL_OUTCOMES: Record<string, string> = { UPHELD: '维持', REVOKED: '撤销', CHANGED: '变更', WITHDRAWN: '撤回' };

/** The event's Chinese label; an appeal and what it caused name the appeal's kind and outcome (the chain 复议 → 结果 → 新决定). */
export function labelOf(event: Pick<AuditEvent, 'type' | 'data'>): string {
  const d = (event.data ?? {}) as { kind?: string; outcome?: string; appeal?: { kind?: string; outcome?: string } };
  if (event.type === 'AppealFiled' && d.kind && APPEAL_KINDS[d.kind]) return `${APPEAL_KINDS[d.kind]}登记`;
  if (event.type === 'AppealOutcomeRecorded' && d.kind && d.outcome && APPEAL_KINDS[d.kind] && APPEAL_OUTCOMES[d.outcome]) {
    return `${APPEAL_KINDS[d.kind]}结果：${APPEAL_OUTCOMES[d.outcome]}原决定`;
  }
  if (event.type === 'BenefitChangeDecided' && d.appeal?.kind && d.appeal.outcome && APPEAL_KINDS[d.appeal.kind] && APPEAL_OUTCOMES[d.appeal.outcome]) {
    return `待遇变更决定（${APPEAL_KINDS[d.appeal.kind]}${APPEAL_OUTCOMES[d.appeal.outcome]}原决定后重新决定）`;
  }
  if (event.type === 'CaseApproved' && d.appeal?.kind && d.appeal.outcome && APPEAL_KINDS[d.appeal.kind] && APPEAL_OUTCOMES[d.appeal.outcome]) {
    return `审核确认批准（${APPEAL_KINDS[d.appeal.kind]}${APPEAL_OUTCOMES[d.appeal.outcome]}不予批准决定后重新决定）`;
  }
  return EVENT_LABELS[event.type] ?? event.type;
}

/** Record order: recording time, then stream and revision (each stream stays in revision order). */
export function recordOrder(a: AuditEvent, b: AuditEvent): number {
  const t = Date.parse(a.recordedAt) - Date.parse(b.recordedAt);
  if (t !== 0) return t;
  if (a.streamId === b.streamId) return a.revision - b.revision;
  return a.streamId < b.streamId ? -1 : 1;
}

export function historyEntryOf(event: AuditEvent): HistoryEntry {
  const context = contextOf(event.streamId);
  return {
    occurredAt: occurredAtOf(event),
    recordedAt: event.recordedAt,
    context,
    contextLabel: CONTEXT_LABELS[context],
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    label: labelOf(event),
    actor: actorOf(event),
    reason: reasonOf(event),
    evidenceRefs: evidenceRefsOf(event),
    policyVersion: policyVersionOf(event),
    consentRefs: consentRefsOf(event),
    ...(event.position !== undefined ? { position: event.position } : {}),
  };
}

/** The case's history, in record order, filtered by type, business time and actor. */
export function caseHistory(events: readonly AuditEvent[], filters: HistoryFilters = {}): HistoryEntry[] {
  const from = filters.from ? parseMoment(filters.from, 'start') : null;
  const to = filters.to ? parseMoment(filters.to, 'end') : null;
  const types = filters.types && filters.types.length > 0 ? new Set(filters.types) : null;
  return [...events]
    .sort(recordOrder)
    .filter((e) => {
      if (types && !types.has(e.type)) return false;
      if (filters.actorId && actorOf(e).id !== filters.actorId) return false;
      const at = Date.parse(occurredAtOf(e));
      if (from !== null && at < from) return false;
      if (to !== null && at > to) return false;
      return true;
    })
    .map(historyEntryOf);
}
