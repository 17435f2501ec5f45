/**
 * The catalogue of public integration events: which context produces each type, its schema
 * versions, and who consumes it. The TypeScript data types and the JSON Schema files are tied to
 * this table (a unit test checks every type has its schema file per version and vice versa).
 */
import type { Context } from './contexts';
import type { ApplicationAcceptedV1, ApplicationAcceptedV2, ApplicationWithdrawnV1, LeadReportedV1 } from './events/intake';
import type {
  HouseholdVerifiedV1,
  HouseholdVerifiedV2,
  ManualVerificationRequiredV1,
  VerificationObjectionResolvedV1,
} from './events/verification';
import type {
  AssistanceGrantedV1,
  AssistanceGrantedV2,
  AssistanceGrantedV3,
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
import type {
  ArrearsPaidV1,
  OverpaymentRecoveredV1,
  PaymentIssuedV1,
  PaymentIssuedV2,
  PaymentReturnedV1,
  PaymentRunCompletedV1,
  RepaymentPlanRecordedV1,
} from './events/disbursement';
import type {
  AssistanceExitedV1,
  ChangeRequestedV1,
  ChangeRequestedV2,
  ComplaintResolvedV1,
  ReverificationRequestedV1,
  ReviewCompletedV1,
} from './events/follow-up';

/** Data type of every event type, per schema version. */
export interface EventDataByVersion {
  ApplicationAccepted: { 1: ApplicationAcceptedV1; 2: ApplicationAcceptedV2 };
  ApplicationWithdrawn: { 1: ApplicationWithdrawnV1 };
  LeadReported: { 1: LeadReportedV1 };
  HouseholdVerified: { 1: HouseholdVerifiedV1; 2: HouseholdVerifiedV2 };
  ManualVerificationRequired: { 1: ManualVerificationRequiredV1 };
  VerificationObjectionResolved: { 1: VerificationObjectionResolvedV1 };
  AssistanceGranted: { 1: AssistanceGrantedV1; 2: AssistanceGrantedV2; 3: AssistanceGrantedV3 };
  AssistanceRefused: { 1: AssistanceRefusedV1; 2: AssistanceRefusedV2 };
  HolidayCalendarPublished: { 1: HolidayCalendarPublishedV1 };
  BenefitChanged: { 1: BenefitChangedV1; 2: BenefitChangedV2; 3: BenefitChangedV3; 4: BenefitChangedV4; 5: BenefitChangedV5 };
  EmergencyAdvanceApproved: { 1: EmergencyAdvanceApprovedV1 };
  PaymentIssued: { 1: PaymentIssuedV1; 2: PaymentIssuedV2 };
  PaymentReturned: { 1: PaymentReturnedV1 };
  PaymentRunCompleted: { 1: PaymentRunCompletedV1 };
  ArrearsPaid: { 1: ArrearsPaidV1 };
  OverpaymentRecovered: { 1: OverpaymentRecoveredV1 };
  RepaymentPlanRecorded: { 1: RepaymentPlanRecordedV1 };
  ReviewCompleted: { 1: ReviewCompletedV1 };
  ChangeRequested: { 1: ChangeRequestedV1; 2: ChangeRequestedV2 };
  ComplaintResolved: { 1: ComplaintResolvedV1 };
  ReverificationRequested: { 1: ReverificationRequestedV1 };
  AssistanceExited: { 1: AssistanceExitedV1 };
}

export type IntegrationEventType = keyof EventDataByVersion;
export type EventSchemaVersion<K extends IntegrationEventType> = keyof EventDataByVersion[K] & number;
/** Data of event type K at schema version V (default: the current version). */
export type EventData<
  K extends IntegrationEventType,
  V extends EventSchemaVersion<K> = (typeof EVENT_CATALOGUE)[K]['currentVersion'] & EventSchemaVersion<K>,
> = EventDataByVersion[K][V];

/** Data of event type K at any of its schema versions: what a consumer must accept. */
export type EventDataOfAnyVersion<K extends IntegrationEventType> = EventDataByVersion[K][EventSchemaVersion<K>];

export interface CatalogueEntry {
  /** Producing context (and so the topic). */
  context: Context;
  /** Every published schema version. */
  versions: readonly number[];
  /** The version producers publish now. */
  currentVersion: number;
  /** Contexts that handle the event. */
  consumers: readonly Context[];
  /** Data field used as CloudEvents subject and Kafka key. */
  key: 'caseId' | 'runId' | 'calendarId';
  summary: string;
}

export const EVENT_CATALOGUE = {
  ApplicationAccepted: {
    context: 'intake',
    versions: [1, 2],
    // v2 (contracts v2, issue 14): adds payeeBankAccount; consumers accept 1 and 2.
    currentVersion: 2,
    consumers: ['verification', 'eligibility'],
    key: 'caseId',
    summary: '受理: complete application accepted; household snapshot, declared income/assets, consents; decision clock starts.',
  },
  ApplicationWithdrawn: {
    context: 'intake',
    versions: [1],
    currentVersion: 1,
    consumers: ['verification', 'eligibility'],
    key: 'caseId',
    summary: 'Accepted application withdrawn before the decision: stop verification and review.',
  },
  LeadReported: {
    context: 'intake',
    versions: [1],
    currentVersion: 1,
    consumers: ['follow-up'],
    key: 'caseId',
    summary: '主动发现: hardship lead; about an existing case it triggers a follow-up review.',
  },
  HouseholdVerified: {
    context: 'verification',
    versions: [1, 2],
    // v2: adds the unrounded facts.householdIncome; consumers accept 1 and 2.
    currentVersion: 2,
    consumers: ['eligibility', 'follow-up'],
    key: 'caseId',
    summary: '核对报告: items per member and source, members not queried, aggregated income/asset facts.',
  },
  ManualVerificationRequired: {
    context: 'verification',
    versions: [1],
    currentVersion: 1,
    consumers: ['eligibility', 'follow-up'],
    key: 'caseId',
    summary: 'Platform could not (fully) answer: outstanding facts to establish by hand.',
  },
  VerificationObjectionResolved: {
    context: 'verification',
    versions: [1],
    currentVersion: 1,
    consumers: ['eligibility', 'follow-up'],
    key: 'caseId',
    summary: 'Re-check after a household objection done; points to the corrected report version.',
  },
  AssistanceGranted: {
    context: 'eligibility',
    versions: [1, 2, 3],
    // v2 (an approval ordered on appeal, start month possibly in the past) is published only then (schemaVersion: 2 given explicitly);
    // v3 (v2 + the policy's 追回 cap, overpaymentRecovery) only when the decision's policy sets that cap (schemaVersion: 3).
    currentVersion: 1,
    consumers: ['disbursement', 'follow-up', 'intake'],
    key: 'caseId',
    summary: 'Approval: monthly amount (or instalments), start month, members, supplements, review class/interval, recipient (v2, only for an approval ordered on appeal: the appeal, start month possibly in the past; v3, only when the policy sets it: + the policy\'s monthly 追回 cap).',
  },
  AssistanceRefused: {
    context: 'eligibility',
    versions: [1, 2],
    // v2 is published only while the notice deadline is open (schemaVersion: 2 given explicitly).
    currentVersion: 1,
    consumers: ['intake', 'follow-up'],
    key: 'caseId',
    summary: 'Refusal with reasons and the written-notice deadline (v2, only while that deadline is open: noticeDueOn null + calendarMissing year).',
  },
  HolidayCalendarPublished: {
    context: 'eligibility',
    versions: [1],
    currentVersion: 1,
    // Every context that counts working days (follow-up counts calendar days and months only).
    consumers: ['intake', 'verification', 'disbursement'],
    key: 'calendarId',
    summary: '节假日安排: a year\'s holidays and 调休 make-up working days as published by a policy_admin; a correction is the next version, superseding the previous one whole.',
  },
  BenefitChanged: {
    context: 'eligibility',
    versions: [1, 2, 3, 4, 5],
    // v2 was published only while the written-notice deadline was open; v3 (every change) adds proposedBy;
    // v4 (trigger APPEAL + the appeal) is published only for a change an appeal's outcome caused (schemaVersion: 4 given explicitly);
    // v5 (v3 / v4 + the policy's 追回 cap, overpaymentRecovery) only when the change's policy sets that cap (schemaVersion: 5).
    currentVersion: 3,
    // intake closes a case on a termination (services/intake/src/messaging/eligibility-outcomes.ts).
    consumers: ['disbursement', 'follow-up', 'intake'],
    key: 'caseId',
    summary: 'Increase, decrease, taper (渐退 schedule), suspension, termination or resumption from a month (v4, only for a change an appeal caused: trigger APPEAL + the appeal; v5, only when the change\'s policy sets it: + the policy\'s monthly 追回 cap, the appeal optional).',
  },
  EmergencyAdvanceApproved: {
    context: 'eligibility',
    versions: [1],
    currentVersion: 1,
    consumers: ['disbursement'],
    key: 'caseId',
    summary: '先行救助 approved: amount within the case\'s limit under the policy in force, payee, paperwork period.',
  },
  PaymentIssued: {
    context: 'disbursement',
    versions: [1, 2],
    // v2: no placeholder entitlementId for an emergency advance (advanceId instead).
    currentVersion: 2,
    consumers: ['follow-up'],
    key: 'caseId',
    summary: 'One payment sent to the bank (run, reissue or emergency advance).',
  },
  PaymentReturned: {
    context: 'disbursement',
    versions: [1],
    currentVersion: 1,
    consumers: ['follow-up'],
    key: 'caseId',
    summary: '退回: the bank returned a payment (closed account, recipient deceased …).',
  },
  PaymentRunCompleted: {
    context: 'disbursement',
    versions: [1],
    currentVersion: 1,
    consumers: [],
    key: 'runId',
    summary: 'A month\'s payment run of a jurisdiction is complete (totals per program); for reporting and audit.',
  },
  ArrearsPaid: {
    context: 'disbursement',
    versions: [1],
    currentVersion: 1,
    consumers: [],
    key: 'caseId',
    summary: '补发 settled by a run: the arrears of a retroactive decision, netted against an outstanding overpayment, the rest paid as its own bank-file line.',
  },
  OverpaymentRecovered: {
    context: 'disbursement',
    versions: [1],
    currentVersion: 1,
    consumers: [],
    key: 'caseId',
    summary: '追回: part of an overpayment recovered, by offset against a payment (within the monthly cap) or by a repayment under a plan.',
  },
  RepaymentPlanRecorded: {
    context: 'disbursement',
    versions: [1],
    currentVersion: 1,
    consumers: [],
    key: 'caseId',
    summary: '退款计划: the case ended with an overpayment outstanding; instalments and due months adding up to it.',
  },
  ReviewCompleted: {
    context: 'follow-up',
    versions: [1],
    currentVersion: 1,
    consumers: ['eligibility'],
    key: 'caseId',
    summary: 'Periodic/triggered review done: findings, recommended outcome, next review month.',
  },
  ChangeRequested: {
    context: 'follow-up',
    versions: [1, 2],
    // v2: adds recommendation and reasons.
    currentVersion: 2,
    consumers: ['eligibility'],
    key: 'caseId',
    summary: 'Change of circumstances for eligibility to decide (recalculate, suspend, terminate, resume).',
  },
  ComplaintResolved: {
    context: 'follow-up',
    versions: [1],
    currentVersion: 1,
    consumers: ['eligibility'],
    key: 'caseId',
    summary: '监督举报 handled: outcome, actions, fraud suspicion.',
  },
  ReverificationRequested: {
    context: 'follow-up',
    versions: [1],
    currentVersion: 1,
    consumers: ['verification'],
    key: 'caseId',
    summary: 'Follow-up asks verification for a recertification re-check (members, consents, period).',
  },
  AssistanceExited: {
    context: 'follow-up',
    versions: [1],
    currentVersion: 1,
    consumers: ['intake'],
    key: 'caseId',
    summary: 'The household left recurring assistance (termination, or the end of a taper): the follow-up case is closed.',
  },
} as const satisfies Record<IntegrationEventType, CatalogueEntry>;

export const INTEGRATION_EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as IntegrationEventType[];

export function isIntegrationEventType(value: unknown): value is IntegrationEventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, value);
}

export function catalogueEntry(type: IntegrationEventType): CatalogueEntry {
  return EVENT_CATALOGUE[type];
}

/** Event types a context produces. */
export function eventTypesOf(context: Context): IntegrationEventType[] {
  return INTEGRATION_EVENT_TYPES.filter((t) => EVENT_CATALOGUE[t].context === context);
}

/** Event types a context consumes. */
export function eventTypesConsumedBy(context: Context): IntegrationEventType[] {
  return INTEGRATION_EVENT_TYPES.filter((t) => (EVENT_CATALOGUE[t].consumers as readonly Context[]).includes(context));
}
