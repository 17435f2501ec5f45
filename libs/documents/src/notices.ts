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
