/**
 * The published JSON Schemas, imported statically so that they travel with the compiled code
 * (tsc copies imported JSON into dist) and need no file-system look-up at run time.
 * Adding a schema version: add the file under `schemas/<context>/<EventType>.v<N>.json`, import it
 * here, add N to the catalogue entry's `versions` and the data type to `EventDataByVersion`.
 */
import commonDefinitions from '../schemas/common/definitions.v1.json';
import applicationAcceptedV1 from '../schemas/intake/ApplicationAccepted.v1.json';
import applicationAcceptedV2 from '../schemas/intake/ApplicationAccepted.v2.json';
import applicationWithdrawnV1 from '../schemas/intake/ApplicationWithdrawn.v1.json';
import leadReportedV1 from '../schemas/intake/LeadReported.v1.json';
import householdVerifiedV1 from '../schemas/verification/HouseholdVerified.v1.json';
import householdVerifiedV2 from '../schemas/verification/HouseholdVerified.v2.json';
import manualVerificationRequiredV1 from '../schemas/verification/ManualVerificationRequired.v1.json';
import verificationObjectionResolvedV1 from '../schemas/verification/VerificationObjectionResolved.v1.json';
import assistanceGrantedV1 from '../schemas/eligibility/AssistanceGranted.v1.json';
import assistanceGrantedV2 from '../schemas/eligibility/AssistanceGranted.v2.json';
import assistanceGrantedV3 from '../schemas/eligibility/AssistanceGranted.v3.json';
import assistanceRefusedV1 from '../schemas/eligibility/AssistanceRefused.v1.json';
import assistanceRefusedV2 from '../schemas/eligibility/AssistanceRefused.v2.json';
import holidayCalendarPublishedV1 from '../schemas/eligibility/HolidayCalendarPublished.v1.json';
import benefitChangedV1 from '../schemas/eligibility/BenefitChanged.v1.json';
import benefitChangedV2 from '../schemas/eligibility/BenefitChanged.v2.json';
import benefitChangedV3 from '../schemas/eligibility/BenefitChanged.v3.json';
import benefitChangedV4 from '../schemas/eligibility/BenefitChanged.v4.json';
import benefitChangedV5 from '../schemas/eligibility/BenefitChanged.v5.json';
import emergencyAdvanceApprovedV1 from '../schemas/eligibility/EmergencyAdvanceApproved.v1.json';
import paymentIssuedV1 from '../schemas/disbursement/PaymentIssued.v1.json';
import paymentIssuedV2 from '../schemas/disbursement/PaymentIssued.v2.json';
import paymentReturnedV1 from '../schemas/disbursement/PaymentReturned.v1.json';
import paymentRunCompletedV1 from '../schemas/disbursement/PaymentRunCompleted.v1.json';
import arrearsPaidV1 from '../schemas/disbursement/ArrearsPaid.v1.json';
import overpaymentRecoveredV1 from '../schemas/disbursement/OverpaymentRecovered.v1.json';
import repaymentPlanRecordedV1 from '../schemas/disbursement/RepaymentPlanRecorded.v1.json';
import reviewCompletedV1 from '../schemas/follow-up/ReviewCompleted.v1.json';
import assistanceExitedV1 from '../schemas/follow-up/AssistanceExited.v1.json';
import changeRequestedV1 from '../schemas/follow-up/ChangeRequested.v1.json';
import changeRequestedV2 from '../schemas/follow-up/ChangeRequested.v2.json';
import complaintResolvedV1 from '../schemas/follow-up/ComplaintResolved.v1.json';
import reverificationRequestedV1 from '../schemas/follow-up/ReverificationRequested.v1.json';
import { EVENT_CATALOGUE, type IntegrationEventType } from './catalogue';
import { schemaId } from './contexts';

export type JsonSchema = Readonly<Record<string, unknown>> & { $id: string };

/** The shared definitions every event schema refers to. */
export const COMMON_SCHEMAS: readonly JsonSchema[] = [commonDefinitions];

/** Event schemas by type and version. */
export const EVENT_SCHEMAS: { readonly [K in IntegrationEventType]: Readonly<Record<number, JsonSchema>> } = {
  ApplicationAccepted: { 1: applicationAcceptedV1, 2: applicationAcceptedV2 },
  ApplicationWithdrawn: { 1: applicationWithdrawnV1 },
  LeadReported: { 1: leadReportedV1 },
  HouseholdVerified: { 1: householdVerifiedV1, 2: householdVerifiedV2 },
  ManualVerificationRequired: { 1: manualVerificationRequiredV1 },
  VerificationObjectionResolved: { 1: verificationObjectionResolvedV1 },
  AssistanceGranted: { 1: assistanceGrantedV1, 2: assistanceGrantedV2, 3: assistanceGrantedV3 },
  AssistanceRefused: { 1: assistanceRefusedV1, 2: assistanceRefusedV2 },
  HolidayCalendarPublished: { 1: holidayCalendarPublishedV1 },
  BenefitChanged: { 1: benefitChangedV1, 2: benefitChangedV2, 3: benefitChangedV3, 4: benefitChangedV4, 5: benefitChangedV5 },
  EmergencyAdvanceApproved: { 1: emergencyAdvanceApprovedV1 },
  PaymentIssued: { 1: paymentIssuedV1, 2: paymentIssuedV2 },
  PaymentReturned: { 1: paymentReturnedV1 },
  PaymentRunCompleted: { 1: paymentRunCompletedV1 },
  ArrearsPaid: { 1: arrearsPaidV1 },
  OverpaymentRecovered: { 1: overpaymentRecoveredV1 },
  RepaymentPlanRecorded: { 1: repaymentPlanRecordedV1 },
  ReviewCompleted: { 1: reviewCompletedV1 },
  AssistanceExited: { 1: assistanceExitedV1 },
  ChangeRequested: { 1: changeRequestedV1, 2: changeRequestedV2 },
  ComplaintResolved: { 1: complaintResolvedV1 },
  ReverificationRequested: { 1: reverificationRequestedV1 },
};

/** The JSON Schema of an event type and version, or undefined if there is none. */
export function eventSchema(type: string, version: number): JsonSchema | undefined {
  if (!Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type)) return undefined;
  return EVENT_SCHEMAS[type as IntegrationEventType][version];
}

/** `$id` of an event type's schema version (the CloudEvents `dataschema`). */
export function dataSchemaOf(type: IntegrationEventType, version: number): string {
  return schemaId(EVENT_CATALOGUE[type].context, type, version);
}
