import { type CalendarDate } from '@sa/time';
import { RuleViolation } from './shared/intake-rule-error';

/** Programs of the unified form (社会救助一表申请); one application asks for one program. */
export const PROGRAMS = [
  'MINIMUM_LIVING_ALLOWANCE',
  'EXTREME_POVERTY_SUPPORT',
  'TEMPORARY_ASSISTANCE',
  'LOW_INCOME_MARGINAL',
] as const;
export type Program = (typeof PROGRAMS)[number];

export const PROGRAM_LABELS: Record<Program, string> = {
  MINIMUM_LIVING_ALLOWANCE: '最低生活保障',
  EXTREME_POVERTY_SUPPORT: '特困人员救助供养',
  TEMPORARY_ASSISTANCE: '临时救助',
  LOW_INCOME_MARGINAL: '低保边缘家庭',
};

export const TEMPORARY_ASSISTANCE_TYPES = ['EMERGENCY', 'EXPENDITURE'] as const;
export type TemporaryAssistanceType = (typeof TEMPORARY_ASSISTANCE_TYPES)[number];

export const EMERGENCY_CAUSES = ['ACCIDENT', 'SUDDEN_ILLNESS', 'DISASTER', 'OTHER'] as const;
export type EmergencyCause = (typeof EMERGENCY_CAUSES)[number];

export const EXPENDITURE_KINDS = ['MEDICAL', 'EDUCATION', 'HOUSING', 'OTHER'] as const;
export type ExpenditureKind = (typeof EXPENDITURE_KINDS)[number];

/** The 临时救助 section of the form. */
export interface TemporaryAssistanceSection {
  type: TemporaryAssistanceType;
  /** What happened, or what the essential spending is for. */
  description: string;
  /** EMERGENCY: what kind of emergency. */
  cause?: EmergencyCause;
  /** EMERGENCY: when the accident, illness or disaster happened. */
  incidentOn?: CalendarDate;
  /** 先行救助: pay first, complete the file afterwards (emergency type only). */
  emergencyAdvanceRequested: boolean;
  /** EXPENDITURE: what the essential spending is for. */
  expenditureKind?: ExpenditureKind;
  /** EXPENDITURE: essential spending over the last 12 months, fen. */
  essentialExpenditureFen?: number;
  /** EXPENDITURE: receipts, invoices, hospital bills (missing ones are listed in the notice). */
  expenditureEvidenceRefs?: string[];
  /** Amount asked for, fen (optional: the office sets the amount). */
  requestedAmountFen?: number;
}

const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Rules of the program-specific sections: a 临时救助 section exactly when that program is asked for. */
export function programProblems(
  program: Program,
  temporaryAssistance: TemporaryAssistanceSection | undefined,
  today: CalendarDate,
): RuleViolation[] {
  const problems: RuleViolation[] = [];
  const f = 'temporaryAssistance';
  if (program !== 'TEMPORARY_ASSISTANCE') {
    if (temporaryAssistance) problems.push({ field: f, message: 'is only for program TEMPORARY_ASSISTANCE' });
    return problems;
  }
  const ta = temporaryAssistance;
  if (!ta) return [{ field: f, message: 'is required for program TEMPORARY_ASSISTANCE' }];
  if (ta.description.trim() === '') problems.push({ field: `${f}.description`, message: 'must not be empty' });
  if (ta.requestedAmountFen !== undefined && !isFen(ta.requestedAmountFen)) {
    problems.push({ field: `${f}.requestedAmountFen`, message: 'must be a non-negative whole number of fen' });
  }
  if (ta.type === 'EMERGENCY') {
    if (ta.cause === undefined) problems.push({ field: `${f}.cause`, message: 'is required for an emergency' });
    if (ta.incidentOn === undefined) problems.push({ field: `${f}.incidentOn`, message: 'is required for an emergency' });
    else if (ta.incidentOn > today) problems.push({ field: `${f}.incidentOn`, message: 'must not be in the future' });
  } else {
    if (ta.expenditureKind === undefined) {
      problems.push({ field: `${f}.expenditureKind`, message: 'is required for expenditure-type assistance' });
    }
    if (!isFen(ta.essentialExpenditureFen) || ta.essentialExpenditureFen === 0) {
      problems.push({ field: `${f}.essentialExpenditureFen`, message: 'is required for expenditure-type assistance (positive whole fen)' });
    }
    if (ta.emergencyAdvanceRequested) {
      problems.push({ field: `${f}.emergencyAdvanceRequested`, message: 'an emergency advance is for the emergency type only' });
    }
  }
  return problems;
}
