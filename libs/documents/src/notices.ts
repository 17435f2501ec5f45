import { maskName } from '@sa/contracts';
import { chineseDate, type NoticeDocument } from './render';

/** Legal remedies every refusal, reduction and termination letter states (DOMAIN-RULES, second wave). */
export function remediesParagraph(reconsiderationBody: string, court: string): string {
  return (
    `如对本决定不服，可以自收到本决定书之日起六十日内向${reconsiderationBody}申请行政复议，` +
    `或者在六个月内向${court}提起行政诉讼。`
  );
}

const yuan = (fen: number): string => {
  if (!Number.isSafeInteger(fen)) throw new TypeError('amount must be integer fen');
  return `${(fen / 100).toFixed(2)}元`;
};

interface Common {
  caseNumber: string;
  applicantName: string;
  issuer: string;
  issuedOn: string;
}

export function acceptanceNotice(a: Common & { programLabel: string; acceptedOn: string }): NoticeDocument {
  return {
    kind: 'ACCEPTANCE_NOTICE',
    title: '受理通知书',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [`你（户）于${a.acceptedOn}提出的${a.programLabel}申请，材料齐全，符合受理条件，本机关决定予以受理。`, '我们将依法开展家庭经济状况调查核对，并在法定期限内作出决定。'],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}

export function refusalAtIntakeNotice(a: Common & { programLabel: string; reason: string; reconsiderationBody: string; court: string }): NoticeDocument {
  return {
    kind: 'INTAKE_REFUSAL_NOTICE',
    title: '不予受理通知书',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [`你（户）提出的${a.programLabel}申请，经审查，不予受理。理由：${a.reason}`, remediesParagraph(a.reconsiderationBody, a.court)],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}

export function approvalDecision(
  a: Common & {
    programLabel: string;
    monthlyAmountFen: number;
    startMonth: string;
    householdSize: number;
    /** Names of the members covered (保障对象); the household's own letter may name them. */
    membersCovered?: string[];
    /** Temporary assistance: a one-off amount, not a monthly one. */
    oneOff?: boolean;
  },
): NoticeDocument {
  const covered = a.membersCovered && a.membersCovered.length > 0 ? `保障对象：${a.membersCovered.join('、')}（共${a.membersCovered.length}人）。` : undefined;
  return {
    kind: 'APPROVAL_DECISION',
    title: '审批决定书',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [
      `经审核确认，你户（共${a.householdSize}人）符合${a.programLabel}条件，决定予以批准。`,
      ...(covered ? [covered] : []),
      a.oneOff ? `救助金额：${yuan(a.monthlyAmountFen)}，自${a.startMonth}起发放。` : `月保障金额：${yuan(a.monthlyAmountFen)}，自${a.startMonth}起按月发放。`,
      '家庭人口、收入、财产状况发生变化的，应当及时告知。',
    ],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}

/** 审批决定书 refusing assistance: each reason in plain Chinese, and the 行政复议 / 行政诉讼 remedies with their time limits. */
export function refusalDecision(a: Common & { programLabel: string; reasons: string[]; reconsiderationBody: string; court: string }): NoticeDocument {
  return {
    kind: 'REFUSAL_DECISION',
    title: '审批决定书（不予批准）',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [`经审核，你户申请的${a.programLabel}不符合条件，决定不予批准。理由如下：`, ...a.reasons.map((r, i) => `${i + 1}. ${r}`), remediesParagraph(a.reconsiderationBody, a.court)],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}

export type BenefitChangeKind = 'DECREASE' | 'INCREASE' | 'TAPER' | 'RESUMPTION' | 'SUSPENSION' | 'TERMINATION';

/**
 * 变更通知书 / 停发通知书: the old and the new monthly amount, the effective month and the reasons;
 * a decrease, taper, suspension or termination also states the remedies (DOMAIN-RULES, second wave).
 */
export function benefitChangeNotice(
  a: Common & {
    programLabel: string;
    change: BenefitChangeKind;
    previousAmountFen?: number;
    newAmountFen?: number;
    effectiveMonth: string;
    reasons: string[];
    /** 渐退: the months and amounts of the taper. */
    taper?: { month: string; amountFen: number }[];
    reconsiderationBody: string;
    court: string;
  },
): NoticeDocument {
  const stop = a.change === 'SUSPENSION' || a.change === 'TERMINATION';
  const verb = { DECREASE: '减发', INCREASE: '增发', TAPER: '渐退发放', RESUMPTION: '恢复发放', SUSPENSION: '暂停发放', TERMINATION: '停止发放' }[a.change];
  const amounts: string[] = [];
  if (a.previousAmountFen !== undefined) amounts.push(`原月保障金额：${yuan(a.previousAmountFen)}`);
  if (stop) amounts.push(`自${a.effectiveMonth}起月保障金额：${yuan(0)}`);
  else if (a.newAmountFen !== undefined) amounts.push(`调整后月保障金额：${yuan(a.newAmountFen)}`);
  const favourable = a.change === 'INCREASE' || a.change === 'RESUMPTION';
  return {
    kind: stop ? 'STOP_NOTICE' : 'CHANGE_NOTICE',
    title: stop ? '停发通知书' : '变更通知书',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [
      `经核查，决定自${a.effectiveMonth}起对你户${a.programLabel}${verb}${!stop && a.newAmountFen !== undefined && a.previousAmountFen === undefined ? `，调整后月保障金额为${yuan(a.newAmountFen)}` : ''}。`,
      ...(amounts.length > 0 ? [`${amounts.join('；')}。`] : []),
      ...(a.taper && a.taper.length > 0 ? [`渐退期内各月金额：${a.taper.map((t) => `${t.month}${yuan(t.amountFen)}`).join('，')}。`] : []),
      '理由如下：',
      ...a.reasons.map((r, i) => `${i + 1}. ${r}`),
      ...(favourable ? [] : [remediesParagraph(a.reconsiderationBody, a.court)]),
    ],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}

/** 公示名单 / 结果公示 rows name a household by `maskName` (`@sa/contracts`: 张某, 欧阳某), re-exported here for printers. */
export { maskName };

/** One line of the 一次性告知书: an item of the notice and, once supplied, the file that satisfies it. */
export interface MaterialsNoticeItem {
  label: string;
  /** Reference of the file that satisfies the item (e.g. `attachment:<sha256>` or a paper register number); absent while missing. */
  satisfiedBy?: string;
  suppliedOn?: string;
  /** Files uploaded against the item that no officer has yet recorded as supplying it. */
  uploadedFiles?: string[];
}

/**
 * 一次性告知书: everything missing, listed once (DOMAIN-RULES intake step 2); the decision clock does
 * not start until the materials are complete. Items already supplied show the file that satisfies them.
 */
export function materialsNotice(a: Common & { programLabel: string; applicationDate: string; noticeDate: string; items: MaterialsNoticeItem[] }): NoticeDocument {
  const missing = a.items.filter((i) => !i.satisfiedBy).length;
  return {
    kind: 'MATERIALS_NOTICE',
    title: '一次性告知书',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [
      `你（户）于${a.applicationDate}提出的${a.programLabel}申请，经审查，申请材料不齐全。现一次性告知需补正的全部材料如下：`,
      ...a.items.map((i, n) => `${n + 1}. ${i.label}${i.satisfiedBy ? `（已补正：${i.satisfiedBy}${i.suppliedOn ? `，${i.suppliedOn}` : ''}）` : i.uploadedFiles && i.uploadedFiles.length > 0 ? `（待补正；已上传${i.uploadedFiles.join('、')}，待经办人确认）` : '（待补正）'}`),
      missing === 0
        ? '上述材料已全部补正。'
        : `尚有${missing}项材料待补正。请补正上述材料后再次提交；材料齐全之日起受理，审批期限自受理之日起计算。可通过政务服务系统共享获取的信息，无需你（户）提供。`,
    ],
    issuer: a.issuer,
    issuedOn: a.noticeDate,
  };
}

/** One household on the 公示名单: only what the notice rules allow (masked name, household size, findings, proposed result). */
export interface PublicNoticeEntry {
  caseNumber: string;
  applicantName: string;
  householdSize: number;
  programLabel: string;
  findings: string;
  proposedResult: string;
  /** This household's notice period (e.g. `2026年3月6日至2026年3月12日`), when entries differ. */
  period?: string;
}

/**
 * 公示名单 of one community for 7 days. Names are masked (`maskName`: 张某, 欧阳某); never the resident ID, bank
 * account, phone or health details (DOMAIN-RULES step 6).
 */
export function publicNoticeList(a: {
  community: string;
  postedOn: string;
  endsOn: string;
  issuer: string;
  entries: PublicNoticeEntry[];
  /** Notice period in days (default 7). */
  days?: number;
  /** The day the list is printed (default `postedOn`), YYYY-MM-DD. */
  issuedOn?: string;
}): NoticeDocument {
  return {
    kind: 'PUBLIC_NOTICE_LIST',
    title: '社会救助审核公示名单',
    reference: a.community,
    addressee: '本社区居民',
    paragraphs: [
      `以下家庭申请社会救助，经调查核实，现予公示。公示期自${/^\d{4}-\d{2}-\d{2}$/.test(a.postedOn) ? chineseDate(a.postedOn) : a.postedOn}至${a.endsOn}，共${a.days ?? 7}日。如有异议，请于公示期内向乡镇人民政府（街道办事处）反映。`,
      ...a.entries.map((e, n) => `${n + 1}. ${maskName(e.applicantName)}，家庭人口${e.householdSize}人，${e.programLabel}，${e.findings}，拟${e.proposedResult}${e.period ? `；公示期${e.period}` : ''}。`),
    ],
    issuer: a.issuer,
    issuedOn: a.issuedOn ?? a.postedOn,
  };
}

/**
 * One household on the 结果公示 of 一事一议: only what the notice rules allow (masked name, household
 * size, kind of hardship, the amount decided, the decision date) — never a resident ID, account,
 * phone or health detail (the meeting's reason often names an illness: it is not printed).
 */
export interface ResultsNoticeEntry {
  caseNumber: string;
  applicantName: string;
  householdSize: number;
  /** Kind of hardship, e.g. `急难型临时救助` / `支出型临时救助`. */
  hardshipLabel: string;
  amountFen: number;
  /** YYYY-MM-DD. */
  decidedOn: string;
}

/**
 * 结果公示 of temporary assistance decided by 一事一议 (collective decision) in one community: the
 * pre-decision notice (公示名单) cannot know the amount the meeting decides, so the result is made
 * public after the decision, for the decisions of a date range.
 */
export function collectiveDecisionResultsList(a: {
  community: string;
  /** The decision dates covered, YYYY-MM-DD. */
  from: string;
  to: string;
  issuer: string;
  issuedOn: string;
  entries: ResultsNoticeEntry[];
  /** Days the list stays posted (default 7). */
  days?: number;
}): NoticeDocument {
  return {
    kind: 'COLLECTIVE_DECISION_RESULTS_LIST',
    title: '临时救助一事一议结果公示',
    reference: a.community,
    addressee: '本社区居民',
    paragraphs: [
      `${chineseDate(a.from)}至${chineseDate(a.to)}，以下家庭的临时救助申请超过常规救助标准，经一事一议集体研究决定给予救助，现将结果予以公示，公示期${a.days ?? 7}日。如有异议，请于公示期内向乡镇人民政府（街道办事处）或县级民政部门反映。`,
      ...a.entries.map(
        (e, n) => `${n + 1}. ${maskName(e.applicantName)}，家庭人口${e.householdSize}人，${e.hardshipLabel}，救助金额${yuan(e.amountFen)}，经一事一议集体研究决定，决定日期${chineseDate(e.decidedOn)}。`,
      ),
    ],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}
