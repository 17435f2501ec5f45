/**
 * Cross-field rules of the contracts that JSON Schema cannot state. They run only on data that
 * already passed its schema, so the shapes can be trusted here.
 */
import type { IntegrationEventType } from './catalogue';
import type { ApplicationAcceptedV1, ApplicationAcceptedV2 } from './events/intake';
import type { HouseholdVerifiedV1, HouseholdVerifiedV2, VerificationObjectionResolvedV1 } from './events/verification';
import type {
  AssistanceGrantedV1,
  AssistanceGrantedV2,
  AssistanceRefusedV1,
  AssistanceRefusedV2,
  BenefitChangedV1,
  BenefitChangedV2,
  BenefitChangedV3,
  BenefitChangedV4,
  BenefitChangedV5,
  EmergencyAdvanceApprovedV1,
  HolidayCalendarPublishedV1,
} from './events/eligibility';
import type { ArrearsPaidV1, PaymentRunCompletedV1, RepaymentPlanRecordedV1 } from './events/disbursement';
import type { ComplaintResolvedV1, ReverificationRequestedV1 } from './events/follow-up';
import type { MonthAmount, MonthRange, YearMonth } from './types/common';

type Check = (data: never) => string[];

/** `2025-12` → `2026-01`. */
export function nextMonth(month: YearMonth): YearMonth {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function rangeOrdered(range: MonthRange, at: string): string[] {
  return range.from <= range.to ? [] : [`${at}: from (${range.from}) is after to (${range.to})`];
}

function notBefore(later: string, earlier: string, at: string, what: string): string[] {
  return later >= earlier ? [] : [`${at}: is before ${what} (${earlier})`];
}

function consecutiveFrom(months: MonthAmount[], first: YearMonth | undefined, at: string): string[] {
  const errors: string[] = [];
  if (first !== undefined && months[0] && months[0].month !== first) errors.push(`${at}/0/month: must be ${first}`);
  for (let i = 1; i < months.length; i++) {
    if (months[i]!.month !== nextMonth(months[i - 1]!.month)) {
      errors.push(`${at}/${i}/month: must be ${nextMonth(months[i - 1]!.month)} (months are consecutive)`);
    }
  }
  return errors;
}

function ascending(months: MonthAmount[], at: string): string[] {
  const errors: string[] = [];
  for (let i = 1; i < months.length; i++) {
    if (months[i]!.month <= months[i - 1]!.month) errors.push(`${at}/${i}/month: months must be strictly ascending`);
  }
  return errors;
}

function fourEyes(d: { proposedBy: { id: string }; decidedBy: { id: string } }): string[] {
  return d.proposedBy.id === d.decidedBy.id ? ['/decidedBy/id: the decision must be confirmed by someone other than the proposer'] : [];
}

/**
 * A personal field in its sealed form (issue 18: a ciphertext string where the schema has an object or an
 * array; see personal-fields.ts). Its cross-field rules were checked by the producer before sealing
 * (createIntegrationEvent); a consumer's decoder sees only the ciphertext and skips them.
 */
const isSealed = (value: unknown): value is string => typeof value === 'string';

const applicationAccepted = (d: ApplicationAcceptedV1): string[] => {
  const errors: string[] = [];
  const ids = new Set<string>();
  d.household.members.forEach((m, i) => {
    if (ids.has(m.memberId)) errors.push(`/household/members/${i}/memberId: duplicate member id`);
    ids.add(m.memberId);
  });
  const applicants = d.household.members.filter((m) => m.relation === 'APPLICANT');
  if (applicants.length !== 1) errors.push(`/household/members: exactly one member must have relation APPLICANT (found ${applicants.length})`);
  const applicant = d.household.members.find((m) => m.memberId === d.applicantMemberId);
  if (!applicant) errors.push('/applicantMemberId: is not a member of the household');
  else if (applicant.relation !== 'APPLICANT' || !applicant.included) {
    errors.push('/applicantMemberId: must be the included member with relation APPLICANT');
  }
  d.consents.forEach((c, i) => {
    if (!ids.has(c.memberId)) errors.push(`/consents/${i}/memberId: is not a member of the household`);
  });
  if (!isSealed(d.household.declaredAssets)) {
    d.household.declaredAssets.forEach((a, i) =>
      a.ownerMemberIds.forEach((o, j) => {
        if (!ids.has(o)) errors.push(`/household/declaredAssets/${i}/ownerMemberIds/${j}: is not a member of the household`);
      }),
    );
  }
  d.conflictOfInterest.details.forEach((c, i) => {
    if (!ids.has(c.memberId)) errors.push(`/conflictOfInterest/details/${i}/memberId: is not a member of the household`);
  });
  return errors;
};

const householdVerified = (d: HouseholdVerifiedV1): string[] => [
  ...(isSealed(d.facts) ? [] : rangeOrdered(d.facts.referencePeriod, '/facts/referencePeriod')),
  ...(isSealed(d.items) ? [] : d.items.flatMap((it, i) => (it.period ? rangeOrdered(it.period, `/items/${i}/period`) : []))),
];

const objectionResolved = (d: VerificationObjectionResolvedV1): string[] =>
  notBefore(d.resolvedOn, d.raisedOn, '/resolvedOn', 'raisedOn');

const assistanceGranted = (d: AssistanceGrantedV1): string[] => {
  const errors = fourEyes(d);
  if (d.program === 'TEMPORARY_ASSISTANCE') {
    const sum = d.instalments.reduce((s, x) => s + x.amountFen, 0);
    if (sum !== d.totalAmountFen) errors.push(`/totalAmountFen: must equal the sum of the instalments (${sum})`);
    errors.push(...ascending(d.instalments, '/instalments'));
    if (d.instalments[0] && d.instalments[0].month !== d.startMonth) errors.push('/startMonth: must be the first instalment month');
  } else {
    const supplements = d.supplements.reduce((s, x) => s + x.amountFen, 0);
    if (d.baseAmountFen + supplements !== d.monthlyAmountFen) {
      errors.push(`/monthlyAmountFen: must equal baseAmountFen + supplements (${d.baseAmountFen + supplements})`);
    }
    const covered = new Set(d.membersCovered.map((m) => m.memberId));
    d.supplements.forEach((s, i) => {
      if (!covered.has(s.memberId)) errors.push(`/supplements/${i}/memberId: is not a covered member`);
    });
    if (d.startMonth <= d.decidedOn.slice(0, 7)) errors.push('/startMonth: must be after the month of the decision');
  }
  return errors;
};

/** v2: with `appeal` the start month may be at or before the decision's month (not after the month after it). */
const assistanceGrantedV2 = (d: AssistanceGrantedV2): string[] => {
  if (d.program === 'TEMPORARY_ASSISTANCE' || !d.appeal) return assistanceGranted(d);
  const errors = assistanceGranted({ ...d, startMonth: '9999-12' }).filter((e) => !e.startsWith('/startMonth'));
  const next = d.decidedOn.slice(0, 7) === `${d.decidedOn.slice(0, 4)}-12` ? `${Number(d.decidedOn.slice(0, 4)) + 1}-01` : `${d.decidedOn.slice(0, 5)}${String(Number(d.decidedOn.slice(5, 7)) + 1).padStart(2, '0')}`;
  if (d.startMonth > next) errors.push('/startMonth: must not be after the month after the decision');
  if (d.appeal.documentDate > d.decidedOn) errors.push('/appeal/documentDate: must not be after decidedOn');
  return errors;
};

const assistanceRefused = (d: AssistanceRefusedV1): string[] => [
  ...fourEyes(d),
  ...notBefore(d.noticeDueOn, d.decidedOn, '/noticeDueOn', 'decidedOn'),
];

const assistanceRefusedV2 = (d: AssistanceRefusedV2): string[] => [
  ...fourEyes(d),
  ...(d.noticeDueOn === null
    ? d.calendarMissing === undefined
      ? ['/calendarMissing: is required when noticeDueOn is null']
      : []
    : [...notBefore(d.noticeDueOn, d.decidedOn, '/noticeDueOn', 'decidedOn'), ...(d.calendarMissing !== undefined ? ['/calendarMissing: only with noticeDueOn null'] : [])]),
];

const holidayCalendarPublished = (d: HolidayCalendarPublishedV1): string[] => {
  const errors: string[] = [];
  if (d.calendarId !== `CN-${d.year}`) errors.push(`/calendarId: must be CN-${d.year}`);
  const year = String(d.year);
  d.holidays.forEach((date, i) => date.slice(0, 4) !== year && errors.push(`/holidays/${i}: is not in ${year}`));
  d.makeUpWorkdays.forEach((date, i) => date.slice(0, 4) !== year && errors.push(`/makeUpWorkdays/${i}: is not in ${year}`));
  const holidays = new Set(d.holidays);
  d.makeUpWorkdays.forEach((date, i) => holidays.has(date) && errors.push(`/makeUpWorkdays/${i}: is also a holiday`));
  if (d.version === 1 ? d.supersedesVersion !== null : d.supersedesVersion !== d.version - 1) {
    errors.push(`/supersedesVersion: must be ${d.version === 1 ? 'null' : d.version - 1}`);
  }
  return errors;
};

const benefitChanged = (d: BenefitChangedV1): string[] => {
  const errors: string[] = [];
  if (d.changeType === 'INCREASE' && d.monthlyAmountFen !== undefined && d.monthlyAmountFen <= d.previousMonthlyAmountFen) {
    errors.push('/monthlyAmountFen: an INCREASE must be above previousMonthlyAmountFen');
  }
  if (d.changeType === 'DECREASE' && d.monthlyAmountFen !== undefined && d.monthlyAmountFen >= d.previousMonthlyAmountFen) {
    errors.push('/monthlyAmountFen: a DECREASE must be below previousMonthlyAmountFen');
  }
  if (d.taperSchedule) errors.push(...consecutiveFrom(d.taperSchedule, d.effectiveMonth, '/taperSchedule'));
  return errors;
};

const benefitChangedV2 = (d: BenefitChangedV2): string[] => [
  ...benefitChanged({ ...d, writtenNoticeDueOn: d.writtenNoticeDueOn ?? undefined }),
  ...(d.writtenNoticeDueOn === null
    ? d.calendarMissing === undefined
      ? ['/calendarMissing: is required when writtenNoticeDueOn is null']
      : []
    : d.calendarMissing !== undefined
      ? ['/calendarMissing: only with writtenNoticeDueOn null']
      : []),
];

const emergencyAdvanceApproved = (d: EmergencyAdvanceApprovedV1): string[] =>
  d.amountFen > 0 && d.amountFen <= d.advanceLimitFen ? [] : ['/amountFen: must be positive and at most advanceLimitFen'];

const paymentRunCompleted = (d: PaymentRunCompletedV1): string[] => {
  const errors: string[] = [];
  const count = d.byProgram.reduce((s, x) => s + x.paymentCount, 0);
  const total = d.byProgram.reduce((s, x) => s + x.totalAmountFen, 0);
  if (count !== d.paymentCount) errors.push(`/paymentCount: must equal the sum over byProgram (${count})`);
  if (total !== d.totalAmountFen) errors.push(`/totalAmountFen: must equal the sum over byProgram (${total})`);
  return errors;
};

const arrearsPaid = (d: ArrearsPaidV1): string[] => {
  const errors: string[] = [];
  const months = d.months.reduce((s, m) => s + m.differenceFen, 0);
  if (d.amountFen + d.nettedFen !== d.determinedFen) errors.push('/amountFen: amountFen + nettedFen must equal determinedFen');
  if (months !== d.determinedFen) errors.push(`/determinedFen: must equal the sum of the months' differences (${months})`);
  if ((d.amountFen > 0) !== (d.paymentId !== undefined)) errors.push('/paymentId: present exactly when something is paid (amountFen > 0)');
  return errors;
};

const repaymentPlanRecorded = (d: RepaymentPlanRecordedV1): string[] => {
  const sum = d.instalments.reduce((s, m) => s + m.amountFen, 0);
  const errors = sum === d.totalFen ? [] : [`/totalFen: must equal the sum of the instalments (${sum})`];
  d.instalments.forEach((m, i) => {
    if (i > 0 && m.dueMonth <= d.instalments[i - 1]!.dueMonth) errors.push(`/instalments/${i}/dueMonth: due months must ascend`);
  });
  return errors;
};

const complaintResolved = (d: ComplaintResolvedV1): string[] =>
  notBefore(d.resolvedOn, d.receivedOn, '/resolvedOn', 'receivedOn');

const reverificationRequested = (d: ReverificationRequestedV1): string[] => {
  const ids = new Set(d.members.map((m) => m.memberId));
  return [
    ...rangeOrdered(d.referencePeriod, '/referencePeriod'),
    ...d.consents.flatMap((c, i) => (ids.has(c.memberId) ? [] : [`/consents/${i}/memberId: is not one of the members`])),
  ];
};

/** v2: the payee account is held by a listed member. */
const applicationAcceptedV2 = (d: ApplicationAcceptedV2): string[] => [
  ...applicationAccepted(d),
  ...(d.payeeBankAccount && !d.household.members.some((m) => m.memberId === d.payeeBankAccount!.holderMemberId)
    ? ['/payeeBankAccount/holderMemberId: is not one of the members']
    : []),
];

/** v2: the unrounded household total is the sum of the member totals, over the reference period's months. */
const householdVerifiedV2 = (d: HouseholdVerifiedV2): string[] => {
  const errors = householdVerified(d);
  if (isSealed(d.facts)) return errors;
  const total = d.facts.monthlyIncome.reduce((sum, i) => sum + i.totalFen, 0);
  if (d.facts.householdIncome.totalFen !== total) errors.push(`/facts/householdIncome/totalFen: must be the sum of monthlyIncome totalFen (${total})`);
  const months = d.facts.monthlyIncome[0]?.months;
  if (months !== undefined && d.facts.householdIncome.months !== months) errors.push(`/facts/householdIncome/months: must be ${months}, the months of monthlyIncome`);
  return errors;
};

/** v3: v2's rules, and four-eyes between the proposer and the decider. */
const benefitChangedV3 = (d: BenefitChangedV3): string[] => [...benefitChangedV2(d), ...fourEyes(d)];

/** v4: the trigger is the appeal it carries; the body's document precedes the decision. */
const benefitChangedV4 = (d: BenefitChangedV4): string[] => [
  ...benefitChangedV3(d as unknown as BenefitChangedV3),
  ...(d.trigger.kind !== 'APPEAL' ? ['/trigger/kind: must be APPEAL'] : []),
  ...(d.trigger.refId !== d.appeal.appealId ? ['/trigger/refId: must be the appeal id'] : []),
  ...(d.appeal.documentDate > d.decidedOn ? ['/appeal/documentDate: must not be after decidedOn'] : []),
];

/** v5: v4's rules with the appeal, v3's without it (then the trigger is not APPEAL); the cap's bounds are in the schema. */
const benefitChangedV5 = (d: BenefitChangedV5): string[] =>
  d.appeal
    ? benefitChangedV4(d as BenefitChangedV4)
    : [...benefitChangedV3(d as unknown as BenefitChangedV3), ...(d.trigger.kind === 'APPEAL' ? ['/appeal: required with trigger.kind APPEAL'] : [])];

/** Checks per `<type>@<version>`: a new schema version gets its own entry. */
const CHECKS: Partial<Record<`${IntegrationEventType}@${number}`, Check>> = {
  'ApplicationAccepted@1': applicationAccepted,
  'ApplicationAccepted@2': applicationAcceptedV2,
  'HouseholdVerified@1': householdVerified,
  'HouseholdVerified@2': householdVerifiedV2,
  'VerificationObjectionResolved@1': objectionResolved,
  'AssistanceGranted@1': assistanceGranted,
  'AssistanceGranted@2': assistanceGrantedV2,
  // v3 = v2 + overpaymentRecovery (bounds in the schema): the same cross-field rules.
  'AssistanceGranted@3': assistanceGrantedV2,
  'AssistanceRefused@1': assistanceRefused,
  'AssistanceRefused@2': assistanceRefusedV2,
  'HolidayCalendarPublished@1': holidayCalendarPublished,
  'BenefitChanged@1': benefitChanged,
  'BenefitChanged@2': benefitChangedV2,
  'BenefitChanged@3': benefitChangedV3,
  'BenefitChanged@4': benefitChangedV4,
  'BenefitChanged@5': benefitChangedV5,
  'EmergencyAdvanceApproved@1': emergencyAdvanceApproved,
  'PaymentRunCompleted@1': paymentRunCompleted,
  'ArrearsPaid@1': arrearsPaid,
  'RepaymentPlanRecorded@1': repaymentPlanRecorded,
  'ComplaintResolved@1': complaintResolved,
  'ReverificationRequested@1': reverificationRequested,
};

/** Cross-field rule violations of schema-valid data (empty when none). */
export function invariantViolations(type: IntegrationEventType, version: number, data: unknown): string[] {
  const check = CHECKS[`${type}@${version}`];
  return check ? check(data as never) : [];
}
