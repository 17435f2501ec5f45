/**
 * 动态管理 (follow-up) in the web app: the Chinese texts of the follow-up service's codes, the request
 * bodies of its forms, and a problem+json's field errors keyed by the form's field. The service
 * decides everything; nothing here computes a due date or a status.
 */
import { zhMessage, problemText } from './labels';

export const DUE: Record<string, string> = { NOT_DUE: '未到期', DUE_SOON: '即将到期', DUE: '本月到期', OVERDUE: '已逾期' };
export const FOLLOW_UP_STATUS: Record<string, string> = { NONE: '未纳入', ACTIVE: '享受中', TAPERING: '渐退中', SUSPENDED: '暂停', CLOSED: '已退出' };
export const REVIEW_CLASS: Record<string, string> = { STABLE: 'A类(稳定)', UNSTABLE: 'B类(不稳定)', INTENSIVE: 'C类(重点)' };
export const REVIEW_TYPE: Record<string, string> = { PERIODIC: '定期核查', TRIGGERED: '专项核查', AD_HOC: '专项核查' };
export const TRIGGER: Record<string, string> = {
  CHANGE_REPORT: '家庭情况变化报告',
  COMPLAINT: '举报投诉',
  DATA_ALERT: '数据预警',
  PAYMENT_RETURNED: '银行退回',
  OTHER: '其他',
};
export const FINDING: Record<string, string> = { NO_MATERIAL_CHANGE: '家庭情况无明显变化', CHANGE_FOUND: '家庭情况发生变化', HOUSEHOLD_UNREACHABLE: '无法联系到家庭' };
export const RECOMMENDATION: Record<string, string> = {
  NO_CHANGE: '维持原待遇',
  INCREASE: '提高救助金',
  DECREASE: '降低救助金',
  TAPER: '渐退',
  SUSPENSION: '暂停发放',
  TERMINATION: '退出(终止救助)',
};
export const CHANGE_KIND: Record<string, string> = {
  INCOME: '收入变化',
  ASSETS: '财产变化',
  MEMBER_JOINED: '家庭成员增加',
  MEMBER_LEFT: '家庭成员迁出',
  MEMBER_DECEASED: '家庭成员死亡',
  HEALTH: '健康状况',
  DISABILITY: '残疾状况',
  EMPLOYMENT: '就业状况',
  ADDRESS: '住址变化',
  OTHER: '其他',
};
export const CHANGE_SOURCE: Record<string, string> = { HOUSEHOLD: '家庭主动报告', DATA_ALERT: '数据比对预警' };
export const VULNERABILITY: Record<string, string> = { ELDERLY_LIVING_ALONE: '独居老人', SEVERE_DISABILITY: '重度残疾人', CHILD_IN_DIFFICULTY: '困境儿童' };
export const COMPLAINT_STATUS: Record<string, string> = { RECEIVED: '已受理', UNDER_INVESTIGATION: '调查中', RESOLVED: '已办结' };
export const COMPLAINT_CHANNEL: Record<string, string> = { HOTLINE: '热线电话', LETTER: '来信', ONLINE: '网上', IN_PERSON: '来访', REFERRAL: '上级转办' };
export const COMPLAINT_SUBJECT: Record<string, string> = {
  WRONGFUL_BENEFIT: '不符合条件享受救助',
  OFFICER_MISCONDUCT: '工作人员违规',
  SERVICE_QUALITY: '服务质量',
  OTHER: '其他',
};
export const COMPLAINT_OUTCOME: Record<string, string> = {
  SUBSTANTIATED: '属实',
  PARTIALLY_SUBSTANTIATED: '部分属实',
  UNSUBSTANTIATED: '不属实',
  REFERRED: '已移交',
};

export const COMPLAINT_ACTION: Record<string, string> = {
  CHANGE_REQUESTED: '要求变更待遇',
  REVERIFICATION_REQUESTED: '重新核对',
  DISCIPLINARY_REFERRAL: '移送纪检监察',
  RECOVERY_RECOMMENDED: '建议追回',
  NONE: '无需处理',
};

/**
 * Who may investigate a complaint (the service's rule): an officer from outside the community it is
 * about — not the community's own officers — within the assigning reviewer's area.
 */
export function mayInvestigate(officer: { jurisdiction: string }, community: string): boolean {
  return officer.jurisdiction.length > 0 && !officer.jurisdiction.startsWith(community) && community.startsWith(officer.jurisdiction.slice(0, 6));
}

/** The follow-up service's rule codes (`FollowUpRuleError`) in Chinese. */
export const FOLLOW_UP_RULE: Record<string, string> = {
  actions_inconsistent: '“无需处理”不能与其他处理措施同时选择',
  actions_required: '请选择处理措施(或“无需处理”)',
  allegation_required: '请填写举报内容',
  anonymous_with_identity: '匿名举报不登记举报人身份',
  case_required: '举报救助案件的,请填写案件',
  changes_missing: '请写明发生的变化',
  community_code_required: '请填写所涉社区的 12 位区划代码',
  complainant_required: '实名举报须登记举报人姓名',
  complaint_not_found: '找不到该举报件',
  complaint_resolved: '该举报件已办结',
  date_in_future: '日期不能晚于今天',
  findings_required: '请填写调查结果',
  follow_up_closed: '该案件已退出救助',
  follow_up_not_found: '该案件尚未纳入动态管理',
  invalid_visit_interval: '探访间隔应为不小于 1 的整数天数',
  investigator_is_subject: '被举报的工作人员不能调查本举报件',
  member_not_covered: '该成员不在保障范围内',
  no_members_to_verify: '没有可核对的家庭成员(需成员的核对授权)',
  no_vulnerability: '请至少选择一个探访对象类别',
  no_welfare_plan: '该案件尚未制定探访计划',
  not_assigned: '请先指派调查人员',
  not_the_investigator: '只有被指派的调查人员可以登记办理结果',
  officer_required: '举报工作人员的,请填写被举报人',
  proposal_without_change: '调整救助金须有家庭情况变化',
  reverification_outstanding: '本次核查的家庭经济状况核对尚未完成',
  review_not_open: '没有进行中的该项核查',
  verification_outstanding: '核对报告尚未返回,请稍后办结',
  visit_before_review: '入户日期不能早于核查开启日期',
  visit_needs_two_officers: '入户核查须由两名工作人员进行',
  visit_note_missing: '请填写核查情况',
  written_reasons_required: '提出变更或退出的,须写明告知家庭的理由',
};

/** Lines of a textarea, trimmed, empty lines dropped (reasons, concerns). */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export interface ConclusionForm {
  finding: string;
  recommendation: string;
  reasons: string;
  summary: string;
  changeKind: string;
  changeDescription: string;
}

/** `POST /follow-up/cases/:caseId/reviews/:reviewId/conclusion`: a change found is sent with its description. */
export function conclusionBody(f: ConclusionForm): Record<string, unknown> {
  const changes = f.changeKind && f.changeDescription.trim() ? [{ kind: f.changeKind, description: f.changeDescription.trim() }] : [];
  return { finding: f.finding, recommendation: f.recommendation, reasons: lines(f.reasons), summary: f.summary.trim(), changes };
}

export interface ChangeReportForm {
  source: string;
  kind: string;
  description: string;
  changedOn: string;
}

/** `POST /follow-up/cases/:caseId/change-reports`. */
export function changeReportBody(f: ChangeReportForm): Record<string, unknown> {
  return {
    source: f.source,
    changes: [{ kind: f.kind, description: f.description.trim() }],
    ...(f.changedOn ? { changedOn: f.changedOn } : {}),
  };
}

export interface ComplaintForm {
  about: 'CASE' | 'OFFICER';
  caseId: string;
  officerId: string;
  community: string;
  channel: string;
  subject: string;
  anonymous: boolean;
  complainantName: string;
  complainantPhone: string;
  allegation: string;
  receivedOn: string;
}

/**
 * `POST /follow-up/complaints`. The complainant's name and phone are sent (the service keeps them from
 * the community's officers) — the web app never shows them back.
 */
export function complaintBody(f: ComplaintForm): Record<string, unknown> {
  return {
    about: f.about,
    ...(f.about === 'CASE' && f.caseId.trim() ? { caseId: f.caseId.trim().toLowerCase() } : {}),
    ...(f.about === 'OFFICER' && f.officerId.trim() ? { officerId: f.officerId.trim() } : {}),
    community: f.community.trim(),
    channel: f.channel,
    subject: f.subject,
    anonymous: f.anonymous,
    ...(!f.anonymous ? { complainant: { name: f.complainantName.trim(), ...(f.complainantPhone.trim() ? { phone: f.complainantPhone.trim() } : {}) } } : {}),
    allegation: f.allegation.trim(),
    receivedOn: f.receivedOn,
  };
}

/**
 * A complaint as the web app shows it: every field of the service's view except the complainant's
 * identity, which no page displays (the investigator contacts the complainant through the channel).
 */
export function complaintForDisplay<T extends Record<string, unknown>>(view: T): Omit<T, 'complainant'> {
  const { complainant: _hidden, ...rest } = view;
  return rest;
}

/** What `ApiError` (api.ts) carries: a problem+json answer (kept structural so this module needs no DOM). */
export interface ProblemLike {
  status: number;
  title: string;
  detail: string;
  errors: { field: string; message: string }[];
  problem: Record<string, unknown>;
}

export function isProblem(e: unknown): e is ProblemLike {
  return typeof e === 'object' && e !== null && typeof (e as ProblemLike).status === 'number' && Array.isArray((e as ProblemLike).errors) && typeof (e as ProblemLike).problem === 'object';
}

/**
 * The field errors of a problem keyed by the form's field names: the service's path (`changes[0].description`,
 * `complainant.name`) → the form field it belongs to, in Chinese; everything else as one message.
 */
export function formErrors(e: unknown, fieldOf: (path: string) => string | undefined): { fields: Record<string, string>; message: string } {
  if (!isProblem(e)) return { fields: {}, message: String(e) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const rule = FOLLOW_UP_RULE[String(e.problem.code ?? '')];
  if (rule && !e.errors.length) return { fields, message: rule };
  for (const fe of e.errors) {
    const f = fieldOf(fe.field);
    const text = rule ?? zhMessage(fe.message);
    if (f) fields[f] = fields[f] ? `${fields[f]};${text}` : text;
    else rest.push(text);
  }
  const message = Object.keys(fields).length && !rest.length ? '请按提示修改标红的字段' : e.errors.length ? rest.join(';') || '请按提示修改标红的字段' : problemText(e);
  return { fields, message };
}

/** The form field of a service path: `changes[0].description` → `description`, `complainant.name` → `complainantName`. */
export function lastSegment(path: string): string {
  const parts = path.replace(/\[\d+\]/g, '').split('.');
  if (parts[0] === 'complainant' && parts[1]) return `complainant${parts[1][0]!.toUpperCase()}${parts[1].slice(1)}`;
  return parts[parts.length - 1]!;
}

/** The answer of every follow-up list (`?page=&pageSize=`, paged on the server). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
