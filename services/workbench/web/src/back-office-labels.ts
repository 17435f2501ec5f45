/**
 * Chinese texts of the back-office pages (发放, 审计, 核对): the codes the disbursement, audit and
 * verification services speak. The general labels (roles, programmes, event types) are in labels.ts.
 */
export const PAYMENT_RUN_STATUS: Record<string, string> = {
  ISSUING: '生成中',
  FILE_WRITTEN: '银行文件已生成',
  // The bank confirmation and the completion are two commands of one request (POST …/bank-confirmation);
  // a run left between them (the service stopped) shows this until the disbursement service completes it.
  CONFIRMED: '银行已确认,待完成',
  COMPLETED: '已完成(银行已回盘)',
};

export const PAYMENT_KIND: Record<string, string> = { REGULAR: '按月发放', ARREARS: '补发', REISSUE: '重新发放', EMERGENCY_ADVANCE: '先行救助' };

export const PAYMENT_STATUS: Record<string, string> = {
  ISSUED: '已发出',
  PAID: '已到账',
  RETURNED: '银行退回',
  REISSUED: '已重新发放',
};

export const RETURN_REASON: Record<string, string> = {
  ACCOUNT_CLOSED: '账户已销户',
  ACCOUNT_FROZEN: '账户冻结',
  ACCOUNT_NOT_FOUND: '账户不存在',
  NAME_MISMATCH: '户名不符',
  RECIPIENT_DECEASED: '收款人已故',
  OTHER: '其他',
};

export const CONTEXT: Record<string, string> = {
  intake: '受理',
  verification: '核对',
  eligibility: '审核确认',
  disbursement: '发放',
  'follow-up': '动态管理',
  followUp: '动态管理',
  policy: '政策',
  unknown: '其他',
};

/** Event types the audit history shows beyond labels.ts (disbursement's and verification's own). */
export const MORE_EVENT_TYPES: Record<string, string> = {
  PaymentIssued: '已发放(列入银行文件)',
  PaymentBatchProcessed: '发放批次已处理',
  PaymentBatchIssued: '发放批次已发放(列入银行文件)',
  BankConfirmationRecorded: '银行回盘已导入',
  PaymentRunCompleted: '发放批次已完成',
  BankAccountChangeRequested: '申请变更收款账户',
  BankAccountCorrected: '收款账户已变更(双人审批)',
  EntitlementAmountChanged: '待遇金额已调整',
  EntitlementTapered: '渐退',
  EntitlementSuspended: '暂停发放',
  EntitlementTerminated: '停止发放',
  EntitlementResumed: '恢复发放',
  EntitlementRecoveryCapChanged: '追回月上限按新政策调整',
  ArrearsDetermined: '应补发',
  OverpaymentRecorded: '应追回',
  RepaymentPlanRecorded: '退款计划',
  OverpaymentRepaid: '多发退款',
  VerificationOpened: '核对开始',
  VerificationReportCompleted: '核对报告',
  VerificationFactsReceived: '收到核对报告',
  ManualVerificationTaskOpened: '生成信函索证任务',
  ManualVerificationTaskCompleted: '信函索证已完成',
  VerificationObjectionFiled: '核对异议',
  VerificationObjectionResolved: '核对异议处理',
  DecisionDeadlineExtended: '延长办理期限',
  DueDatesDated: '期限补定（节假日安排发布后）',
  RedeterminationRequested: '变更重新核定',
  PolicyVersionPublished: '政策版本发布',
  FollowUpCaseOpened: '动态管理建档',
  VerificationRoundStarted: '核对轮次开始',
  MemberNotQueried: '成员未查询',
  SourceQueryAnswered: '数据源已答复',
  SourceQuerySubmitted: '查询已提交平台',
  SourceQueryFailed: '数据源查询失败',
  SourceQueryTimedOut: '数据源查询超时',
  VerificationRoundCompleted: '核对轮次完成',
  SourceResultReceived: '平台返回查询结果',
};

/** Reason codes the services record in Chinese (the audit timeline's 理由 column). */
export const REASON_CODE: Record<string, string> = {
  NO_CONSENT: '未签署核对授权(未成年人等)',
  CONSENT_EXPIRED: '核对授权已过期',
  SOURCE_NOT_IN_CONSENT_SCOPE: '该数据源不在授权范围内',
  NO_RESIDENT_ID: '无居民身份证号',
  NOT_IN_HOUSEHOLD: '不属于共同生活家庭成员',
};

/** Event types that are decisions (an explanation can be asked for). */
export const DECISION_TYPES = new Set(['CaseApproved', 'CaseRefused', 'BenefitChangeDecided', 'RedeterminationClosed', 'EmergencyAdvanceApproved']);

export const SOURCE: Record<string, string> = {
  HOUSEHOLD_REGISTRATION: '户籍',
  TAX: '税务',
  SOCIAL_INSURANCE: '社保',
  REAL_ESTATE: '不动产',
  BUSINESS_REGISTRATION: '工商',
  HOUSING_FUND: '公积金',
  VEHICLES: '车辆',
  BANK_DEPOSITS: '银行存款',
  INSURANCE: '商业保险',
  SECURITIES: '证券',
  MEDICAL_EXPENSES: '医疗支出',
  AUXILIARY: '辅助信息',
};

export const QUERY_STATUS: Record<string, string> = {
  PENDING: '待查询',
  SUBMITTED: '已提交平台',
  PARTIAL: '部分答复',
  ANSWERED: '已答复',
  MANUAL: '待人工核实(信函索证)',
  COMPLETED_MANUALLY: '已人工核实',
  CANCELLED: '已取消',
};

export const TASK_STATUS: Record<string, string> = { OPEN: '待办理', COMPLETED: '已完成', CANCELLED: '已取消' };

export const PURPOSE: Record<string, string> = { INITIAL: '首次核对', RECERTIFICATION: '复核', OBJECTION: '异议复核' };

export const ITEM_CATEGORY: Record<string, string> = { INCOME: '收入', ASSET: '财产', STATUS: '状态', EXPENDITURE: '支出' };

/** A run's status in Chinese and the Element Plus tag type that goes with it. */
export function runStatusTag(status: string): 'success' | 'warning' | 'info' {
  return status === 'COMPLETED' ? 'success' : status === 'ISSUING' ? 'warning' : 'info';
}

/** Item kinds of a verification report that are not income types: asset kinds and status codes. */
export const ITEM_KIND: Record<string, string> = {
  BANK_DEPOSIT: '银行存款',
  CASH: '现金',
  SECURITIES: '有价证券',
  INSURANCE: '商业保险现金价值',
  HOUSING_FUND: '住房公积金',
  CLAIM: '债权',
  REAL_ESTATE: '房产',
  VEHICLE: '机动车',
  BUSINESS_EQUITY: '经营性资产',
  REGISTERED_RESIDENT: '户籍登记',
  BUSINESS_REGISTERED: '工商登记',
  MEDICAL_OUT_OF_POCKET: '医疗自付支出',
  OTHER: '其他',
};

/** This month's status of an entitlement (disbursement's amountForPeriod). */
export const ENTITLEMENT_STATUS: Record<string, string> = {
  PAYABLE: '正常发放',
  NOT_STARTED: '未到起始月',
  SUSPENDED: '暂停发放',
  TERMINATED: '已停发',
  ENDED: '已期满',
  NOT_REGISTERED: '未登记',
};
export function entitlementStatusTag(status: string): 'success' | 'warning' | 'info' | 'danger' {
  return status === 'PAYABLE' ? 'success' : status === 'SUSPENDED' ? 'warning' : status === 'TERMINATED' ? 'danger' : 'info';
}

/** 先行救助 as the disbursement service lists it. */
export const ADVANCE_STATUS: Record<string, string> = { APPROVED: '已批准待支付', PAID: '已支付待补办手续', CALENDAR_MISSING: '补办期限待定(缺少日历)', OVERDUE: '补办手续已逾期', COMPLETED: '手续已补齐' };
export function advanceStatusTag(status: string): 'success' | 'warning' | 'info' | 'danger' {
  return status === 'COMPLETED' ? 'success' : status === 'OVERDUE' ? 'danger' : status === 'APPROVED' || status === 'CALENDAR_MISSING' ? 'warning' : 'info';
}
