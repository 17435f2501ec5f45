/**
 * The text of a public notice (公示). Shows only what the rules allow: the applicant's surname
 * followed by 某, the household size, the members covered, the proposed result and amount, the
 * notice period and how to object. Never the resident ID, phone number, bank account or any health
 * detail (which is why 单人保, disability or illness are never named).
 */
import { maskName } from '@sa/contracts';
import { CalendarDate } from '../calendar-date';
import { ruleError } from '../errors';
import { formatYuan } from '../money';
import { InitialOpinion, PROGRAM_LABELS, Program } from './case-file';

/** Patterns of personal data a notice must never carry: resident IDs, phone numbers, account numbers. */
const PERSONAL_DATA_PATTERNS: { what: string; pattern: RegExp }[] = [
  { what: 'a resident ID', pattern: /\d{17}[\dXx]/ },
  { what: 'a phone number', pattern: /(?<!\d)1[3-9]\d{9}(?!\d)/ },
  { what: 'an account or card number', pattern: /\d{12,}/ },
];

/** Throws when officer-typed text for a notice contains something that looks like personal data. */
export function assertNoPersonalData(text: string, field: string): void {
  const compact = text.replace(/[\s-]/g, '');
  for (const { what, pattern } of PERSONAL_DATA_PATTERNS) {
    if (pattern.test(compact)) throw ruleError('personal_data_in_notice', `A public notice must not contain ${what}`, field);
  }
}

/** `2026-03-02` → `2026年3月2日`. */
export function chineseDate(date: CalendarDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface NoticeTextInput {
  caseNumber: string;
  program: Program;
  applicantName: string;
  householdSize: number;
  opinion: InitialOpinion;
  postedOn: CalendarDate;
  lastDay: CalendarDate;
  days: number;
  location: string;
}

/**
 * Built only from the surname, counts, the proposed result, amounts and dates: personal data cannot
 * get in. The one officer-typed part, the location, is checked by `assertNoPersonalData`.
 */
export function publicNoticeText(input: NoticeTextInput): string {
  const { opinion } = input;
  assertNoPersonalData(input.location, 'location');
  const assessment = opinion.assessment;
  const label = PROGRAM_LABELS[input.program];
  let result: string;
  if (opinion.proposal === 'REFUSE' || !assessment) {
    result = `拟不予${input.program === 'LOW_INCOME_MARGINAL' ? '认定为' : '纳入'}${label}`;
  } else if (input.program === 'TEMPORARY_ASSISTANCE') {
    result = `拟给予临时救助，救助金额${formatYuan(assessment.monthlyAmountFen)}`;
  } else if (input.program === 'LOW_INCOME_MARGINAL') {
    result = '拟认定为低保边缘家庭';
  } else {
    result = `拟纳入${label}，保障人数${assessment.coveredMemberIds.length}人，月保障金额${formatYuan(assessment.monthlyAmountFen)}`;
  }
  const text = [
    `${label}审核确认公示`,
    `案件编号：${input.caseNumber}`,
    `经入户调查和家庭经济状况核对，街道（乡镇）初审，现将拟审核确认情况公示如下：`,
    `申请人：${maskName(input.applicantName)}；家庭人口：${input.householdSize}人。`,
    `拟审核结果：${result}。`,
    `公示期：${chineseDate(input.postedOn)}至${chineseDate(input.lastDay)}（共${input.days}天）。公示地点：${input.location}。`,
    `公示期间如有异议，请向街道（乡镇）民政办反映，我们将依法调查核实，并对反映人的信息予以保密。`,
  ].join('\n');
  return text;
}
