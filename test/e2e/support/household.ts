/**
 * The worked-example household of DOMAIN-RULES.md as the simulator knows it (test/simulator/fixtures.ts,
 * WORKED_EXAMPLE): 张伟 ¥1,500 wages, 李娜 ¥300, 张小明 a minor. Under the seeded policy 330106-2026-01
 * (¥1,000 standard, GAP, +10 % for a minor): 3 × 1,000 − 1,800 = 1,200, + 100 = ¥1,300 a month.
 * The application is made in 杭州市西湖区 (community 330106001001) so that the seeded policy applies.
 */
import { WORKED_EXAMPLE, type FixtureHousehold, type FixtureMember } from '../../simulator/fixtures';

export const COMMUNITY = '330106001001';
export const STREET = '330106001';
export const DISTRICT = '330106';

const SOURCES = ['HOUSEHOLD_REGISTRATION', 'TAX', 'SOCIAL_INSURANCE', 'REAL_ESTATE', 'BUSINESS_REGISTRATION', 'HOUSING_FUND', 'VEHICLES', 'BANK_DEPOSITS', 'INSURANCE', 'SECURITIES'];

const [applicant, spouse, child] = WORKED_EXAMPLE.members as [typeof WORKED_EXAMPLE.members[0], typeof WORKED_EXAMPLE.members[0], typeof WORKED_EXAMPLE.members[0]];
export const APPLICANT_RESIDENT_ID = applicant.residentId;
export const HOUSEHOLD_RESIDENT_IDS = [applicant.residentId, spouse.residentId, child.residentId];
/** The household's phone and the applicant's bank account (the leak search of issue 18 looks for them). */
export const HOUSEHOLD_PHONE = '13800000000';
export const HOUSEHOLD_NAMES = [applicant.name, spouse.name, child.name];
/** The members' birth dates as they are stored (YYYY-MM-DD, sealed everywhere; the leak search looks for them). */
export const HOUSEHOLD_BIRTH_DATES = [applicant.birthDate, spouse.birthDate, child.birthDate];
export const BANK_ACCOUNT_NUMBER = '6228480402564890018';
/** The household's address (sealed everywhere; the leak search looks for it). */
export const HOUSEHOLD_ADDRESS = '浙江省杭州市西湖区北山街道某社区 8 幢 302';
/**
 * The applicant's bank deposit in fen, declared in the application and answered by the platform (the simulator's
 * WORKED_EXAMPLE), with the platform's record reference: income details the leak search looks for (issue 18).
 */
export const HOUSEHOLD_DEPOSIT_FEN = 862011;
export const HOUSEHOLD_DEPOSIT_RECORD_REF = 'ACC-6222-0001';
/**
 * The applicant's monthly wages as the platform reports them from the review month on (fen): a member's income,
 * held only in sealed figures (verified items and facts, the rule explanation); the leak search looks for it. The
 * household-level income it adds up to stays in clear by design (statistics), a different figure.
 */
export const APPLICANT_RAISED_WAGES_FEN = 330000;
/**
 * A marker written into the officers' free text of the journey (issue 18, free text): the home visits' findings, the
 * opinions' notes, the review notes, the follow-up review's visit note and summary — texts that can carry health,
 * income and family details and are sealed. The leak search looks for it: 0 occurrences in clear.
 */
export const FREE_TEXT_MARKER = '核查记录TXT-Q7Z3X9';

/**
 * A marker written into the decisions' recorded reasons (审核确认意见: the approval, the refusal, the taper decision) —
 * a top-level `reason` of CaseApproved / CaseRefused, the envelope's `metadata.reason` (Kafka `ce_reason`), intake's
 * closure reason (ApplicationClosedAfterDecision, `applications.closed_reason`). Sealed by event type and in the
 * envelope (issue 18); the leak search looks for it: 0 occurrences in clear.
 */
export const REASON_MARKER = '审核意见TXT-R4N8W2';

/** `YYYY-MM` n months before the month of `today` (YYYY-MM-DD). */
function monthBefore(today: string, n: number): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) - n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** The member's monthly wages as the platform reports them (a fixed amount), 0 if none. */
const wagesFen = (m: FixtureMember): number => {
  const w = m.incomes.find((x) => x.source === 'TAX' && x.type === 'WAGES');
  return typeof w?.monthlyFen === 'number' ? w.monthlyFen : 0;
};

/**
 * The application of a household as the simulator knows it (default: the worked example; the load benches pass
 * `syntheticHousehold(i)`): its members, their wages for the two months before, the applicant's deposit and the
 * home, all as the platform will report them.
 */
export function applicationForm(caseId: string, today: string, household: FixtureHousehold = WORKED_EXAMPLE): Record<string, unknown> {
  const months = [monthBefore(today, 2), monthBefore(today, 1)];
  const [applicant, spouse, child] = household.members as [FixtureMember, FixtureMember, FixtureMember];
  const deposit = applicant.stocks.find((s) => s.source === 'BANK_DEPOSITS')?.record.valueFen ?? 0;
  const floorAreaSqm = applicant.stocks.find((s) => s.source === 'REAL_ESTATE')?.record.quantity ?? 0;
  return {
    caseId,
    jurisdiction: COMMUNITY,
    channel: 'IN_PERSON',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    household: {
      registeredResidence: COMMUNITY,
      address: household === WORKED_EXAMPLE ? HOUSEHOLD_ADDRESS : household.address,
      phone: HOUSEHOLD_PHONE,
      members: [
        { residentId: applicant.residentId, name: applicant.name, relation: 'APPLICANT', livesWithApplicant: true, workAbility: 'PARTIAL', employment: { status: 'FLEXIBLE_EMPLOYMENT', employer: '零工' } },
        { residentId: spouse.residentId, name: spouse.name, relation: 'SPOUSE', livesWithApplicant: true, workAbility: 'PARTIAL', employment: { status: 'FLEXIBLE_EMPLOYMENT' } },
        { residentId: child.residentId, name: child.name, relation: 'CHILD', livesWithApplicant: true, workAbility: 'NONE', employment: { status: 'STUDENT', educationLevel: 'JUNIOR_SECONDARY' } },
      ],
    },
    declaration: {
      income: months.flatMap((month) => [
        { residentId: applicant.residentId, type: 'WAGES', month, amountFen: wagesFen(applicant) },
        { residentId: spouse.residentId, type: 'WAGES', month, amountFen: wagesFen(spouse) },
      ]),
      assets: [
        { kind: 'BANK_DEPOSIT', ownerResidentIds: [applicant.residentId], description: '活期存款', valueFen: deposit },
        { kind: 'REAL_ESTATE', ownerResidentIds: [applicant.residentId, spouse.residentId], description: '自住房一套', floorAreaSqm },
      ],
      documentRef: 'doc:declaration:journey',
      signedOn: today,
    },
    bankAccount: { bankName: '中国农业银行杭州西湖支行', holderName: applicant.name, holderResidentId: applicant.residentId, accountNumber: BANK_ACCOUNT_NUMBER },
    identityDocuments: [applicant, spouse, child].map((m) => ({ residentId: m.residentId, documentRef: `doc:id:${m.key}` })),
    commitment: { documentRef: 'doc:commitment:journey', signedOn: today },
    consents: [applicant, spouse].map((m) => ({ residentId: m.residentId, signedOn: today, sources: SOURCES, documentRef: `doc:consent:${m.key}` })),
  };
}
