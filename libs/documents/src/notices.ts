import type { NoticeDocument } from './render';

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

export function approvalDecision(a: Common & { programLabel: string; monthlyAmountFen: number; startMonth: string; householdSize: number }): NoticeDocument {
  return {
    kind: 'APPROVAL_DECISION',
    title: '审批决定书',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [
      `经审核确认，你户（共${a.householdSize}人）符合${a.programLabel}条件，决定予以批准。`,
      `月保障金额：${yuan(a.monthlyAmountFen)}，自${a.startMonth}起按月发放。`,
      '家庭人口、收入、财产状况发生变化的，应当及时告知。',
    ],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}

export function refusalDecision(a: Common & { programLabel: string; reasons: string[]; reconsiderationBody: string; court: string }): NoticeDocument {
  return {
    kind: 'REFUSAL_DECISION',
    title: '不予批准通知书',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [`经审核，你户申请的${a.programLabel}不符合条件，决定不予批准。理由如下：`, ...a.reasons.map((r, i) => `${i + 1}. ${r}`), remediesParagraph(a.reconsiderationBody, a.court)],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}

export function benefitChangeNotice(
  a: Common & { programLabel: string; change: 'DECREASE' | 'INCREASE' | 'SUSPENSION' | 'TERMINATION'; newAmountFen?: number; effectiveMonth: string; reasons: string[]; reconsiderationBody: string; court: string },
): NoticeDocument {
  const stop = a.change === 'SUSPENSION' || a.change === 'TERMINATION';
  const verb = { DECREASE: '减发', INCREASE: '增发', SUSPENSION: '暂停发放', TERMINATION: '停止发放' }[a.change];
  return {
    kind: stop ? 'STOP_NOTICE' : 'CHANGE_NOTICE',
    title: stop ? '停发通知书' : '变更通知书',
    reference: a.caseNumber,
    addressee: a.applicantName,
    paragraphs: [
      `经核查，决定自${a.effectiveMonth}起对你户${a.programLabel}${verb}${!stop && a.newAmountFen !== undefined ? `，调整后月保障金额为${yuan(a.newAmountFen)}` : ''}。理由如下：`,
      ...a.reasons.map((r, i) => `${i + 1}. ${r}`),
      ...(a.change === 'INCREASE' ? [] : [remediesParagraph(a.reconsiderationBody, a.court)]),
    ],
    issuer: a.issuer,
    issuedOn: a.issuedOn,
  };
}

/** 公示名单 row: the name is masked to the surname plus ＊; never the resident ID, account, phone or health details. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? name : chars[0] + '＊'.repeat(chars.length - 1);
}

/** One line of the 一次性告知书: an item of the notice and, once supplied, the file that satisfies it. */
export interface MaterialsNoticeItem {
  label: string;
  /** Reference of the file that satisfies the item (e.g. `attachment:<sha256>` or a paper register number); absent while missing. */
  satisfiedBy?: string;
  suppliedOn?: string;
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
      ...a.items.map((i, n) => `${n + 1}. ${i.label}${i.satisfiedBy ? `（已补正：${i.satisfiedBy}${i.suppliedOn ? `，${i.suppliedOn}` : ''}）` : '（待补正）'}`),
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
}

/**
 * 公示名单 of one community for 7 days. Names are masked (surname + ＊); never the resident ID, bank
 * account, phone or health details (DOMAIN-RULES step 6).
 */
export function publicNoticeList(a: { community: string; postedOn: string; endsOn: string; issuer: string; entries: PublicNoticeEntry[] }): NoticeDocument {
  return {
    kind: 'PUBLIC_NOTICE_LIST',
    title: '社会救助审核公示名单',
    reference: a.community,
    addressee: '本社区居民',
    paragraphs: [
      `以下家庭申请社会救助，经调查核实，现予公示。公示期自${a.postedOn}至${a.endsOn}，共7日。如有异议，请于公示期内向乡镇人民政府（街道办事处）反映。`,
      ...a.entries.map((e, n) => `${n + 1}. ${maskName(e.applicantName)}\u3000家庭人口${e.householdSize}人\u3000${e.programLabel}\u3000${e.findings}\u3000拟${e.proposedResult}`),
    ],
    issuer: a.issuer,
    issuedOn: a.postedOn,
  };
}
