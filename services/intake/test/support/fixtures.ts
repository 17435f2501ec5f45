/**
 * Test fixtures: a household in 西湖区 (330106), valid resident IDs with their GB 11643 check
 * digits computed, and a complete application form. Every test builds on `completeForm()` and
 * takes away or changes what the rule under test is about.
 */
import type { ApplicationForm, Consent, HouseholdMember, OfficerRef } from '../../src/domain';
import { REQUIRED_CONSENT_SOURCES, residentIdCheckCharacter } from '../../src/domain';

export function residentId(area: string, birth: string, sequence: string): string {
  const first17 = `${area}${birth}${sequence}`;
  return `${first17}${residentIdCheckCharacter(first17)}`;
}

/** Same ID with a wrong check character. */
export function withWrongCheckDigit(id: string): string {
  const last = id[17];
  return `${id.slice(0, 17)}${last === '1' ? '2' : '1'}`;
}

export const NOW = '2026-03-02T10:00:00+08:00';
export const TODAY = '2026-03-02';
export const LATER = '2026-03-09T15:30:00+08:00';

export const COMMUNITY = '330106001001'; // 西湖区 北山街道 某社区
export const OTHER_STREET_COMMUNITY = '330106002001';
export const OTHER_DISTRICT_COMMUNITY = '330105001001';

export const IDS = {
  applicant: residentId('330106', '19800315', '001'),
  spouse: residentId('330106', '19820720', '002'),
  minor: residentId('330106', '20150101', '003'),
  student: residentId('330106', '20050601', '004'),
  supporter: residentId('330106', '19550101', '005'),
};

export const OFFICER: OfficerRef = { id: 'officer-zhang', role: 'community_officer', jurisdiction: COMMUNITY };
export const STREET_OFFICER: OfficerRef = { id: 'officer-li', role: 'street_officer', jurisdiction: '330106001' };
export const OUTSIDER: OfficerRef = { id: 'officer-wang', role: 'community_officer', jurisdiction: OTHER_STREET_COMMUNITY };

export const CASE_ID = '0b3c3a52-6d0e-4c55-9b8f-6d1f6a6b7c01';
export const CASE_NUMBER = '330106-2026-000123';

export function member(overrides: Partial<HouseholdMember> & Pick<HouseholdMember, 'residentId' | 'name' | 'relation'>): HouseholdMember {
  return {
    memberId: `00000000-0000-4000-8000-${overrides.residentId.slice(6, 18).replace('X', '0')}`,
    livesWithApplicant: true,
    workAbility: 'FULL',
    employment: { status: 'UNEMPLOYED' },
    ...overrides,
  };
}

export function consent(residentIdOf: string, overrides: Partial<Consent> = {}): Consent {
  return {
    consentId: `00000000-0000-4000-9000-${residentIdOf.slice(6, 18).replace('X', '0')}`,
    residentId: residentIdOf,
    signedOn: '2026-03-01',
    signedBy: 'SELF',
    sources: [...REQUIRED_CONSENT_SOURCES],
    documentRef: `doc:consent:${residentIdOf.slice(-4)}`,
    ...overrides,
  };
}

/** A household of four: applicant, spouse, a minor child and an adult child at university. */
export function completeForm(overrides: Partial<ApplicationForm> = {}): ApplicationForm {
  return {
    jurisdiction: COMMUNITY,
    channel: 'IN_PERSON',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    household: {
      registeredResidence: COMMUNITY,
      address: '杭州市西湖区北山街道某社区1幢1单元101室',
      phone: '13800000000',
      members: [
        member({ residentId: IDS.applicant, name: '张伟', relation: 'APPLICANT', workAbility: 'PARTIAL' }),
        member({
          residentId: IDS.spouse,
          name: '李娜',
          relation: 'SPOUSE',
          severeIllness: { condition: '尿毒症', diagnosedOn: '2025-11-20', evidenceRef: 'doc:diagnosis:0002' },
          workAbility: 'NONE',
          employment: { status: 'NOT_IN_LABOUR_FORCE' },
        }),
        member({ residentId: IDS.minor, name: '张小明', relation: 'CHILD', workAbility: 'NONE', employment: { status: 'STUDENT', educationLevel: 'PRIMARY' } }),
        member({
          residentId: IDS.student,
          name: '张小红',
          relation: 'CHILD',
          livesWithApplicant: false,
          employment: { status: 'STUDENT', educationLevel: 'UNDERGRADUATE' },
        }),
      ],
      supporters: [],
    },
    declaration: {
      income: [
        { residentId: IDS.applicant, type: 'WAGES', month: '2026-01', amountFen: 150000 },
        { residentId: IDS.applicant, type: 'WAGES', month: '2026-02', amountFen: 150000 },
      ],
      assets: [{ kind: 'BANK_DEPOSIT', ownerResidentIds: [IDS.applicant], description: '农业银行活期存款', valueFen: 320000 }],
      documentRef: 'doc:declaration:1',
      signedOn: '2026-03-01',
    },
    bankAccount: { bankName: '中国农业银行杭州西湖支行', holderName: '张伟', holderResidentId: IDS.applicant, accountNumber: '6228480402564890018' },
    identityDocuments: [IDS.applicant, IDS.spouse, IDS.minor, IDS.student].map((id) => ({ residentId: id, documentRef: `doc:id:${id.slice(-4)}` })),
    commitment: { documentRef: 'doc:commitment:1', signedOn: '2026-03-01' },
    consents: [consent(IDS.applicant), consent(IDS.spouse), consent(IDS.student)],
    otherDocuments: [],
    ...overrides,
  };
}
