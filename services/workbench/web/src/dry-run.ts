/**
 * 政策 → 试算 (pure logic): a household typed on the 政策 page becomes the body of eligibility's
 * `POST /policies/dry-run` (amounts typed in 元 sent in integer fen), the form's own checks run
 * before sending, and the service's field names (`household.members[1].birthDate`,
 * `facts.incomes[0].monthlyAverageFen`) are mapped back onto the row and column they came from.
 */
import { toFen } from './format';
import { extremePovertyBody, newExtremePovertyForm, type ExtremePovertyForm } from './extreme-poverty';

export const DRY_RUN_PROGRAMS = ['MINIMUM_LIVING_ALLOWANCE', 'LOW_INCOME_MARGINAL', 'EXTREME_POVERTY_SUPPORT'] as const;
export const DISABILITY_CATEGORY: Record<string, string> = {
  PHYSICAL: '肢体',
  VISUAL: '视力',
  HEARING: '听力',
  SPEECH: '言语',
  INTELLECTUAL: '智力',
  MENTAL: '精神',
  MULTIPLE: '多重',
};

export interface DryRunMember {
  name: string;
  birthDate: string;
  workAbility: 'FULL' | 'PARTIAL' | 'NONE';
  /** '' = no certificate; 1–4 the grade of the 残疾人证. */
  disabilityGrade: '' | '1' | '2' | '3' | '4';
  disabilityCategory: string;
  /** Monthly average income of the last 12 months, 元 ('' = none). */
  incomeYuan: string;
}

export interface DryRunForm {
  program: (typeof DRY_RUN_PROGRAMS)[number];
  policyVersion: string;
  onDate: string;
  members: DryRunMember[];
  /** Bank deposits and cash of the household, 元 ('' = none). */
  depositsYuan: string;
  /** 特困: the findings about the first member (supply mode, self-care, supporters), as the opinion takes them. */
  extremePoverty?: ExtremePovertyForm;
}

export const newDryRunMember = (): DryRunMember => ({ name: '', birthDate: '', workAbility: 'FULL', disabilityGrade: '', disabilityCategory: 'PHYSICAL', incomeYuan: '' });

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const memberId = (i: number) => `m${i + 1}`;

/** The form's own checks: field path → message in Chinese (empty: send it). */
export function checkDryRunForm(form: DryRunForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.policyVersion) errors.policyVersion = '请选择政策版本';
  if (form.onDate && !isDate(form.onDate)) errors.onDate = '日期格式应为 YYYY-MM-DD';
  if (!form.members.length) errors.members = '请至少填写一名家庭成员';
  form.members.forEach((m, i) => {
    if (!isDate(m.birthDate)) errors[`members[${i}].birthDate`] = '请填写出生日期(YYYY-MM-DD)';
    if (m.incomeYuan.trim() && toFen(m.incomeYuan) === null) errors[`members[${i}].incomeYuan`] = '请填写金额(元),最多两位小数';
  });
  if (form.depositsYuan.trim() && toFen(form.depositsYuan) === null) errors.depositsYuan = '请填写金额(元),最多两位小数';
  return errors;
}

/** The body of `POST /policies/dry-run` (after `checkDryRunForm` found nothing). */
export function dryRunBody(form: DryRunForm) {
  const incomes = form.members.flatMap((m, i) => {
    const fen = m.incomeYuan.trim() ? toFen(m.incomeYuan) : null;
    return fen ? [{ memberId: memberId(i), type: 'WAGES', monthlyAverageFen: fen }] : [];
  });
  const deposits = form.depositsYuan.trim() ? toFen(form.depositsYuan) : null;
  return {
    program: form.program,
    policyVersion: form.policyVersion,
    ...(form.program === 'EXTREME_POVERTY_SUPPORT' ? { extremePoverty: extremePovertyBody(form.extremePoverty ?? newExtremePovertyForm(), memberId(0)) } : {}),
    ...(form.onDate ? { onDate: form.onDate } : {}),
    household: {
      applicantMemberId: memberId(0),
      members: form.members.map((m, i) => ({
        memberId: memberId(i),
        ...(m.name.trim() ? { name: m.name.trim() } : {}),
        birthDate: m.birthDate,
        workAbility: m.workAbility,
        ...(m.disabilityGrade ? { disability: { grade: Number(m.disabilityGrade), category: m.disabilityCategory } } : {}),
      })),
    },
    facts: {
      incomes,
      financialAssets: deposits ? [{ memberId: memberId(0), kind: 'BANK_DEPOSIT', valueFen: deposits }] : [],
    },
  };
}

/** The form field a service error names; the field itself when it is not on the form. */
export function dryRunFieldOf(field: string, body: ReturnType<typeof dryRunBody>): string {
  let m = /^household\.members\[(\d+)\]\.(birthDate|workAbility|name|disability)/.exec(field);
  if (m) return `members[${m[1]}].${m[2] === 'disability' ? 'disabilityGrade' : m[2]}`;
  m = /^facts\.incomes\[(\d+)\]/.exec(field);
  if (m) {
    const id = body.facts.incomes[Number(m[1])]?.memberId;
    return id ? `members[${Number(id.slice(1)) - 1}].incomeYuan` : field;
  }
  if (/^facts\.financialAssets/.test(field)) return 'depositsYuan';
  if (/^household(\.members)?$/.test(field)) return 'members';
  return field;
}

/** The household's names by member id, for the explanation table. */
export function dryRunNames(form: DryRunForm): Record<string, string> {
  return Object.fromEntries(form.members.map((m, i) => [memberId(i), m.name.trim() || `成员${i + 1}`]));
}
