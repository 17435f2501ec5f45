/** Review-case test fixtures: the worked example household, officers, a 2026 calendar and command builders. */
import { fold } from '@sa/decider';
import { buildWorkingDayCalendar } from '../calendar';
import type { CalendarDate } from '../calendar-date';
import { DEFAULT_POLICY_VERSION } from '../policy-catalogue/default-policy';
import { PolicyParameters, PolicyVersion } from '../policy/policy-version';
import {
  ActorRef,
  CaseMember,
  createReviewCaseDecider,
  NATIONAL_DEFAULT_DEADLINES,
  ReviewCaseCommand,
  ReviewCaseCommandMetadata,
  ReviewCaseEvent,
  ReviewCaseState,
  VerificationFacts,
} from '../review-case';

export const CASE_ID = '3f0c6d1e-8b2a-4c5d-9e7f-0a1b2c3d4e5f';
export const CASE_NUMBER = '330106-2026-000123';
export const COMMUNITY = '330106001001';
export const A = '6a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c';
export const B = '7b2a1c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d';
export const C = '8c3b2d4e-5f6a-4b7c-8d9e-9f0a1b2c3d4e';

/** 2026 public holidays and 调休 make-up days (as published; same data as chinese-days). */
export const HOLIDAYS_2026 = [
  '2026-01-01', '2026-01-02', '2026-01-03', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
  '2026-02-21', '2026-02-22', '2026-02-23', '2026-04-04', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-02', '2026-05-03',
  '2026-05-04', '2026-05-05', '2026-06-19', '2026-06-20', '2026-06-21', '2026-09-25', '2026-09-26', '2026-09-27', '2026-10-01',
  '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
];
export const MAKE_UP_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

export const calendar2026 = buildWorkingDayCalendar({
  holidays: HOLIDAYS_2026,
  makeUpWorkdays: MAKE_UP_2026,
  coverage: { from: '2026-01-01', to: '2026-12-31' },
});

export const decider = createReviewCaseDecider({ calendar: calendar2026 });

export const SYSTEM: ActorRef = { id: 'sa-eligibility', role: 'system', jurisdiction: COMMUNITY };
export const PROPOSER: ActorRef = { id: 'officer-street-001', role: 'street_officer', jurisdiction: '330106001' };
export const VISITOR_1: ActorRef = { id: 'officer-street-002', role: 'street_officer', jurisdiction: '330106001' };
export const VISITOR_2 = { id: 'officer-community-003', role: 'community_officer', jurisdiction: COMMUNITY };
export const REVIEWER: ActorRef = { id: 'officer-street-017', role: 'street_reviewer', jurisdiction: '330106001' };
export const COUNTY: ActorRef = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' };
export const COUNTY_VISITOR_1 = { id: 'officer-county-010', jurisdiction: '330106' };
export const COUNTY_VISITOR_2 = { id: 'officer-county-011', jurisdiction: '330106' };

export const policy: PolicyVersion = DEFAULT_POLICY_VERSION;

export function policyWith(parameters: Partial<PolicyParameters>, version: Partial<PolicyVersion> = {}): PolicyVersion {
  return { ...policy, ...version, parameters: { ...policy.parameters, ...parameters } };
}

export function caseMember(memberId: string, name: string, relation: string, overrides: Partial<CaseMember> = {}): CaseMember {
  return {
    memberId,
    name,
    relation,
    birthDate: '1980-03-12',
    included: true,
    disability: null,
    severeIllness: null,
    workAbility: 'FULL',
    ...overrides,
  };
}

export const HOUSEHOLD = {
  applicantMemberId: A,
  members: [
    caseMember(A, '张伟', 'APPLICANT', { workAbility: 'PARTIAL' }),
    caseMember(B, '李娜', 'SPOUSE', { birthDate: '1982-07-05', workAbility: 'PARTIAL', disability: { grade: 3, category: 'PHYSICAL' } }),
    caseMember(C, '张小明', 'CHILD', { birthDate: '2012-09-15', workAbility: 'NONE' }),
  ],
};

export function facts(monthlyWagesOfA: number): VerificationFacts {
  return {
    incomes: monthlyWagesOfA > 0 ? [{ memberId: A, type: 'WAGES', monthlyAverageFen: monthlyWagesOfA }] : [],
    financialAssets: [{ memberId: A, kind: 'BANK_DEPOSIT', valueFen: 862011 }],
    vehicles: [],
    businesses: [],
    homes: [{ memberId: A, areaSqm: 56.4 }],
  };
}

// ---- command builders (default dates: accepted Mon 2026-03-02 … decided Mon 2026-03-16) ----------

type Data<T extends ReviewCaseCommand['type']> = Extract<ReviewCaseCommand, { type: T }>['data'];

/** What a builder takes: the command's data, and who acts (`actor`) and on which day (`on`), which go into `metadata`. */
export type CommandInput<T extends ReviewCaseCommand['type']> = Partial<Data<T>> & { actor?: ActorRef; on?: CalendarDate };

/** The instant a fixture command is decided at on `on` (09:00 in Asia/Shanghai): `metadata.now`. */
export const instantOn = (on: CalendarDate): string => `${on}T09:00:00+08:00`;

/** `metadata: { actor, now }` of a command by `actor` on `on`. */
export const meta = (actor: ActorRef, on: CalendarDate): ReviewCaseCommandMetadata => ({ actor, now: instantOn(on) });

/** A command of type `type`: `defaults` overridden by `input`, whose `actor` and `on` become its metadata. */
export function reviewCaseCommand<T extends ReviewCaseCommand['type']>(
  type: T,
  defaults: Data<T> & { actor: ActorRef; on: CalendarDate },
  input: CommandInput<T> = {},
): Extract<ReviewCaseCommand, { type: T }> {
  const { actor, on, ...data } = { ...defaults, ...input } as unknown as Data<T> & { actor: ActorRef; on: CalendarDate };
  return { type, data, metadata: meta(actor, on) } as unknown as Extract<ReviewCaseCommand, { type: T }>;
}

export const open = (d: CommandInput<'OpenReviewCase'> = {}): ReviewCaseCommand =>
  reviewCaseCommand('OpenReviewCase', {
    caseId: CASE_ID,
    caseNumber: CASE_NUMBER,
    program: 'MINIMUM_LIVING_ALLOWANCE',
    temporaryAssistance: null,
    jurisdiction: COMMUNITY,
    acceptedOn: '2026-03-02',
    household: HOUSEHOLD,
    conflictOfInterest: { flagged: false, memberIds: [] },
    deadlines: NATIONAL_DEFAULT_DEADLINES,
    actor: SYSTEM,
    on: '2026-03-02',
  }, d);

export const receiveFacts = (wagesOfA = 180000, d: CommandInput<'ReceiveVerificationFacts'> = {}): ReviewCaseCommand =>
  reviewCaseCommand('ReceiveVerificationFacts', {
    caseId: CASE_ID,
    verificationId: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b',
    reportVersion: 1,
    purpose: 'INITIAL',
    platformReportRef: 'HD-330106-2026-0008812',
    completedAt: '2026-03-03T16:40:00+08:00',
    facts: facts(wagesOfA),
    outstanding: [],
    actor: SYSTEM,
    on: '2026-03-03',
  }, d);

export const visit = (d: CommandInput<'RecordHomeVisit'> = {}): ReviewCaseCommand =>
  reviewCaseCommand('RecordHomeVisit', {
    visitId: 'visit-1',
    visitedOn: '2026-03-04',
    officers: [
      { id: VISITOR_1.id, jurisdiction: VISITOR_1.jurisdiction },
      { id: VISITOR_2.id, jurisdiction: VISITOR_2.jurisdiction },
    ],
    findings: '家中陈设简陋，申请人打零工，配偶肢体残疾，子女在读初中，与申报情况一致',
    signatureRefs: ['doc:visit/2026/0304-signed'],
    householdSignatureRef: 'doc:visit/2026/0304-household',
    evidenceRefs: ['doc:visit/2026/0304-photos'],
    actor: VISITOR_1,
    on: '2026-03-04',
  }, d);

export const opinion = (d: CommandInput<'IssueInitialOpinion'> = {}): ReviewCaseCommand =>
  reviewCaseCommand('IssueInitialOpinion', { opinionId: 'opinion-1', proposal: 'APPROVE', policy, note: '建议纳入低保', actor: PROPOSER, on: '2026-03-05' }, d);

export const notice = (d: CommandInput<'PostPublicNotice'> = {}): ReviewCaseCommand =>
  reviewCaseCommand('PostPublicNotice', { noticeId: 'notice-1', location: '某社区居务公开栏', actor: PROPOSER, on: '2026-03-06' }, d);

export const submit = (d: CommandInput<'SubmitForDecision'> = {}): ReviewCaseCommand =>
  reviewCaseCommand('SubmitForDecision', { reviewNote: '经审核，情况属实，公示无异议，报区民政局审核确认', actor: REVIEWER, on: '2026-03-13' }, d);

export const decideCase = (d: CommandInput<'DecideCase'> = {}): ReviewCaseCommand =>
  reviewCaseCommand('DecideCase', {
    decisionId: '4a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d',
    outcome: 'APPROVE',
    policy,
    recipient: { memberId: A, bankAccountRef: 'bank-account:7c1e9a', bankAccountMasked: '6222 **** **** 1234' },
    reason: '经审核确认，符合最低生活保障条件',
    evidenceRefs: ['doc:decision/2026/000123'],
    actor: COUNTY,
    on: '2026-03-16',
  }, d);

/** The events `command` produces after `past` (for checks on a few fields of a large event). */
export function decided(past: ReviewCaseEvent[], command: ReviewCaseCommand): ReviewCaseEvent[] {
  const state = stateOf(past);
  const events = decider.decide(command, state);
  fold(decider, events, state);
  return events;
}

/** Runs commands through the decider and returns every event (a past that obeyed the rules). */
export function history(...commands: ReviewCaseCommand[]): ReviewCaseEvent[] {
  let state: ReviewCaseState = decider.initialState;
  const events: ReviewCaseEvent[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, state);
    state = fold(decider, decided, state);
    events.push(...decided);
  }
  return events;
}

export const stateOf = (events: ReviewCaseEvent[]): ReviewCaseState => fold(decider, events);

/** Accepted, verified (¥1,800 a month), visited, proposed (¥1,300), noticed 6–12 March, submitted 13 March. */
export function submittedCase(): ReviewCaseEvent[] {
  return history(open(), receiveFacts(), visit(), opinion(), notice(), submit());
}

/** The worked example approved on 16 March 2026: ¥1,300 a month from April. */
export function approvedCase(): ReviewCaseEvent[] {
  const past = submittedCase();
  return [...past, ...decider.decide(decideCase(), stateOf(past))];
}
