/**
 * Runs the rule engine for a case: 低保 and 低保边缘 through `assessMinimumLivingAllowance`, 特困
 * through `assessExtremePoverty`, 临时救助 through `assessTemporaryAssistance`, and turns the answer
 * into the `CaseAssessment` recorded on opinions and decisions. No rule is restated here.
 */
import { CalendarDate, CalendarMonth } from '../calendar-date';
import { ruleError } from '../errors';
import { Reason } from '../explanation';
import { belongsToHousehold, countedMembers, HouseholdFacts, HouseholdMember } from '../household';
import { roundToFen } from '../money';
import { PolicyVersion, ReviewClass } from '../policy/policy-version';
import { assessExtremePoverty } from '../rules/extreme-poverty';
import { countIncome, deemedObligedSupport } from '../rules/income';
import { assessMinimumLivingAllowance } from '../rules/minimum-living-allowance';
import { assessTemporaryAssistance, TemporaryAssistanceType } from '../rules/temporary-assistance';
import { factsWithDeclaration, sourcesStep } from './declared-facts';
import {
  CaseAssessment,
  CaseMember,
  ExtremePovertyInputs,
  HouseholdSnapshot,
  Program,
  TemporaryAssistanceInputs,
  VerificationFacts,
  VerificationReport,
  WrittenReason,
} from './case-file';

export interface AssessCaseInput {
  program: Program;
  household: HouseholdSnapshot;
  /** The latest verification report, if any (temporary assistance may go without). */
  verification: VerificationReport | null;
  policy: PolicyVersion;
  assessmentDate: CalendarDate;
  extremePoverty?: ExtremePovertyInputs | null;
  temporary?: (TemporaryAssistanceInputs & { assistanceType: TemporaryAssistanceType; firstPaymentMonth: CalendarMonth }) | null;
  /** INTENSIVE (or another class) chosen by the officers instead of the rule's class. */
  reviewClass?: ReviewClass | null;
}


/** The rule engine's member (without name and relation). */
export function ruleMember(member: CaseMember): HouseholdMember {
  const { name: _name, relation: _relation, ...rest } = member;
  return rest;
}

function householdFacts(household: HouseholdSnapshot, facts: VerificationFacts): HouseholdFacts {
  return { members: household.members.map(ruleMember), ...facts };
}

/** The report with the household's declared figures added where verification is silent (declared-facts.ts). */
function requireFacts(input: AssessCaseInput): VerificationReport {
  if (!input.verification) {
    throw ruleError('verification_missing', 'No household economic verification report (核对报告) has been received for this case yet');
  }
  return withDeclaration(input.household, input.verification);
}

function withDeclaration(household: HouseholdSnapshot, report: VerificationReport): VerificationReport {
  return { ...report, facts: factsWithDeclaration(household.declaration, report.facts) };
}

/** The explanation with the step naming each figure's source first (cases with a declaration). */
function explained(household: HouseholdSnapshot, facts: VerificationFacts, steps: CaseAssessment['explanation']): CaseAssessment['explanation'] {
  const sources = sourcesStep(household.declaration, facts);
  return sources ? [sources, ...steps] : steps;
}

/** UNSTABLE when a counted member can work, else STABLE (as the 低保 rule does). */
function ruleReviewClass(members: readonly HouseholdMember[]): ReviewClass {
  return countedMembers(members).some((m) => m.workAbility !== 'NONE') ? 'UNSTABLE' : 'STABLE';
}

function householdIncome(household: HouseholdSnapshot, facts: VerificationFacts, policy: PolicyVersion) {
  const counted = countedMembers(household.members.map(ruleMember));
  const { income } = countIncome(counted, facts.incomes, policy.parameters);
  const all = income.total.plus(deemedObligedSupport(household.members.map(ruleMember), facts.incomes, policy.parameters).total);
  const total = roundToFen(all);
  const perCapita = counted.length === 0 ? 0 : roundToFen(all.dividedBy(counted.length));
  return { counted, total, perCapita };
}

export function assessCase(input: AssessCaseInput): CaseAssessment {
  const { program, household, policy, assessmentDate } = input;
  const parameters = policy.parameters;
  const common = {
    program,
    policyVersion: policy.version,
    assessmentDate,
    benefitMethod: parameters.benefitMethod.method,
    subsistenceStandardFen: parameters.subsistenceStandard,
  };
  const reviewOf = (cls: ReviewClass) => {
    const reviewClass = input.reviewClass ?? cls;
    return { reviewClass, reviewIntervalMonths: parameters.reviewIntervals[reviewClass] };
  };

  if (program === 'MINIMUM_LIVING_ALLOWANCE' || program === 'LOW_INCOME_MARGINAL') {
    const report = requireFacts(input);
    const result = assessMinimumLivingAllowance({ household: householdFacts(household, report.facts), assessmentDate, policy });
    const income = householdIncome(household, report.facts, policy);
    const marginalProgram = program === 'LOW_INCOME_MARGINAL';
    // 单人保 is only reached in a marginal household: that household is 低保边缘 AND has covered members.
    const householdMarginal = result.outcome === 'MARGINAL' || result.outcome === 'INDIVIDUAL_COVERAGE';
    const withIndividual = result.outcome === 'INDIVIDUAL_COVERAGE';
    const eligible = marginalProgram ? householdMarginal : result.eligible;
    const reasons: Reason[] = [...result.reasons];
    if (marginalProgram && result.outcome === 'ELIGIBLE') {
      reasons.push({ code: 'ELIGIBLE_FOR_MINIMUM_LIVING_ALLOWANCE', en: 'Eligible for 低保 itself, not marginal', zh: '符合低保条件，不属于低保边缘家庭' });
    }
    // 低保边缘 is a status: no monthly allowance of its own (special assistance follows from it); with
    // a 单人保 member the same decision covers that member and pays the 单人保 amount.
    const pays = !marginalProgram || withIndividual;
    return {
      ...common,
      eligible,
      outcome: marginalProgram && withIndividual ? 'MARGINAL_WITH_INDIVIDUAL_COVERAGE' : result.outcome,
      coverage: withIndividual ? 'INDIVIDUAL' : 'HOUSEHOLD',
      ...(householdMarginal ? { householdMarginal: true } : {}),
      monthlyAmountFen: pays ? result.monthlyAmountFen : 0,
      baseAmountFen: pays ? result.baseAmountFen : 0,
      supplements: pays ? result.supplements.map((s) => ({ ...s })) : [],
      coveredMemberIds: marginalProgram && !withIndividual ? income.counted.map((m) => m.memberId) : result.coveredMemberIds,
      householdSize: income.counted.length,
      householdMonthlyIncomeFen: income.total,
      perCapitaMonthlyIncomeFen: result.perCapitaIncomeFen,
      ...reviewOf(result.review?.householdClass ?? ruleReviewClass(household.members)),
      selfCareLevel: null,
      temporary: null,
      verification: { verificationId: report.verificationId, reportVersion: report.reportVersion },
      reasons,
      explanation: explained(household, report.facts, result.explanation),
    };
  }

  if (program === 'EXTREME_POVERTY_SUPPORT') {
    const report = requireFacts(input);
    const inputs = input.extremePoverty;
    if (!inputs) {
      throw ruleError(
        'extreme_poverty_assessment_missing',
        '特困 needs the self-care assessment (six activities) and the supporters established by the officers',
        'extremePoverty',
      );
    }
    const person = household.members.find((m) => m.memberId === inputs.memberId);
    if (!person) throw ruleError('unknown_member', `Member ${inputs.memberId} is not in the household`, 'extremePoverty.memberId');
    const own = new Set([person.memberId]);
    const mine = <T extends { memberId?: string }>(items: readonly T[]) => items.filter((i) => belongsToHousehold(i.memberId, own));
    const facts = report.facts;
    const result = assessExtremePoverty({
      person: ruleMember(person),
      incomes: facts.incomes.filter((i) => i.memberId === person.memberId),
      assets: {
        financialAssets: mine(facts.financialAssets),
        vehicles: mine(facts.vehicles),
        businesses: mine(facts.businesses),
        homes: mine(facts.homes),
      },
      supporters: inputs.supporters,
      selfCare: inputs.selfCare,
      supplyMode: inputs.supplyMode ?? null,
      assessmentDate,
      policy,
    });
    return {
      ...common,
      eligible: result.eligible,
      outcome: result.outcome,
      coverage: 'INDIVIDUAL',
      monthlyAmountFen: result.monthlyAmountFen,
      baseAmountFen: result.basicLivingFen,
      supplements: result.careAllowanceFen > 0 ? [{ memberId: person.memberId, category: 'CARE_ALLOWANCE', amountFen: result.careAllowanceFen }] : [],
      coveredMemberIds: [person.memberId],
      householdSize: 1,
      householdMonthlyIncomeFen: result.monthlyIncomeFen,
      perCapitaMonthlyIncomeFen: result.monthlyIncomeFen,
      ...reviewOf('STABLE'),
      selfCareLevel: result.selfCareLevel,
      temporary: null,
      verification: { verificationId: report.verificationId, reportVersion: report.reportVersion },
      reasons: result.reasons,
      explanation: explained(household, facts, result.explanation),
    };
  }

  // TEMPORARY_ASSISTANCE
  const t = input.temporary;
  if (!t) throw ruleError('temporary_assistance_request_missing', 'The requested amount of temporary assistance is missing', 'temporary');
  const counted = countedMembers(household.members.map(ruleMember));
  const result = assessTemporaryAssistance({
    assistanceType: t.assistanceType,
    householdSize: counted.length,
    requestedFen: t.requestedAmountFen,
    instalmentMonths: t.instalmentMonths,
    firstPaymentMonth: t.firstPaymentMonth,
    policy,
  });
  const report = input.verification ? withDeclaration(household, input.verification) : null;
  const income = report ? householdIncome(household, report.facts, policy) : null;
  return {
    ...common,
    eligible: result.grantableFen > 0,
    outcome: result.approval.authority === 'STREET_OFFICE' ? 'STREET_OFFICE_APPROVES' : 'COUNTY_APPROVAL_REQUIRED',
    coverage: 'HOUSEHOLD',
    monthlyAmountFen: result.grantableFen,
    baseAmountFen: result.grantableFen,
    supplements: [],
    coveredMemberIds: counted.map((m) => m.memberId),
    householdSize: counted.length,
    householdMonthlyIncomeFen: income?.total ?? 0,
    perCapitaMonthlyIncomeFen: income?.perCapita ?? 0,
    ...reviewOf(ruleReviewClass(household.members)),
    selfCareLevel: null,
    temporary: {
      assistanceType: result.assistanceType,
      requestedFen: result.requestedFen,
      capFen: result.capFen,
      grantableFen: result.grantableFen,
      authority: result.approval.authority,
      instalments: result.instalments,
      emergencyAdvanceMaxFen: result.emergencyAdvance?.maxAdvanceFen ?? null,
    },
    verification: input.verification ? { verificationId: input.verification.verificationId, reportVersion: input.verification.reportVersion } : null,
    reasons: result.reasons,
    explanation: result.explanation,
  };
}

/** Rule-engine reason codes that are grounds for refusal, in the contract's refusal codes. */
const REFUSAL_CODES: Record<string, WrittenReason['code']> = {
  INCOME_NOT_BELOW_STANDARD: 'INCOME_ABOVE_STANDARD',
  FINANCIAL_ASSETS_OVER_LIMIT: 'FINANCIAL_ASSETS_ABOVE_LIMIT',
  VEHICLE_OVER_LIMIT: 'VEHICLE_ABOVE_LIMIT',
  BUSINESS_PROFIT_OVER_LIMIT: 'BUSINESS_ABOVE_LIMIT',
  TOO_MANY_HOMES: 'HOUSING_ABOVE_LIMIT',
  HOME_AREA_OVER_LIMIT: 'HOUSING_ABOVE_LIMIT',
  SUPPORTER_ABLE_TO_SUPPORT: 'HAS_ABLE_SUPPORTER',
  HAS_WORK_ABILITY: 'HAS_WORK_ABILITY',
  NO_MEMBER_COVERED: 'OTHER',
  ELIGIBLE_FOR_MINIMUM_LIVING_ALLOWANCE: 'OTHER',
  INCOME_NOT_BELOW_MARGINAL_LINE: 'INCOME_ABOVE_STANDARD',
};

/** The written reasons an ineligible assessment gives (Chinese wording of the rules). */
export function refusalReasonsOf(assessment: CaseAssessment): WrittenReason[] {
  if (assessment.eligible) return [];
  return assessment.reasons
    .filter((r) => REFUSAL_CODES[r.code] !== undefined)
    .map((r) => ({ code: REFUSAL_CODES[r.code]!, description: r.zh, ...(r.memberId ? { memberId: r.memberId } : {}) }));
}
