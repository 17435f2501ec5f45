/**
 * 临时救助 (temporary assistance).
 *
 * - Cap: capMultipleOfStandardPerPerson × standard × persons in the household (rounded once). A
 *   request above the cap is granted up to the cap.
 * - Approval: the street office / township approves alone when the granted amount is at most its
 *   limit (and may skip verification); above it, the normal way: public notice and county approval.
 * - Emergency type (急难型): an advance may be paid first, up to the advance limit (and never more
 *   than the granted amount), within the local hours limit; the file must then be completed within
 *   the local number of working days, after which it is flagged overdue.
 * - Instalments: the granted amount split over whole months, equal whole-fen parts with the
 *   remaining fen added one each to the earliest months (the parts add up exactly).
 */
import { addMonths, assertCalendarDate, assertCalendarMonth, CalendarDate, CalendarMonth } from '../calendar-date';
import type { WorkingDays } from '../calendar';
import { InvalidFactsError } from '../errors';
import { exact, Reason, Step, step } from '../explanation';
import { assertNonNegativeFen, Fen, formatYuan, Rational, ROUNDING_RULE, roundToFen } from '../money';
import { PolicyParameters, PolicyVersion } from '../policy/policy-version';

export type TemporaryAssistanceType = 'EMERGENCY' | 'EXPENDITURE';

export interface TemporaryAssistanceInput {
  /** 急难型 (accident, sudden illness, disaster) or 支出型 (essential spending exceeds means). */
  assistanceType: TemporaryAssistanceType;
  /** Persons in the household (the cap is per person). */
  householdSize: number;
  requestedFen: Fen;
  /** Months to pay over (default 1). */
  instalmentMonths?: number;
  firstPaymentMonth: CalendarMonth;
  policy: PolicyVersion;
}

export interface TemporaryAssistanceAssessment {
  policyVersion: string;
  assistanceType: TemporaryAssistanceType;
  requestedFen: Fen;
  capFen: Fen;
  overCap: boolean;
  /** min(requested, cap). */
  grantableFen: Fen;
  approval: {
    /** STREET_OFFICE: approves alone; COUNTY: notice and county approval. */
    authority: 'STREET_OFFICE' | 'COUNTY';
    publicNoticeRequired: boolean;
    verificationMayBeSkipped: boolean;
  };
  /** Emergency type only. */
  emergencyAdvance: { maxAdvanceFen: Fen; payWithinHours: number; paperworkWithinWorkingDays: number } | null;
  instalments: { month: CalendarMonth; amountFen: Fen }[];
  reasons: Reason[];
  explanation: Step[];
}

export function assessTemporaryAssistance(input: TemporaryAssistanceInput): TemporaryAssistanceAssessment {
  const { assistanceType, householdSize, requestedFen, firstPaymentMonth, policy } = input;
  const instalmentMonths = input.instalmentMonths ?? 1;
  const parameters = policy.parameters;
  const t = parameters.temporaryAssistance;
  assertNonNegativeFen(requestedFen, 'requestedFen');
  assertCalendarMonth(firstPaymentMonth, 'firstPaymentMonth');
  if (!Number.isSafeInteger(householdSize) || householdSize < 1) throw new InvalidFactsError('householdSize must be a positive integer', 'householdSize');
  if (!Number.isSafeInteger(instalmentMonths) || instalmentMonths < 1) {
    throw new InvalidFactsError('instalmentMonths must be a positive integer', 'instalmentMonths');
  }
  if (assistanceType !== 'EMERGENCY' && assistanceType !== 'EXPENDITURE') {
    throw new InvalidFactsError("assistanceType must be 'EMERGENCY' or 'EXPENDITURE'", 'assistanceType');
  }
  const explanation: Step[] = [];
  const reasons: Reason[] = [];

  const capFen = temporaryAssistanceCap(householdSize, parameters);
  const overCap = requestedFen > capFen;
  const grantableFen = Math.min(requestedFen, capFen);
  explanation.push(
    step(
      'TA.CAP',
      { en: 'Cap: multiple of the monthly standard × persons (rounded once)', zh: '救助上限：月低保标准×倍数×家庭人口' },
      { requestedFen, householdSize },
      {
        subsistenceStandard: parameters.subsistenceStandard,
        'temporaryAssistance.capMultipleOfStandardPerPerson': t.capMultipleOfStandardPerPerson,
        roundingRule: ROUNDING_RULE.code,
      },
      { capFen, overCap, grantableFen },
    ),
  );
  if (overCap) {
    reasons.push({
      code: 'CAPPED_AT_LIMIT',
      en: `Request ${formatYuan(requestedFen)} exceeds the cap; granted up to ${formatYuan(capFen)}`,
      zh: `申请金额${formatYuan(requestedFen)}超过救助上限，按上限${formatYuan(capFen)}核定`,
    });
  }

  const streetAlone = grantableFen <= t.streetApprovalLimitFen;
  const approval = {
    authority: streetAlone ? ('STREET_OFFICE' as const) : ('COUNTY' as const),
    publicNoticeRequired: !streetAlone,
    verificationMayBeSkipped: streetAlone,
  };
  explanation.push(
    step(
      'TA.APPROVAL',
      { en: 'Street office approves alone up to its limit; above it, notice and county approval', zh: '小额救助由乡镇（街道）审批；超过限额的经公示后报县级审批' },
      { grantableFen },
      { 'temporaryAssistance.streetApprovalLimitFen': t.streetApprovalLimitFen },
      { ...approval },
    ),
  );
  reasons.push(
    streetAlone
      ? { code: 'STREET_OFFICE_APPROVES', en: 'Within the street office limit', zh: '在乡镇（街道）审批额度内' }
      : { code: 'COUNTY_APPROVAL_REQUIRED', en: 'Above the street office limit: notice and county approval', zh: '超过乡镇（街道）审批额度，需公示并报县级审批' },
  );

  const emergencyAdvance =
    assistanceType === 'EMERGENCY'
      ? {
          maxAdvanceFen: Math.min(grantableFen, t.emergencyAdvanceLimitFen),
          payWithinHours: t.emergencyAidHours,
          paperworkWithinWorkingDays: t.paperworkWorkingDays,
        }
      : null;
  explanation.push(
    step(
      'TA.EMERGENCY_ADVANCE',
      { en: 'Emergency type: pay first up to the advance limit, complete the file afterwards', zh: '急难型：先行救助，事后补充完善手续' },
      { assistanceType, grantableFen },
      {
        'temporaryAssistance.emergencyAdvanceLimitFen': t.emergencyAdvanceLimitFen,
        'temporaryAssistance.emergencyAidHours': t.emergencyAidHours,
        'temporaryAssistance.paperworkWorkingDays': t.paperworkWorkingDays,
      },
      emergencyAdvance === null ? null : { ...emergencyAdvance },
    ),
  );

  const instalments = splitIntoInstalments(grantableFen, instalmentMonths, firstPaymentMonth);
  explanation.push(
    step(
      'TA.INSTALMENTS',
      { en: 'Instalments: equal whole-fen parts, leftover fen to the earliest months', zh: '分期发放' },
      { grantableFen, instalmentMonths, firstPaymentMonth, perMonthExactFen: exact(Rational.of(grantableFen, instalmentMonths)) },
      {},
      instalments.map((i) => ({ ...i })),
    ),
  );

  return {
    policyVersion: policy.version,
    assistanceType,
    requestedFen,
    capFen,
    overCap,
    grantableFen,
    approval,
    emergencyAdvance,
    instalments,
    reasons,
    explanation,
  };
}

/** capMultipleOfStandardPerPerson × standard × persons, rounded once. */
export function temporaryAssistanceCap(householdSize: number, parameters: PolicyParameters): Fen {
  return roundToFen(
    Rational.fen(parameters.subsistenceStandard, 'subsistenceStandard')
      .times(Rational.decimal(parameters.temporaryAssistance.capMultipleOfStandardPerPerson, 'capMultipleOfStandardPerPerson'))
      .times(householdSize),
  );
}

/** Equal whole-fen parts; the leftover fen go one each to the earliest months. */
export function splitIntoInstalments(totalFen: Fen, months: number, firstMonth: CalendarMonth): { month: CalendarMonth; amountFen: Fen }[] {
  assertNonNegativeFen(totalFen, 'totalFen');
  const base = Math.floor(totalFen / months);
  const leftover = totalFen - base * months;
  return Array.from({ length: months }, (_, i) => ({ month: addMonths(firstMonth, i), amountFen: base + (i < leftover ? 1 : 0) }));
}

/** The last working day to complete the file after an emergency advance paid on `advancePaidOn`. */
export function emergencyPaperworkDueDate(advancePaidOn: CalendarDate, parameters: PolicyParameters, calendar: WorkingDays): CalendarDate {
  assertCalendarDate(advancePaidOn, 'advancePaidOn');
  return calendar.addWorkingDays(advancePaidOn, parameters.temporaryAssistance.paperworkWorkingDays);
}

/** Whether an emergency file is overdue: completed after the due date, or still open after it. */
export function isEmergencyPaperworkOverdue(
  file: { advancePaidOn: CalendarDate; completedOn: CalendarDate | null; today: CalendarDate },
  parameters: PolicyParameters,
  calendar: WorkingDays,
): boolean {
  const due = emergencyPaperworkDueDate(file.advancePaidOn, parameters, calendar);
  if (file.completedOn !== null) {
    assertCalendarDate(file.completedOn, 'completedOn');
    return file.completedOn > due;
  }
  assertCalendarDate(file.today, 'today');
  return file.today > due;
}
