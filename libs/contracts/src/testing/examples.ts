/**
 * One realistic, valid example per event type (current version), all about the same case: the
 * worked example of DOMAIN-RULES.md (standard ¥1,000, household of 3 with ¥1,800 a month and one
 * minor → ¥1,300 a month). For consumer tests in every service; the contract tests check that each
 * one validates. Resident IDs are synthetic but carry valid GB 11643 check digits.
 */
import type { EventData, IntegrationEventType } from '../catalogue';
import { createIntegrationEvent, type AnyIntegrationEvent, type IntegrationEventMetadata, type TypedIntegrationEvent } from '../envelope';
import { CORE_VERIFICATION_SOURCES, type DeclaredIncome, type IncomeType, type YearMonth } from '../types/common';

export const EXAMPLE_IDS = {
  caseId: '3f0c6d1e-8b2a-4c5d-9e7f-0a1b2c3d4e5f',
  caseNumber: 'DB-440305001-2025-000123',
  applicant: '6a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
  spouse: '7b2a1c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
  child: '8c3b2d4e-5f6a-4b7c-8d9e-9f0a1b2c3d4e',
  leadId: '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a',
  verificationId: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b',
  decisionId: '4a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d',
  entitlementId: '5b6c7d8e-9f0a-4b1c-9d2e-3f4a5b6c7d8e',
  runId: '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f',
  paymentId: '7d8e9f0a-1b2c-4d3e-9f4a-5b6c7d8e9f0a',
  reviewId: '8e9f0a1b-2c3d-4e4f-8a5b-6c7d8e9f0a1b',
  consentApplicant: '9f0a1b2c-3d4e-4f5a-9b6c-7d8e9f0a1b2c',
  consentSpouse: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
  objectionId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  changeRequestId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
  complaintId: 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f',
  requestId: 'd4e5f6a7-b8c9-4d0e-9f1a-3b4c5d6e7f8a',
} as const;

const ids = EXAMPLE_IDS;
const COMMUNITY = '440305001001';
const STREET = '440305001';

function months(from: YearMonth, count: number): YearMonth[] {
  const [y, m] = from.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const total = y * 12 + (m - 1) + i;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

function monthly(type: IncomeType, amountFen: number): DeclaredIncome[] {
  return months('2024-03', 12).map((month) => ({ type, month, amountFen }));
}

const consentScope = {
  sources: CORE_VERIFICATION_SOURCES,
  purposes: ['INITIAL', 'RECERTIFICATION', 'OBJECTION'],
} as const;

const consents = [
  {
    consentId: ids.consentApplicant,
    memberId: ids.applicant,
    signedOn: '2025-03-03',
    signedBy: 'SELF' as const,
    scope: { sources: [...consentScope.sources], purposes: [...consentScope.purposes] },
    documentRef: 'doc:consent/2025/000123-1',
    validUntil: '2028-03-02',
  },
  {
    consentId: ids.consentSpouse,
    memberId: ids.spouse,
    signedOn: '2025-03-03',
    signedBy: 'SELF' as const,
    scope: { sources: [...consentScope.sources], purposes: [...consentScope.purposes] },
    documentRef: 'doc:consent/2025/000123-2',
    validUntil: '2028-03-02',
  },
];

const streetReviewer = { id: 'officer-street-017', role: 'street_reviewer', jurisdiction: STREET };
const countyApprover = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '440305' };
const recipient = {
  memberId: ids.applicant,
  name: '张伟',
  bankAccountRef: 'bank-account:7c1e9a',
  bankAccountMasked: '6222 **** **** 1234',
};
const covered = [
  { memberId: ids.applicant, name: '张伟' },
  { memberId: ids.spouse, name: '李娜' },
  { memberId: ids.child, name: '张小明' },
];
const retrievedAt = '2025-03-06T10:15:00+08:00';

export const EXAMPLE_EVENT_DATA: { [K in IntegrationEventType]: EventData<K> } = {
  ApplicationAccepted: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    jurisdiction: COMMUNITY,
    acceptedOn: '2025-03-04',
    channel: 'IN_PERSON',
    decisionDeadline: { workingDays: 30, dueOn: '2025-04-17', calendarVersion: 'CN-2025' },
    leadId: ids.leadId,
    applicantMemberId: ids.applicant,
    household: {
      address: '广东省深圳市南山区南头街道某社区 8 栋 302',
      members: [
        {
          memberId: ids.applicant,
          name: '张伟',
          residentId: '440305198003121235',
          relation: 'APPLICANT',
          birthDate: '1980-03-12',
          included: true,
          disability: null,
          severeIllness: null,
          workAbility: 'PARTIAL',
          employment: { status: 'FLEXIBLE_EMPLOYMENT', employer: '零工' },
          declaredIncome: monthly('WAGES', 150000),
        },
        {
          memberId: ids.spouse,
          name: '李娜',
          residentId: '440305198207051232',
          relation: 'SPOUSE',
          birthDate: '1982-07-05',
          included: true,
          disability: { grade: 3, category: 'PHYSICAL', certificateRef: 'doc:disability/000456' },
          severeIllness: null,
          workAbility: 'PARTIAL',
          employment: { status: 'FLEXIBLE_EMPLOYMENT' },
          declaredIncome: monthly('WAGES', 30000),
        },
        {
          memberId: ids.child,
          name: '张小明',
          residentId: '440305201209151231',
          relation: 'CHILD',
          birthDate: '2012-09-15',
          included: true,
          disability: null,
          severeIllness: null,
          workAbility: 'NONE',
          employment: { status: 'STUDENT', educationLevel: 'JUNIOR_SECONDARY' },
          declaredIncome: [],
        },
      ],
      declaredAssets: [
        { kind: 'BANK_DEPOSIT', ownerMemberIds: [ids.applicant], description: '活期存款', valueFen: 850000 },
        { kind: 'REAL_ESTATE', ownerMemberIds: [ids.applicant, ids.spouse], description: '自住房一套', floorAreaSqm: 56.4 },
      ],
    },
    consents,
    declarationRef: 'doc:declaration/2025/000123',
    proxySubmission: null,
    conflictOfInterest: { flagged: false, details: [] },
    payeeBankAccount: {
      bankName: '中国农业银行深圳南山支行',
      holderName: '张伟',
      holderMemberId: ids.applicant,
      accountNumber: '6228480402564890018',
      accountMasked: '6228 **** **** 0018',
    },
  },
  ApplicationWithdrawn: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    withdrawnOn: '2025-03-20',
    reason: 'APPLICANT_REQUEST',
    note: '申请人已找到稳定工作，主动撤回申请',
  },
  LeadReported: {
    caseId: ids.caseId,
    concernsExistingCase: false,
    leadId: ids.leadId,
    jurisdiction: COMMUNITY,
    reportedOn: '2025-02-20',
    channel: 'GRID_WORKER',
    hardships: ['LOSS_OF_INCOME', 'DISABILITY'],
    description: '网格员走访发现该户主要劳动力失业，配偶肢体残疾，生活困难',
    person: { name: '张伟', residentId: '440305198003121235', address: '南头街道某社区 8 栋 302' },
    suggestedProgram: 'MINIMUM_LIVING_ALLOWANCE',
    urgency: 'ROUTINE',
    followUpDueOn: '2025-02-27',
  },
  HouseholdVerified: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    verificationId: ids.verificationId,
    reportVersion: 1,
    purpose: 'INITIAL',
    platformReportRef: 'HD-440305-2025-0008812',
    completedAt: '2025-03-07T16:40:00+08:00',
    items: [
      {
        memberId: ids.applicant,
        source: 'SOCIAL_INSURANCE',
        category: 'INCOME',
        kind: 'WAGES',
        description: '灵活就业缴费基数推算工资',
        valueFen: 1800000,
        period: { from: '2024-03', to: '2025-02' },
        retrievedAt,
        consentId: ids.consentApplicant,
        sourceRecordRef: 'SI-88123',
      },
      {
        memberId: ids.spouse,
        source: 'TAX',
        category: 'INCOME',
        kind: 'WAGES',
        valueFen: 360000,
        period: { from: '2024-03', to: '2025-02' },
        retrievedAt,
        consentId: ids.consentSpouse,
      },
      {
        memberId: ids.applicant,
        source: 'BANK_DEPOSITS',
        category: 'ASSET',
        kind: 'BANK_DEPOSIT',
        valueFen: 862011,
        asOf: '2025-03-05',
        retrievedAt,
        consentId: ids.consentApplicant,
      },
      {
        memberId: ids.applicant,
        source: 'REAL_ESTATE',
        category: 'ASSET',
        kind: 'REAL_ESTATE',
        quantity: 56.4,
        asOf: '2025-03-05',
        retrievedAt,
        consentId: ids.consentApplicant,
      },
      {
        memberId: ids.applicant,
        source: 'HOUSEHOLD_REGISTRATION',
        category: 'STATUS',
        kind: 'REGISTERED_RESIDENT',
        description: '户籍在本社区',
        retrievedAt,
        consentId: ids.consentApplicant,
      },
    ],
    membersNotQueried: [
      { memberId: ids.child, reason: 'NO_CONSENT', sources: ['BANK_DEPOSITS', 'SECURITIES'] },
    ],
    unansweredSources: [{ memberId: ids.spouse, source: 'HOUSING_FUND', reason: 'TIMEOUT' }],
    facts: {
      referencePeriod: { from: '2024-03', to: '2025-02' },
      monthlyIncome: [
        { memberId: ids.applicant, type: 'WAGES', totalFen: 1800000, months: 12, monthlyAverageFen: 150000 },
        { memberId: ids.spouse, type: 'WAGES', totalFen: 360000, months: 12, monthlyAverageFen: 30000 },
      ],
      assetTotals: [{ kind: 'BANK_DEPOSIT', memberIds: [ids.applicant], totalFen: 862011 }],
      vehicles: [],
      businesses: [],
      homes: [{ ownerMemberIds: [ids.applicant, ids.spouse], floorAreaSqm: 56.4, usage: 'RESIDENTIAL', location: COMMUNITY }],
      householdIncome: { totalFen: 2160000, months: 12 },
    },
  },
  ManualVerificationRequired: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    verificationId: ids.verificationId,
    purpose: 'INITIAL',
    reasons: [{ code: 'PLATFORM_TIMEOUT', memberId: ids.spouse, source: 'HOUSING_FUND', detail: '公积金中心 72 小时未反馈' }],
    outstanding: [{ memberId: ids.spouse, source: 'HOUSING_FUND' }],
    dueOn: '2025-03-14',
    partialReportVersion: 1,
  },
  VerificationObjectionResolved: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    verificationId: ids.verificationId,
    objectionId: ids.objectionId,
    raisedOn: '2025-03-10',
    resolvedOn: '2025-03-20',
    outcome: 'UPHELD',
    findings: '社保缴费基数不代表实际收入，经单位证明核减',
    correctedReportVersion: 2,
    correctedItems: [
      { memberId: ids.applicant, source: 'SOCIAL_INSURANCE', kind: 'WAGES', previousValueFen: 2400000, correctedValueFen: 1800000 },
    ],
  },
  AssistanceGranted: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    decisionId: ids.decisionId,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    coverage: 'HOUSEHOLD',
    membersCovered: covered,
    baseAmountFen: 120000,
    supplements: [{ memberId: ids.child, category: 'MINOR', amountFen: 10000 }],
    monthlyAmountFen: 130000,
    startMonth: '2025-05',
    assessment: {
      benefitMethod: 'GAP',
      subsistenceStandardFen: 100000,
      householdSize: 3,
      householdMonthlyIncomeFen: 180000,
      perCapitaMonthlyIncomeFen: 60000,
    },
    reviewClass: 'UNSTABLE',
    reviewIntervalMonths: 6,
    policyVersion: '440305-2025-01',
    explanation: [
      { code: 'HOUSEHOLD_INCOME', description: '家庭月收入（近 12 个月平均）', amountFen: 180000 },
      { code: 'PER_CAPITA_INCOME', description: '人均月收入 = 180000 ÷ 3', amountFen: 60000 },
      { code: 'GAP', description: '(低保标准 100000 − 60000) × 3 人', amountFen: 120000, ruleRef: 'subsistenceStandard' },
      { code: 'SUPPLEMENT', description: '未成年人分类施保 10%', amountFen: 10000, memberId: ids.child, ruleRef: 'supplements.MINOR' },
      { code: 'MONTHLY_AMOUNT', description: '月保障金', amountFen: 130000 },
    ],
    proposedBy: streetReviewer,
    decidedBy: countyApprover,
    decisionAuthority: 'COUNTY',
    decidedOn: '2025-04-10',
    recipient,
    jurisdiction: COMMUNITY,
  },
  AssistanceRefused: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    decisionId: ids.decisionId,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    reasons: [{ code: 'INCOME_ABOVE_STANDARD', description: '家庭人均月收入 1100 元，高于低保标准 1000 元' }],
    explanation: [{ code: 'PER_CAPITA_INCOME', description: '人均月收入 = 330000 ÷ 3', amountFen: 110000 }],
    policyVersion: '440305-2025-01',
    proposedBy: streetReviewer,
    decidedBy: countyApprover,
    decisionAuthority: 'COUNTY',
    decidedOn: '2025-04-10',
    noticeDueOn: '2025-04-15',
    jurisdiction: COMMUNITY,
  },
  HolidayCalendarPublished: {
    calendarId: 'CN-2027',
    year: 2027,
    version: 1,
    supersedesVersion: null,
    // EXAMPLE dates only (not the State Council's 2027 notice): New Year and Spring Festival.
    holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
    makeUpWorkdays: ['2027-02-20'],
    source: 'EXAMPLE',
    publishedOn: '2026-11-20',
    publishedBy: { id: 'policy-admin-01', role: 'policy_admin', jurisdiction: '440000' },
  },
  BenefitChanged: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    decisionId: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    program: 'MINIMUM_LIVING_ALLOWANCE',
    changeType: 'TAPER',
    effectiveMonth: '2025-11',
    previousMonthlyAmountFen: 130000,
    taperSchedule: [
      { month: '2025-11', amountFen: 130000 },
      { month: '2025-12', amountFen: 130000 },
      { month: '2026-01', amountFen: 104000 },
      { month: '2026-02', amountFen: 104000 },
      { month: '2026-03', amountFen: 78000 },
      { month: '2026-04', amountFen: 78000 },
    ],
    reason: { code: 'INCOME_INCREASED', description: '申请人稳定就业，家庭人均收入超过低保标准，按规定渐退' },
    trigger: { kind: 'PERIODIC_REVIEW', refId: ids.reviewId },
    explanation: [
      { code: 'PER_CAPITA_INCOME', description: '人均月收入 1150 元 > 标准 1000 元', amountFen: 115000 },
      { code: 'TAPER', description: '渐退 6 个月：100%,100%,80%,80%,60%,60%', ruleRef: 'taperSchedule' },
    ],
    policyVersion: '440305-2025-02',
    proposedBy: streetReviewer,
    decidedBy: countyApprover,
    decidedOn: '2025-10-20',
    jurisdiction: COMMUNITY,
  },
  EmergencyAdvanceApproved: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    advanceId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
    amountFen: 150000,
    advanceLimitFen: 200000,
    policyVersion: '440305-2025-01',
    paperworkWorkingDays: 5,
    recipient,
    reason: '火灾，房屋受损，先行救助',
    approvedBy: streetReviewer,
    approvedOn: '2025-04-03',
    jurisdiction: COMMUNITY,
  },
  PaymentIssued: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    paymentId: ids.paymentId,
    entitlementId: ids.entitlementId,
    runId: ids.runId,
    decisionId: ids.decisionId,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    kind: 'REGULAR',
    paymentMonth: '2025-05',
    amountFen: 130000,
    recipient,
    issuedOn: '2025-05-10',
    bankFileRef: 'bankfile:440305001/2025-05/1',
    jurisdiction: COMMUNITY,
  },
  PaymentReturned: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    paymentId: ids.paymentId,
    runId: ids.runId,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    paymentMonth: '2025-05',
    amountFen: 130000,
    returnedOn: '2025-05-13',
    reason: { code: 'ACCOUNT_FROZEN', bankMessage: '账户冻结' },
    jurisdiction: COMMUNITY,
  },
  PaymentRunCompleted: {
    runId: ids.runId,
    paymentMonth: '2025-05',
    jurisdiction: STREET,
    completedAt: '2025-05-10T17:05:00+08:00',
    paymentCount: 412,
    totalAmountFen: 40210000,
    heldCount: 3,
    byProgram: [
      { program: 'MINIMUM_LIVING_ALLOWANCE', paymentCount: 380, totalAmountFen: 35150000 },
      { program: 'EXTREME_POVERTY_SUPPORT', paymentCount: 32, totalAmountFen: 5060000 },
    ],
    bankFileRefs: ['bankfile:440305001/2025-05/1'],
  },
  ArrearsPaid: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    entitlementId: ids.entitlementId,
    runId: ids.runId,
    decisionId: ids.decisionId,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    months: [
      { month: '2025-03', owedFen: 150000, paidFen: 130000, differenceFen: 20000 },
      { month: '2025-04', owedFen: 150000, paidFen: 130000, differenceFen: 20000 },
    ],
    determinedFen: 40000,
    nettedFen: 0,
    amountFen: 40000,
    paymentId: ids.paymentId,
    paymentMonth: '2025-05',
    issuedOn: '2025-05-10',
    jurisdiction: COMMUNITY,
  },
  OverpaymentRecovered: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    entitlementId: ids.entitlementId,
    overpaymentDecisionId: ids.decisionId,
    method: 'OFFSET',
    amountFen: 39000,
    outstandingFen: 21000,
    recoveredOn: '2025-05-10',
    reason: '多发待遇按月扣减追回（不超过当月待遇的30%）',
    runId: ids.runId,
    paymentMonth: '2025-05',
    against: 'REGULAR',
    againstPaymentId: ids.paymentId,
    capPercent: 30,
    jurisdiction: COMMUNITY,
  },
  RepaymentPlanRecorded: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    entitlementId: ids.entitlementId,
    planId: ids.requestId,
    overpaymentDecisionIds: [ids.decisionId],
    totalFen: 60000,
    instalments: [
      { dueMonth: '2025-11', amountFen: 30000 },
      { dueMonth: '2025-12', amountFen: 30000 },
    ],
    reason: '终止保障后多发待遇，分期退还',
    recordedBy: { id: 'officer-zhao', role: 'disbursement_officer', jurisdiction: STREET },
    recordedOn: '2025-10-20',
    jurisdiction: COMMUNITY,
  },
  ReviewCompleted: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    reviewId: ids.reviewId,
    reviewType: 'PERIODIC',
    dueMonth: '2025-10',
    completedOn: '2025-10-15',
    visit: { visitedOn: '2025-10-09', officerIds: ['officer-community-021', 'officer-street-017'], reportRef: 'doc:visit/2025/7781' },
    verification: { verificationId: '3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d6e', reportVersion: 1 },
    finding: 'CHANGE_FOUND',
    changes: [
      {
        kind: 'INCOME',
        memberId: ids.applicant,
        description: '申请人 2025 年 8 月起在物业公司稳定就业，月工资 3000 元',
        declaredIncome: [
          { type: 'WAGES', month: '2025-08', amountFen: 300000 },
          { type: 'WAGES', month: '2025-09', amountFen: 300000 },
        ],
      },
    ],
    recommendation: 'TAPER',
    summary: '家庭人均收入超过低保标准，建议渐退',
    nextReviewDueMonth: '2026-04',
  },
  AssistanceExited: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    jurisdiction: COMMUNITY,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    reason: 'TAPER_ENDED',
    exitedOn: '2026-07-01',
    decisionId: ids.decisionId,
    finalNote: '渐退期满（最后一个月 2026-06），退出低保',
  },
  ChangeRequested: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    changeRequestId: ids.changeRequestId,
    origin: 'HOUSEHOLD_REPORT',
    requestedChange: 'RECALCULATE',
    reportedOn: '2025-07-02',
    changedOn: '2025-06-20',
    changes: [
      {
        kind: 'MEMBER_JOINED',
        description: '新生儿出生，户籍已登记',
        member: {
          memberId: 'e5f6a7b8-c9d0-4e1f-8a2b-4c5d6e7f8a9b',
          name: '张小红',
          residentId: '440305202506201236',
          relation: 'CHILD',
          birthDate: '2025-06-20',
          included: true,
          disability: null,
          severeIllness: null,
          workAbility: 'NONE',
          employment: { status: 'PRESCHOOL' },
          declaredIncome: [],
        },
        evidenceRefs: ['doc:birth-certificate/2025/3321'],
      },
    ],
    reasons: ['家庭新增人口，需重新核定保障金额'],
    urgent: false,
  },
  ComplaintResolved: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    complaintId: ids.complaintId,
    receivedOn: '2025-08-01',
    resolvedOn: '2025-08-20',
    channel: 'HOTLINE',
    subject: 'WRONGFUL_BENEFIT',
    outcome: 'SUBSTANTIATED',
    findings: '举报反映申请人已就业属实，已启动复核',
    actions: ['REVERIFICATION_REQUESTED', 'CHANGE_REQUESTED'],
    fraudSuspected: false,
    jurisdiction: COMMUNITY,
  },
  ReverificationRequested: {
    caseId: ids.caseId,
    caseNumber: ids.caseNumber,
    requestId: ids.requestId,
    purpose: 'RECERTIFICATION',
    trigger: { kind: 'PERIODIC_REVIEW', refId: ids.reviewId },
    reviewId: ids.reviewId,
    members: [
      { memberId: ids.applicant, name: '张伟', residentId: '440305198003121235' },
      { memberId: ids.spouse, name: '李娜', residentId: '440305198207051232' },
    ],
    referencePeriod: { from: '2024-10', to: '2025-09' },
    consents,
    dueOn: '2025-10-17',
    jurisdiction: COMMUNITY,
  },
};

/** Example metadata: the case is the correlation id; decisions add reason, evidence and policy. */
export function exampleMetadata(type: IntegrationEventType): IntegrationEventMetadata {
  const data = EXAMPLE_EVENT_DATA[type] as unknown as Record<string, unknown>;
  const decision = 'policyVersion' in data && typeof data.policyVersion === 'string';
  return {
    correlationId: typeof data.caseId === 'string' ? data.caseId : String(data.runId ?? data.calendarId),
    causationId: 'cmd-5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    actor: decision ? countyApprover : streetReviewer,
    ...(decision
      ? { reason: '经审核确认', evidenceRefs: ['doc:visit/2025/0420', 'doc:notice/2025/0123'], policyVersion: data.policyVersion as string }
      : {}),
  };
}

/** A full example envelope of a type (current version), e.g. for a consumer's unit test. */
export function exampleIntegrationEvent<K extends IntegrationEventType>(
  type: K,
  id = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
): TypedIntegrationEvent<K> {
  return createIntegrationEvent(type, EXAMPLE_EVENT_DATA[type] as unknown as EventData<K>, {
    id,
    time: '2025-04-10T15:30:00+08:00',
    metadata: exampleMetadata(type),
  });
}

/** The appeal an example decision carries out (行政复议 REVOKED / CHANGED the contested decision). */
export const EXAMPLE_APPEAL = {
  appealId: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b',
  kind: 'ADMINISTRATIVE_REVIEW',
  outcome: 'CHANGED',
  contestedDecisionId: EXAMPLE_IDS.decisionId,
  documentRef: '深南府复决字〔2025〕第7号',
  documentDate: '2025-04-08',
} as const;

/**
 * The versions published only for a decision an appeal caused: BenefitChanged v4 (the example change, trigger
 * APPEAL) and AssistanceGranted v2 (the example grant ordered on appeal, from the month of the decision).
 */
export function exampleAppealIntegrationEvent(type: 'BenefitChanged' | 'AssistanceGranted', id = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9'): AnyIntegrationEvent {
  const options = { id, time: '2025-04-10T15:30:00+08:00', metadata: exampleMetadata(type) };
  if (type === 'BenefitChanged') {
    const base = EXAMPLE_EVENT_DATA.BenefitChanged;
    const data = { ...base, trigger: { kind: 'APPEAL', refId: EXAMPLE_APPEAL.appealId }, appeal: { ...EXAMPLE_APPEAL } };
    return createIntegrationEvent('BenefitChanged', data as unknown as EventData<'BenefitChanged'>, { ...options, schemaVersion: 4 }) as AnyIntegrationEvent;
  }
  const grant = EXAMPLE_EVENT_DATA.AssistanceGranted;
  const data = { ...grant, startMonth: grant.decidedOn.slice(0, 7), appeal: { ...EXAMPLE_APPEAL, outcome: 'REVOKED' } };
  return createIntegrationEvent('AssistanceGranted', data as unknown as EventData<'AssistanceGranted'>, { ...options, schemaVersion: 2 }) as AnyIntegrationEvent;
}

/**
 * BenefitChanged v5, published only when the change's policy sets the 追回 cap: the example change (v3) with
 * `overpaymentRecovery` (20 %), or with `appeal` too (the v4 example plus the cap).
 */
export function exampleRecoveryCapBenefitChanged(options: { monthlyCapPercent?: number; appeal?: boolean; id?: string } = {}): AnyIntegrationEvent {
  const base = options.appeal ? exampleAppealIntegrationEvent('BenefitChanged').data : EXAMPLE_EVENT_DATA.BenefitChanged;
  const data = { ...base, overpaymentRecovery: { monthlyCapPercent: options.monthlyCapPercent ?? 20 } };
  return createIntegrationEvent('BenefitChanged', data as unknown as EventData<'BenefitChanged'>, {
    id: options.id ?? 'c5d6e7f8-a9b0-4c1d-8e2f-3a4b5c6d7e8f',
    time: '2025-04-10T15:30:00+08:00',
    metadata: exampleMetadata('BenefitChanged'),
    schemaVersion: 5,
  }) as AnyIntegrationEvent;
}
