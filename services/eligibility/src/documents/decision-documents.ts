/**
 * Eligibility's printable documents, built only from a review case's events (no read model, no
 * clock): 审批决定书 (approval or refusal), 变更/停发通知书 and the household's line on the community's
 * 公示名单. The same events always give the same document, so the same PDF bytes and digest.
 */
import type { BenefitChangeReasonCode, RefusalReasonCode } from '@sa/contracts';
import {
  approvalDecision,
  benefitChangeNotice,
  type NoticeDocument,
  type PublicNoticeEntry,
  refusalDecision,
  type ResultsNoticeEntry,
} from '@sa/documents';
import {
  chineseDate,
  countedMembers,
  currentNotice,
  currentOpinion,
  evolveReviewCase,
  initialReviewCaseState,
  notFoundError,
  PROGRAM_LABELS,
  ruleError,
  type CaseApproved,
  type CaseRefused,
  type BenefitChangeDecided,
  type PublicNotice,
  type ReviewCaseEvent,
  type ReviewCaseState,
  type WrittenReason,
} from '../domain';

/** Each refusal reason in plain Chinese (the officer's or the rules' description follows it). */
export const REFUSAL_REASON_LABELS: Record<RefusalReasonCode, string> = {
  INCOME_ABOVE_STANDARD: '家庭人均收入高于当地最低生活保障标准',
  FINANCIAL_ASSETS_ABOVE_LIMIT: '家庭人均金融资产超过规定限额',
  VEHICLE_ABOVE_LIMIT: '家庭拥有的机动车辆超过规定条件',
  BUSINESS_ABOVE_LIMIT: '家庭经营性收入或资产超过规定条件',
  HOUSING_ABOVE_LIMIT: '家庭拥有的房产超过规定条件',
  HAS_ABLE_SUPPORTER: '有具备赡养、抚养、扶养能力的义务人',
  HAS_WORK_ABILITY: '申请人具有劳动能力，不符合认定条件',
  NOT_REGISTERED_RESIDENT: '户籍不在本辖区',
  FALSE_DECLARATION: '隐瞒或虚报家庭收入、财产状况',
  VERIFICATION_CONSENT_REFUSED: '未授权开展家庭经济状况核对',
  OTHER: '其他原因',
};

export const CHANGE_REASON_LABELS: Record<BenefitChangeReasonCode, string> = {
  INCOME_INCREASED: '家庭收入增加',
  INCOME_DECREASED: '家庭收入减少',
  HOUSEHOLD_SIZE_CHANGED: '家庭人口发生变化',
  MEMBER_DECEASED: '家庭成员死亡',
  ASSETS_ABOVE_LIMIT: '家庭财产超过规定限额',
  STANDARD_ADJUSTED: '保障标准调整',
  SUPPLEMENT_CHANGED: '分类施保情况变化',
  REFUSED_SUITABLE_WORK: '无正当理由拒绝接受适当工作',
  FALSE_DECLARATION: '隐瞒或虚报家庭收入、财产状况',
  HOUSEHOLD_UNREACHABLE: '经多次联系无法取得联系',
  MOVED_AWAY: '户籍迁出本辖区',
  IMPRISONED: '家庭成员服刑',
  REGAINED_WORK_ABILITY: '恢复劳动能力',
  SUPPORTER_ABLE: '义务人具备赡养、抚养、扶养能力',
  AGED_OUT: '年龄条件发生变化',
  CIRCUMSTANCES_RESTORED: '困难情形已消除',
  HOUSEHOLD_REQUEST: '本人（户）申请',
  OTHER: '其他原因',
};

/** `2026-04` → `2026年4月`. */
export const chineseMonth = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

const yuanText = (fen: number): string => `${(fen / 100).toFixed(2)}元`;

/** A reason's label, then the written description when it says more than the label. */
function reasonText(label: string, description: string): string {
  const d = description.trim();
  return d === '' || d === label ? label : `${label}：${d}`;
}

export const refusalReasonText = (r: WrittenReason): string => reasonText(REFUSAL_REASON_LABELS[r.code] ?? REFUSAL_REASON_LABELS.OTHER, r.description);

/** The office that issues the decision: the county civil-affairs bureau, or the street office by delegation. */
export function decisionIssuer(jurisdiction: string, authority: 'COUNTY' | 'STREET_DELEGATED' | 'COUNTY_CHANGE'): string {
  return authority === 'STREET_DELEGATED' ? `乡镇人民政府（街道办事处）（区划${jurisdiction.slice(0, 9)}）` : `县（市、区）民政局（区划${jurisdiction.slice(0, 6)}）`;
}

/**
 * Where the household may seek a remedy: 行政复议 with the county people's government (since the 2023
 * revision of the Administrative Reconsideration Law it handles applications against its departments
 * and the street offices), 行政诉讼 at the competent people's court.
 */
export const decisionRemedies = (jurisdiction: string) => ({
  reconsiderationBody: `县（市、区）人民政府（区划${jurisdiction.slice(0, 6)}）`,
  court: '有管辖权的人民法院',
});

export function foldReviewCase(events: ReviewCaseEvent[]): ReviewCaseState {
  return events.reduce(evolveReviewCase, initialReviewCaseState);
}

function applicantName(state: ReviewCaseState): string {
  const h = state.household;
  return h?.members.find((m) => m.memberId === h.applicantMemberId)?.name ?? '';
}

/** 审批决定书 of the case's (latest) decision: approval with amount, programme, start month and members covered; refusal with each reason and the remedies. */
export function decisionLetter(events: ReviewCaseEvent[]): NoticeDocument {
  const decision = [...events].reverse().find((e): e is CaseApproved | CaseRefused => e.type === 'CaseApproved' || e.type === 'CaseRefused');
  if (!decision) throw ruleError('case_not_decided', 'The case has not been decided: there is no 审批决定书', 'caseId');
  // The household as it stood at the decision (later redeterminations change it).
  const state = foldReviewCase(events.slice(0, events.indexOf(decision) + 1));
  const d = decision.data;
  const common = {
    caseNumber: d.caseNumber,
    applicantName: applicantName(state),
    programLabel: PROGRAM_LABELS[d.program],
    issuer: decisionIssuer(d.jurisdiction, d.decisionAuthority),
    issuedOn: d.decidedOn,
  };
  if (decision.type === 'CaseApproved') {
    const a = decision.data;
    return approvalDecision({
      ...common,
      monthlyAmountFen: a.assessment.monthlyAmountFen,
      startMonth: chineseMonth(a.startMonth),
      householdSize: countedMembers(state.household?.members ?? []).length,
      membersCovered: a.membersCovered.map((m) => m.name),
      oneOff: a.program === 'TEMPORARY_ASSISTANCE',
    });
  }
  const r = decision.data;
  return refusalDecision({ ...common, reasons: r.reasons.map(refusalReasonText), ...decisionRemedies(r.jurisdiction) });
}

/**
 * The personal fields the 审批决定书 of `decisionLetter(events)` shows unmasked (for the read log): the applicant's name;
 * an approval the names of the members covered; a refusal its written reasons (the officer's descriptions, sealed in
 * the events as `reasons`). A field the case no longer holds (shredded: `已销毁`, or empty) is not shown.
 */
export function decisionLetterFields(events: ReviewCaseEvent[]): string[] {
  const doc = decisionLetterInput(events);
  return [
    ...(shows(doc.applicantName) ? ['applicantName'] : []),
    ...(doc.membersCovered.some(shows) ? ['membersCovered[]'] : []),
    ...(doc.reasonDescriptions.some(shows) ? ['reasons[]'] : []),
  ];
}

/** The personal fields a 变更通知书 / 停发通知书 shows: the applicant's name; the written reason's description when there is one. */
export function benefitChangeLetterFields(events: ReviewCaseEvent[], decisionId: string): string[] {
  const change = events.find((e): e is BenefitChangeDecided => e.type === 'BenefitChangeDecided' && e.data.decisionId === decisionId);
  if (!change) return [];
  const state = foldReviewCase(events.slice(0, events.indexOf(change) + 1));
  return [...(shows(applicantName(state)) ? ['applicantName'] : []), ...(shows(change.data.reason.description) ? ['reason.description'] : [])];
}

const shows = (v: string | undefined): boolean => typeof v === 'string' && v.trim() !== '' && v !== SHREDDED_TEXT;
/** What a field of a shredded case reads as (`@sa/crypto` SHREDDED). */
const SHREDDED_TEXT = '已销毁';

function decisionLetterInput(events: ReviewCaseEvent[]): { applicantName: string; membersCovered: string[]; reasonDescriptions: string[] } {
  const decision = [...events].reverse().find((e): e is CaseApproved | CaseRefused => e.type === 'CaseApproved' || e.type === 'CaseRefused');
  if (!decision) return { applicantName: '', membersCovered: [], reasonDescriptions: [] };
  const state = foldReviewCase(events.slice(0, events.indexOf(decision) + 1));
  if (decision.type === 'CaseApproved') return { applicantName: applicantName(state), membersCovered: decision.data.membersCovered.map((m) => m.name), reasonDescriptions: [] };
  const reasons = Array.isArray(decision.data.reasons) ? decision.data.reasons : [];
  return { applicantName: applicantName(state), membersCovered: [], reasonDescriptions: reasons.map((r) => r.description) };
}

/** 变更通知书 / 停发通知书 of one benefit-change decision (`decisionId`): old and new amount, reason, effective month, remedies. */
export function benefitChangeLetter(events: ReviewCaseEvent[], decisionId: string): NoticeDocument {
  const change = events.find((e): e is BenefitChangeDecided => e.type === 'BenefitChangeDecided' && e.data.decisionId === decisionId);
  if (!change) throw notFoundError('benefit_change_not_found', `The case has no benefit-change decision ${decisionId}`);
  const state = foldReviewCase(events.slice(0, events.indexOf(change) + 1));
  const d = change.data;
  const code = d.reason.code;
  const stop = d.changeType === 'SUSPENSION' || d.changeType === 'TERMINATION';
  return benefitChangeNotice({
    caseNumber: d.caseNumber,
    applicantName: applicantName(state),
    programLabel: PROGRAM_LABELS[d.program],
    change: d.changeType,
    previousAmountFen: d.previousMonthlyAmountFen,
    ...(stop ? {} : { newAmountFen: d.monthlyAmountFen ?? d.taperSchedule?.[0]?.amountFen ?? d.previousMonthlyAmountFen }),
    effectiveMonth: chineseMonth(d.effectiveMonth),
    reasons: [reasonText(CHANGE_REASON_LABELS[code] ?? CHANGE_REASON_LABELS.OTHER, d.reason.description)],
    ...(d.taperSchedule && d.taperSchedule.length > 0 ? { taper: d.taperSchedule.map((t) => ({ month: chineseMonth(t.month), amountFen: t.amountFen })) } : {}),
    ...decisionRemedies(d.jurisdiction),
    issuer: decisionIssuer(d.jurisdiction, 'COUNTY_CHANGE'),
    issuedOn: d.decidedOn,
  });
}

/**
 * The household's line on the 公示名单 on day `on`: only while its current notice runs (posted ≤ on ≤
 * last day). Only what the notice rules allow: the applicant's name (masked by the list), household
 * size, programme, findings and proposed result — never an ID, account, phone or health detail.
 */
export function publicNoticeEntry(events: ReviewCaseEvent[], on: string): (PublicNoticeEntry & { notice: PublicNotice; caseId: string }) | null {
  const state = foldReviewCase(events);
  const notice = currentNotice(state);
  const opinion = currentOpinion(state);
  if (!notice || !opinion || !state.program || !state.caseNumber || !state.caseId) return null;
  if (notice.postedOn > on || notice.lastDay < on) return null;
  if (state.status !== 'IN_NOTICE' && state.status !== 'SUBMITTED') return null;
  const label = PROGRAM_LABELS[state.program];
  const a = opinion.assessment;
  let proposedResult: string;
  if (opinion.proposal === 'REFUSE' || !a) proposedResult = `不予${state.program === 'LOW_INCOME_MARGINAL' ? '认定' : '纳入'}`;
  else if (state.program === 'TEMPORARY_ASSISTANCE') proposedResult = `给予临时救助，救助金额${yuanText(a.monthlyAmountFen)}`;
  else if (state.program === 'LOW_INCOME_MARGINAL') proposedResult = '认定为低保边缘家庭';
  else proposedResult = `纳入，保障人数${a.coveredMemberIds.length}人，月保障金额${yuanText(a.monthlyAmountFen)}`;
  return {
    caseId: state.caseId,
    notice,
    caseNumber: state.caseNumber,
    applicantName: applicantName(state),
    householdSize: countedMembers(state.household?.members ?? []).length,
    programLabel: label,
    findings: '经入户调查和家庭经济状况核对',
    proposedResult,
    period: `${chineseDate(notice.postedOn)}至${chineseDate(notice.lastDay)}`,
  };
}

const HARDSHIP_LABELS: Record<'EMERGENCY' | 'EXPENDITURE', string> = { EMERGENCY: '急难型临时救助', EXPENDITURE: '支出型临时救助' };

/**
 * The household's line on the 一事一议 结果公示: the case's approval decided collectively (一事一议)
 * with a decision date in [from, to], unless a later decision (an appeal's, a change) replaced it.
 * Only what the notice rules allow: name (masked by the list), household size at the decision, the
 * kind of hardship, the amount decided and the date — never the meeting's reason (it names illnesses),
 * an ID, account or phone.
 */
export function collectiveResultEntry(events: ReviewCaseEvent[], from: string, to: string): (ResultsNoticeEntry & { caseId: string }) | null {
  const last = [...events].reverse().find((e): e is CaseApproved | CaseRefused => e.type === 'CaseApproved' || e.type === 'CaseRefused');
  if (!last || last.type !== 'CaseApproved' || !last.data.collectiveDecision || last.data.program !== 'TEMPORARY_ASSISTANCE') return null;
  const d = last.data;
  if (d.decidedOn < from || d.decidedOn > to) return null;
  const state = foldReviewCase(events.slice(0, events.indexOf(last) + 1));
  if (!state.caseId) return null;
  const type = state.temporaryAssistance?.type;
  return {
    caseId: state.caseId,
    caseNumber: d.caseNumber,
    applicantName: applicantName(state),
    householdSize: countedMembers(state.household?.members ?? []).length,
    hardshipLabel: type ? HARDSHIP_LABELS[type] : PROGRAM_LABELS.TEMPORARY_ASSISTANCE,
    amountFen: d.assessment.monthlyAmountFen,
    decidedOn: d.decidedOn,
  };
}
