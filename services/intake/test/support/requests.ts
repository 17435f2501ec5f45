/**
 * Request bodies as officers send them: the complete application of the fixtures' household of
 * four, and ways to take parts away.
 */
import { COMMUNITY, IDS } from './fixtures';

export const FULL_SOURCES = [
  'HOUSEHOLD_REGISTRATION',
  'TAX',
  'SOCIAL_INSURANCE',
  'REAL_ESTATE',
  'BUSINESS_REGISTRATION',
  'HOUSING_FUND',
  'VEHICLES',
  'BANK_DEPOSITS',
  'INSURANCE',
  'SECURITIES',
];

export const consentBody = (residentId: string, signedOn = '2026-03-01') => ({
  residentId,
  signedOn,
  sources: FULL_SOURCES,
  documentRef: `doc:consent:${residentId.slice(-4)}`,
});

/** The paste-ready complete application (also in services/intake/README.md). */
export function completeApplicationBody(overrides: Record<string, unknown> = {}) {
  return {
    jurisdiction: COMMUNITY,
    channel: 'IN_PERSON',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    household: {
      registeredResidence: COMMUNITY,
      address: '杭州市西湖区北山街道某社区1幢1单元101室',
      phone: '13800000000',
      members: [
        {
          residentId: IDS.applicant,
          name: '张伟',
          relation: 'APPLICANT',
          livesWithApplicant: true,
          workAbility: 'PARTIAL',
          employment: { status: 'FLEXIBLE_EMPLOYMENT', employer: '零工' },
        },
        {
          residentId: IDS.spouse,
          name: '李娜',
          relation: 'SPOUSE',
          livesWithApplicant: true,
          severeIllness: { condition: '尿毒症', diagnosedOn: '2025-11-20', evidenceRef: 'doc:diagnosis:0002' },
          workAbility: 'NONE',
          employment: { status: 'NOT_IN_LABOUR_FORCE' },
        },
        {
          residentId: IDS.minor,
          name: '张小明',
          relation: 'CHILD',
          livesWithApplicant: true,
          workAbility: 'NONE',
          employment: { status: 'STUDENT', educationLevel: 'PRIMARY' },
        },
        {
          residentId: IDS.student,
          name: '张小红',
          relation: 'CHILD',
          livesWithApplicant: false,
          workAbility: 'FULL',
          employment: { status: 'STUDENT', educationLevel: 'UNDERGRADUATE' },
        },
      ],
      supporters: [
        {
          residentId: IDS.supporter,
          name: '张建国',
          relation: 'PARENT',
          address: '杭州市拱墅区某街道某小区',
          workAbility: 'PARTIAL',
          employment: { status: 'RETIRED' },
        },
      ],
    },
    declaration: {
      income: [
        { residentId: IDS.applicant, type: 'WAGES', month: '2026-01', amountFen: 150000 },
        { residentId: IDS.applicant, type: 'WAGES', month: '2026-02', amountFen: 150000 },
        { residentId: IDS.spouse, type: 'BASIC_RESIDENT_PENSION', month: '2026-02', amountFen: 0 },
      ],
      assets: [
        { kind: 'BANK_DEPOSIT', ownerResidentIds: [IDS.applicant], description: '农业银行活期存款', valueFen: 320000 },
        { kind: 'VEHICLE', ownerResidentIds: [IDS.applicant], description: '电动三轮车', valueFen: 150000, vehicleUse: 'SOLE_LIVELIHOOD' },
        { kind: 'REAL_ESTATE', ownerResidentIds: [IDS.applicant, IDS.spouse], description: '自住房一套', floorAreaSqm: 56.5 },
      ],
      documentRef: 'doc:declaration:0001',
      signedOn: '2026-03-01',
    },
    bankAccount: { bankName: '中国农业银行杭州西湖支行', holderName: '张伟', holderResidentId: IDS.applicant, accountNumber: '6228480402564890018' },
    identityDocuments: [IDS.applicant, IDS.spouse, IDS.minor, IDS.student].map((id) => ({ residentId: id, documentRef: `doc:id:${id.slice(-4)}` })),
    commitment: { documentRef: 'doc:commitment:0001', signedOn: '2026-03-01' },
    consents: [consentBody(IDS.applicant), consentBody(IDS.spouse), consentBody(IDS.student), consentBody(IDS.supporter)],
    ...overrides,
  };
}
