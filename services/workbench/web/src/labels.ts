/** Chinese labels (GLOSSARY.md) for the codes the services speak. */
export const ROLE: Record<string, string> = {
  community_officer: '社区专干',
  street_officer: '街道经办人',
  street_reviewer: '街道审核人',
  county_approver: '区县审批人',
  disbursement_officer: '发放经办人',
  policy_admin: '政策管理员',
  auditor: '审计',
};

export const PROGRAM: Record<string, string> = {
  MINIMUM_LIVING_ALLOWANCE: '最低生活保障(低保)',
  EXTREME_POVERTY_SUPPORT: '特困人员救助供养',
  LOW_INCOME_MARGINAL: '低保边缘家庭',
  TEMPORARY_ASSISTANCE: '临时救助',
};

export const APPLICATION_STATUS: Record<string, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交待受理',
  AWAITING_MATERIALS: '待补齐材料(已一次性告知)',
  MATERIALS_SUPPLIED: '材料已补齐待受理',
  ACCEPTED: '已受理',
  REJECTED: '不予受理',
  REJECTED_AT_INTAKE: '不予受理',
  WITHDRAWN: '已撤回',
  CLOSED: '已办结',
};

export const REVIEW_STATUS: Record<string, string> = {
  INVESTIGATING: '调查核实中',
  OPINION_ISSUED: '已出具初审意见',
  IN_NOTICE: '公示中',
  SUBMITTED: '已报审核确认',
  APPROVED: '已批准',
  REFUSED: '不予批准',
  WITHDRAWN: '已撤回',
};

export const RUN_STATUS: Record<string, string> = {
  STARTED: '已启动',
  RUNNING: '生成中',
  FILE_WRITTEN: '银行文件已生成',
  COMPLETED: '已完成(银行已回盘)',
  FAILED: '失败',
};

export const RELATION: Record<string, string> = {
  APPLICANT: '申请人',
  SPOUSE: '配偶',
  CHILD: '子女',
  PARENT: '父母',
  SIBLING: '兄弟姐妹',
  GRANDPARENT: '祖父母/外祖父母',
  GRANDCHILD: '孙子女/外孙子女',
  OTHER: '其他',
};

export const WORK_ABILITY: Record<string, string> = { FULL: '有劳动能力', PARTIAL: '部分丧失劳动能力', NONE: '无劳动能力' };

export const EMPLOYMENT: Record<string, string> = {
  EMPLOYED: '在职',
  FLEXIBLE_EMPLOYMENT: '灵活就业',
  UNEMPLOYED: '失业',
  RETIRED: '退休',
  STUDENT: '在校学生',
  PRESCHOOL: '学龄前',
  NOT_WORKING: '未就业',
};

export const INCOME_TYPE: Record<string, string> = {
  WAGES: '工资性收入',
  BUSINESS: '经营净收入',
  PROPERTY: '财产净收入',
  TRANSFER: '转移净收入',
  PENSION: '养老金',
  OTHER: '其他收入',
};

/** Event types of every context, in Chinese (timeline and audit history). */
export const EVENT_TYPE: Record<string, string> = {
  ApplicationDrafted: '申请草稿已登记',
  ApplicationDraftRevised: '申请草稿已修改',
  ApplicationSubmitted: '申请已提交',
  ConflictOfInterestFlagged: '标记利益冲突(近亲属)',
  MaterialsRequested: '一次性告知(补齐材料)',
  MaterialsSupplied: '材料已补齐',
  ApplicationAccepted: '已受理',
  ApplicationRejectedAtIntake: '不予受理',
  ApplicationWithdrawn: '申请已撤回',
  VerificationRequested: '发起家庭经济状况核对',
  VerificationStarted: '核对已开始',
  SourceQueryRequested: '向数据源发起查询',
  SourceQueryAnswered: '数据源已答复',
  SourceQueryFailed: '数据源查询失败',
  ManualTaskOpened: '生成信函索证任务',
  ManualTaskCompleted: '信函索证已完成',
  HouseholdVerified: '核对报告已出具',
  VerificationObjectionRaised: '对核对报告提出异议',
  ReviewCaseOpened: '审核案件已建立',
  VerificationReportReceived: '收到核对报告',
  HomeVisitRecorded: '入户调查已记录',
  NeighbourhoodInquiryRecorded: '邻里访问已记录',
  EvidenceLetterRecorded: '信函索证已记录',
  InitialOpinionIssued: '初审意见已出具',
  PublicNoticePosted: '公示已张贴',
  ObjectionFiled: '收到公示异议',
  ObjectionResolved: '异议已处理',
  CaseSubmittedForDecision: '已报区县审核确认',
  DeadlineExtended: '办理期限已延长',
  CaseApproved: '审核确认:批准',
  CaseRefused: '审核确认:不予批准',
  CaseDecided: '审核确认决定',
  BenefitChangeProposed: '提出待遇变更',
  BenefitChangeDecided: '待遇变更已决定',
  EntitlementRegistered: '待遇已登记发放',
  PaymentScheduled: '已列入发放批次',
  PaymentRunStarted: '月度发放批次已启动',
  BankFileWritten: '银行文件已生成',
  PaymentConfirmed: '银行已确认发放',
  PaymentReturned: '银行退回',
  PaymentReissued: '已重新发放',
  EmergencyAdvancePaid: '先行救助已发放',
  PeriodicReviewOpened: '定期核查已开始',
  PeriodicReviewConcluded: '定期核查已结束',
  ChangeReported: '收到情况变化报告',
  ComplaintReceived: '收到监督举报',
  WelfareVisitRecorded: '探访已记录',
};

export const label = (map: Record<string, string>, code: string | null | undefined): string => (code ? (map[code] ?? code) : '—');

/** Field paths of the application form, for errors shown in Chinese next to the field. */
const FIELD: [RegExp, string][] = [
  [/residentId$/, '居民身份证号'],
  [/name$/, '姓名'],
  [/relation$/, '与申请人关系'],
  [/phone$/, '联系电话'],
  [/address$/, '家庭住址'],
  [/amountFen$/, '金额'],
  [/month$/, '月份'],
  [/accountNumber$/, '银行账号'],
  [/jurisdiction$/, '所属社区'],
  [/signedOn$/, '签署日期'],
  [/program$/, '救助类别'],
];

/** The other fields the workbench's forms send, by the last segment of their path (the form's label, made general). */
const FIELD_NAMES: Record<string, string> = {
  amountYuan: '金额',
  approvers: '参加审议人员',
  authorisationDocumentRef: '授权委托书',
  bankName: '开户银行',
  base: '基础版本',
  birthDate: '出生日期',
  channel: '申请方式',
  conductedOn: '访问日期',
  consents: '材料与授权',
  contactedOn: '联系日期',
  contestedDecisionId: '被申请复议(起诉)的决定',
  depositsYuan: '家庭存款及现金',
  description: '情况描述',
  disabilityGrade: '残疾等级',
  documentDate: '文书日期',
  documentRef: '文书编号',
  educationLevel: '在读学段',
  effectiveFrom: '施行日期',
  eligible: '是否符合条件',
  evidence: '证明材料编号',
  evidenceRefs: '证明材料编号',
  filedOn: '申请(起诉)日期',
  findings: '核实情况',
  fromMonth: '起始月份',
  ground: '理由类别',
  hardships: '困难情形',
  impactId: '测算编号',
  incomeYuan: '月均收入',
  intervieweeCount: '访问人数',
  items: '核对项',
  kind: '类别',
  lateFilingReason: '耽误期限的正当理由',
  location: '张贴地点',
  meetingOn: '会议日期',
  memberId: '家庭成员',
  minutesRef: '会议纪要',
  note: '说明',
  noticeReceivedOn: '收到决定日期',
  officerName: '本人姓名',
  officers: '调查人员',
  officialRole: '本人身份',
  onDate: '测算日期',
  outcome: '结果',
  policyVersion: '政策版本',
  proposal: '意见',
  raisedOn: '提出日期',
  reason: '理由',
  reasons: '理由',
  recipient: '收款人',
  registeredResidence: '户籍所在地',
  relativeName: '近亲属姓名',
  relativeResidentId: '近亲属身份证号',
  reporterName: '上报人姓名',
  reporterPhone: '上报人电话',
  reviewNote: '审核意见',
  source: '发现途径',
  sourceRef: '工单号',
  standardYuan: '低保标准',
  status: '就业状况',
  suggestedProgram: '建议救助类别',
  summary: '情况摘要',
  supplyMode: '供养方式',
  urgency: '紧急程度',
  valueFen: '金额',
  version: '版本号',
  visitedOn: '调查日期',
  workAbility: '劳动能力',
};

/**
 * A field path (`members[1].residentId`, `noticeReceivedOn`) in Chinese, for the line above a form; a field the
 * workbench does not know is said as 「其他字段」 rather than in English (the field's own error sits next to it).
 */
export function fieldLabel(path: string): string {
  // The last segment that has a name: `approvers[0].id` is 审批人员.
  const segments = path.replace(/\[\d+\]/g, '').split('.').reverse();
  const known = FIELD.find(([re]) => re.test(path))?.[1] ?? segments.map((s) => FIELD_NAMES[s]).find(Boolean);
  if (known) return known;
  return /[a-z]/i.test(path) ? '其他字段' : path;
}

/** class-validator and domain messages are English: give the officer a Chinese sentence, keeping the original. */
export function zhMessage(message: string): string {
  const m = message.toLowerCase();
  if (m.includes('check digit') || m.includes('resident id') || m.includes('residentid')) return '居民身份证号不正确(18位,末位校验码按 GB 11643 计算)';
  if (m.includes('should not be empty') || m.includes('must not be empty') || m.includes('is required')) return '必填';
  if (m.includes('should not exist')) return '不允许的字段';
  if (m.includes('must be an integer') || m.includes('must be a number')) return '请填写数字(金额以分为单位的整数)';
  if (m.includes('date')) return '日期格式应为 YYYY-MM-DD';
  if (m.includes('phone')) return '联系电话格式不正确';
  if (m.includes('must be one of')) return '取值不在可选范围内';
  if (m.includes('must be longer') || m.includes('must be shorter')) return '长度不符合要求';
  return `输入有误:${message}`;
}

/** A problem's title/detail in Chinese where the service spoke English. */
export function zhProblem(status: number, title: string, detail: string): string {
  if (status === 0) return detail;
  if (status === 403) return `无权执行此操作(${detail || title})`;
  if (status === 404) return '找不到该记录,可能不在您的辖区内';
  // A 409 here is a rule of the case's current state; only `problemText` knows a concurrent change (by the problem's type).
  if (status === 409) return `与案件当前状态不符,未办理${detail ? `(${detail})` : ''}`;
  if (status === 400) return `请按提示修改标红的字段。${detail ? `(${detail})` : ''}`;
  if (status === 422) return `不符合办理规则:${detail || title}`;
  if (status >= 500) return '服务暂时不可用,请稍后重试;已填写的内容不会丢失。';
  return detail || title;
}

// ---- problems (problem+json) in Chinese: the one reading of a refusal every form and page shares ----

/** A problem as the api client hands it over (ApiError, or anything shaped like it). */
export interface ProblemAnswer {
  status: number;
  title: string;
  detail: string;
  problem: Record<string, unknown>;
}

/** @sa/errors' type of a concurrent change: a stale If-Match, a lost race at the append, the same request still running. */
export const CONCURRENCY_CONFLICT_TYPE = 'urn:sa:problem:concurrency-conflict';

/**
 * True only for a 409 `concurrency-conflict`: someone else changed the case, reloading it is the answer. Every other
 * 409 (a rule of the case's current state: `round_in_progress`, `resident_in_open_application`, …) is not.
 */
export function isConcurrentChange(e: ProblemAnswer | null | undefined): boolean {
  return !!e && e.status === 409 && e.problem?.type === CONCURRENCY_CONFLICT_TYPE;
}

/** The problem's code (`code`, else the last part of `urn:sa:problem:rule:<code>`); '' when it has none. */
export function problemCodeOf(e: ProblemAnswer | null | undefined): string {
  if (!e) return '';
  if (typeof e.problem?.code === 'string') return e.problem.code;
  const type = typeof e.problem?.type === 'string' ? e.problem.type : '';
  return type.startsWith('urn:sa:problem:rule:') ? type.slice('urn:sa:problem:rule:'.length) : '';
}

const caseNumbers = (p: Record<string, unknown>): string => (Array.isArray(p.otherCaseNumbers) && p.otherCaseNumbers.length ? `(${p.otherCaseNumbers.join('、')})` : '');

/** Refusals by their code, in Chinese: what the officer reads instead of the service's English. */
export const PROBLEM_CODE: Record<string, string | ((problem: Record<string, unknown>) => string)> = {
  // verification (核对): objections and 信函索证 tasks
  round_in_progress: '本轮核对尚未完成,请待核对报告出具后再办理',
  no_report_yet: '尚无核对报告,报告出具后才能提出异议',
  report_not_current: '该版核对报告已不是最新版本,请针对最新版本提出异议',
  item_not_in_report: '所选核对项不在当前核对报告中',
  objection_needs_evidence: '提出异议须附家庭提供的证明材料',
  task_already_completed: '该信函索证任务已办结',
  task_cancelled: '该信函索证任务已取消(核对平台已返回结果,或申请已撤回)',
  task_not_found: '找不到该信函索证任务',
  verification_not_found: '找不到该案件的核对记录',
  verification_belongs_to_another_case: '该核对记录属于另一案件',
  // intake (受理)
  resident_in_open_application: (p) => `家庭成员已在另一件办理中的申请中${caseNumbers(p)},不能重复申请`,
};

/** The Chinese text of a refusal's code, when the workbench knows the code; undefined otherwise. */
export function problemCodeText(e: ProblemAnswer | null | undefined): string | undefined {
  const text = PROBLEM_CODE[problemCodeOf(e)];
  return typeof text === 'function' ? text(e!.problem) : text;
}

/** Said when someone else changed the case and the page did not reload it itself. */
export const CONCURRENT_CHANGE_TEXT = '该案件已被他人修改(或同一操作正在办理),请刷新后再办理。';

/**
 * A refusal in Chinese: a concurrent change says so (and nothing else does); a known code its own message; else the
 * status's sentence (`zhProblem`). Pages that reload after a concurrent change say it with `problem-form`'s CONFLICT_TEXT.
 */
export function problemText(e: ProblemAnswer): string {
  if (isConcurrentChange(e)) return CONCURRENT_CHANGE_TEXT;
  return problemCodeText(e) ?? zhProblem(e.status, e.title, e.detail);
}

// ---- intake form (一表申请): the codes of services/intake/src/domain, in Chinese ----
export const CHANNEL: Record<string, string> = { IN_PERSON: '窗口/上门受理', ONLINE: '网上申请' };

export const FORM_RELATION: Record<string, string> = {
  APPLICANT: '申请人本人',
  SPOUSE: '配偶',
  CHILD: '子女',
  CHILD_IN_LAW: '儿媳/女婿',
  PARENT: '父母',
  PARENT_IN_LAW: '公婆/岳父母',
  GRANDPARENT: '祖父母/外祖父母',
  GRANDCHILD: '孙子女/外孙子女',
  SIBLING: '兄弟姐妹',
  OTHER: '其他',
};

export const FORM_EMPLOYMENT: Record<string, string> = {
  EMPLOYED: '在职',
  SELF_EMPLOYED: '个体经营',
  FLEXIBLE_EMPLOYMENT: '灵活就业',
  FARMING: '务农',
  UNEMPLOYED: '失业',
  STUDENT: '在校学生',
  RETIRED: '退休',
  PRESCHOOL: '学龄前',
  NOT_IN_LABOUR_FORCE: '无劳动能力/不在劳动力范围',
};

export const FORM_INCOME_TYPE: Record<string, string> = {
  WAGES: '工资性收入',
  BUSINESS: '经营净收入',
  PROPERTY: '财产净收入',
  PENSION: '离退休金',
  BASIC_RESIDENT_PENSION: '城乡居民基础养老金',
  SUPPORT_PAYMENT: '赡养/扶养/抚养费',
  UNEMPLOYMENT_BENEFIT: '失业保险金',
  SPECIAL_CARE_PENSION: '优待抚恤金',
  FAMILY_PLANNING_REWARD: '计划生育奖励扶助金',
  SCHOLARSHIP: '奖学金/助学金',
  HEROIC_ACT_AWARD: '见义勇为奖金',
  SOCIAL_ASSISTANCE: '救助金',
  AGRICULTURAL_SUBSIDY: '农业补贴',
  OTHER_TRANSFER: '其他转移性收入',
  OTHER: '其他收入',
};

export const ASSET_KIND: Record<string, string> = {
  BANK_DEPOSIT: '银行存款',
  CASH: '现金',
  SECURITIES: '有价证券',
  INSURANCE: '商业保险',
  HOUSING_FUND: '住房公积金',
  CLAIM: '债权',
  REAL_ESTATE: '房产',
  VEHICLE: '机动车辆',
  BUSINESS_EQUITY: '经营实体/股权',
  OTHER: '其他财产',
};

export const PROXY_KIND: Record<string, string> = {
  COMMUNITY_COMMITTEE: '村(居)委会代办',
  AUTHORISED_PERSON: '受委托人代办',
  OFFICER: '工作人员帮办',
  VOLUNTEER: '志愿者代办',
};

/** How the household's earlier case ended (re-application, intake's `earlierCase.outcome`). */
export const EARLIER_CASE_OUTCOME: Record<string, string> = {
  REFUSED: '审核确认不予批准',
  TERMINATED: '已终止救助',
  WITHDRAWN: '申请已撤回',
  NOT_ACCEPTED: '不予受理',
};

export const REJECTION_GROUND: Record<string, string> = {
  WRONG_JURISDICTION: '不属于本辖区受理范围',
  APPLICANT_NOT_HOUSEHOLD_MEMBER: '申请人不是共同生活家庭成员',
  OPEN_APPLICATION_EXISTS: '家庭已有在办申请',
};

export const PROPOSAL: Record<string, string> = { APPROVE: '建议批准', REFUSE: '建议不予批准' };

export const REFUSAL_REASON: Record<string, string> = {
  INCOME_ABOVE_STANDARD: '家庭人均收入高于低保标准',
  FINANCIAL_ASSETS_ABOVE_LIMIT: '金融资产超过规定',
  VEHICLE_ABOVE_LIMIT: '机动车辆不符合规定',
  BUSINESS_ABOVE_LIMIT: '经营实体不符合规定',
  HOUSING_ABOVE_LIMIT: '房产不符合规定',
  HAS_ABLE_SUPPORTER: '有具备赡养/扶养/抚养能力的义务人',
  HAS_WORK_ABILITY: '有劳动能力',
  NOT_REGISTERED_RESIDENT: '非本地户籍',
  FALSE_DECLARATION: '隐瞒或虚报收入财产',
  VERIFICATION_CONSENT_REFUSED: '拒绝授权核对',
  OTHER: '其他',
};

export const OBJECTION_METHOD: Record<string, string> = { REINVESTIGATION: '重新调查', COMMUNITY_APPRAISAL: '民主评议' };
export const OBJECTION_OUTCOME: Record<string, string> = { UPHELD: '异议成立', REJECTED: '异议不成立' };

export const EDUCATION_LEVEL: Record<string, string> = {
  PRIMARY: '小学',
  JUNIOR_SECONDARY: '初中',
  SENIOR_SECONDARY: '高中',
  VOCATIONAL: '中职/高职',
  UNDERGRADUATE: '大学本科/专科',
  POSTGRADUATE: '研究生',
};

// ---- the rule engine's explanation (services/eligibility/src/domain): codes in its steps ----
export const ASSESSMENT_OUTCOME: Record<string, string> = {
  ELIGIBLE: '符合条件',
  MARGINAL: '低保边缘家庭',
  INDIVIDUAL_COVERAGE: '单人保(单独纳入低保)',
  MARGINAL_WITH_INDIVIDUAL_COVERAGE: '低保边缘家庭,成员单人保',
  INELIGIBLE: '不符合条件',
};

/** Where a figure came from (申报 or 核对). */
export const FIGURE_ORIGIN: Record<string, string> = { DECLARED: '申报', DECLARED_CHANGE: '变更申报', VERIFIED: '核对' };

/** Reason codes of assessments and decisions. */
export const ASSESSMENT_REASON: Record<string, string> = {
  BELOW_MARGINAL_LINE: '人均收入低于低保边缘标准',
  BUSINESS_PROFIT_OVER_LIMIT: '经营利润超过规定',
  CAPPED_AT_LIMIT: '按上限救助',
  COUNTY_APPROVAL_REQUIRED: '须报区县审批',
  ELIGIBLE_FOR_MINIMUM_LIVING_ALLOWANCE: '符合低保条件,不属于低保边缘家庭',
  EXTREME_POVERTY_CONDITIONS_MET: '符合特困人员条件',
  FINANCIAL_ASSETS_OVER_LIMIT: '金融资产超过规定',
  HAS_WORK_ABILITY: '有劳动能力',
  HOME_AREA_OVER_LIMIT: '住房面积超过规定',
  HOUSEHOLD_REQUEST: '家庭申请',
  INCOME_ABOVE_STANDARD: '人均收入高于低保标准',
  INCOME_BELOW_STANDARD: '人均收入低于低保标准',
  INCOME_INCREASED: '收入增加',
  INCOME_NOT_BELOW_MARGINAL_LINE: '人均收入不低于低保边缘标准',
  INCOME_NOT_BELOW_STANDARD: '人均收入不低于低保标准',
  MEMBER_LOST_SHARE_REFUSED_WORK: '成员无正当理由拒绝就业,不享受份额',
  NO_MEMBER_COVERED: '无成员可纳入保障',
  STREET_OFFICE_APPROVES: '由街道审批',
  SUPPORTER_ABLE_TO_SUPPORT: '有具备履行义务能力的义务人',
  TOO_MANY_HOMES: '房产套数超过规定',
  VEHICLE_OVER_LIMIT: '机动车辆超过规定',
};

/** Other codes of the rule steps: categories, methods, levels, activities, registries. */
export const RULE_CODE: Record<string, string> = {
  // supplements (分类施保)
  SEVERE_ILLNESS: '重病患者',
  SEVERE_DISABILITY: '一、二级重度残疾人',
  ELDERLY: '老年人',
  MINOR: '未成年人',
  CARE_ALLOWANCE: '照料护理费',
  HIGHEST_ONLY: '只取最高一项',
  ADDITIVE: '逐项叠加',
  // benefit methods, rounding
  GAP: '补差(标准减人均收入)',
  TIERED: '分档',
  OWN_GAP: '本人收入与标准的差额',
  SHARE_OF_STANDARD: '按标准的比例',
  FIXED_AMOUNT: '固定金额',
  SHARE_OF_EARNINGS: '按劳动收入的比例',
  // 特困 supply modes, obliged-support thresholds (issue 14 item 8)
  CENTRALIZED: '集中供养',
  DISPERSED: '分散供养',
  MULTIPLE_OF_STANDARD: '按低保标准的倍数',
  MULTIPLE_OF_CONSUMPTION: '按当地居民月人均消费支出的倍数',
  ROUND_HALF_UP_TO_FEN_ONCE: '最后一次四舍五入到分',
  // review classes, approval authority
  STABLE: '稳定类(每年复核)',
  UNSTABLE: '基本稳定类(每半年复核)',
  INTENSIVE: '重点类(每季度复核)',
  STREET_OFFICE: '街道',
  COUNTY: '区县',
  EMERGENCY: '急难型',
  EXPENDITURE: '支出型',
  // 特困: self-care
  SELF_SUFFICIENT: '具备生活自理能力',
  PARTLY_DEPENDENT: '部分丧失生活自理能力',
  FULLY_DEPENDENT: '完全丧失生活自理能力',
  ABLE: '能',
  UNABLE: '不能',
  EATING: '进食',
  DRESSING: '穿衣',
  BED_TRANSFER: '上下床',
  TOILETING: '如厕',
  INDOOR_WALKING: '室内行走',
  BATHING: '洗澡',
  AGE_60_OR_OVER: '年满60周岁',
  UNDER_16: '未满16周岁',
  LISTED_SEVERE_DISABILITY: '重度残疾',
  // disability categories
  VISUAL: '视力残疾',
  HEARING: '听力残疾',
  SPEECH: '言语残疾',
  PHYSICAL: '肢体残疾',
  INTELLECTUAL: '智力残疾',
  MENTAL: '精神残疾',
  MULTIPLE: '多重残疾',
  // members not counted
  IMPRISONED: '服刑',
  COMPULSORY_DRUG_REHABILITATION: '强制隔离戒毒',
  CLERGY_LIVING_APART: '宗教教职人员分开居住',
  OBLIGED_SUPPORTER_LIVING_APART: '分开居住的法定赡养/扶养/抚养人',
  // vehicles exempt from the limit
  SOLE_LIVELIHOOD: '唯一生活来源(谋生工具)',
  DISABILITY_VEHICLE: '残疾人功能性补偿代步车',
  // work ability
  FULL: '有劳动能力',
  PARTIAL: '部分丧失劳动能力',
  NONE: '无劳动能力',
  // registries (核对数据源)
  HOUSEHOLD_REGISTRATION: '户籍',
  TAX: '税务',
  SOCIAL_INSURANCE: '社保',
  BUSINESS_REGISTRATION: '工商',
  VEHICLES: '车辆',
  BANK_DEPOSITS: '银行存款',
  MEDICAL_EXPENSES: '医疗支出',
  AUXILIARY: '辅助信息',
  OFFICER_DOCUMENT: '工作人员核实的证明材料',
};

// ---- 主动发现 (leads) and 近亲属备案 (services/intake/src/domain/lead, conflict-of-interest) ----
export const LEAD_SOURCE: Record<string, string> = { GRID_WORKER: '网格员走访', HOTLINE: '热线来电', DATA_ALERT: '数据比对预警' };
export const LEAD_STATUS: Record<string, string> = { REPORTED: '待联系', CONTACTED: '已联系', CONVERTED: '已转申请', CLOSED: '已办结' };
export const LEAD_URGENCY: Record<string, string> = { ROUTINE: '一般', URGENT: '紧急' };
export const HARDSHIP: Record<string, string> = {
  ILLNESS: '患病',
  DISABILITY: '残疾',
  ACCIDENT: '意外事故',
  DISASTER: '自然灾害',
  LOSS_OF_INCOME: '失去收入',
  ELDERLY_LIVING_ALONE: '独居老人',
  CHILD_WITHOUT_CARE: '儿童无人照料',
  HOUSING: '住房困难',
  OTHER: '其他',
};
export const LEAD_CLOSE_REASON: Record<string, string> = {
  NOT_IN_HARDSHIP: '经核实生活无困难',
  ALREADY_ASSISTED: '已在享受救助',
  DECLINED_ASSISTANCE: '本人拒绝救助',
  UNREACHABLE: '无法联系',
  MOVED_AWAY: '已迁出',
  DUPLICATE: '重复线索',
  DECEASED: '已死亡',
  OTHER: '其他',
};
export const CLOSE_RELATION: Record<string, string> = {
  SPOUSE: '配偶',
  PARENT: '父母',
  CHILD: '子女',
  SIBLING: '兄弟姐妹',
  GRANDPARENT: '祖父母、外祖父母',
  GRANDCHILD: '孙子女、外孙子女',
  PARENT_IN_LAW: '岳父母、公婆',
  CHILD_IN_LAW: '儿媳、女婿',
  OTHER_CLOSE_RELATIVE: '其他近亲属',
};
export const OFFICIAL_ROLE: Record<string, string> = {
  CASEWORKER: '救助经办人员',
  COMMUNITY_COMMITTEE_MEMBER: '村(居)委会成员',
  STREET_OFFICIAL: '乡镇(街道)工作人员',
  COUNTY_OFFICIAL: '县级民政部门工作人员',
  OTHER: '其他',
};
