import { uuidV5 } from '@sa/eventstore';

/** Namespace of disbursement's deterministic ids (UUID v5). Fixed forever. */
export const DISBURSEMENT_ID_NAMESPACE = '8d3f2a61-7c4e-5b19-a0d2-6e5f4c3b2a10';

/** One run per district and month: starting it twice lands on the same stream. */
export const runIdFor = (district: string, period: string): string => uuidV5(`paymentRun:${district}:${period}`, DISBURSEMENT_ID_NAMESPACE);
/**
 * A supplementary run (补发批次) of a district: one per day (Asia/Shanghai) — starting it again the same day resumes
 * it; arrears determined after it are paid by the next day's supplementary run or by the next monthly run.
 */
export const supplementaryRunIdFor = (district: string, startedOn: string): string =>
  uuidV5(`paymentRun:SUPPLEMENTARY:${district}:${startedOn}`, DISBURSEMENT_ID_NAMESPACE);
export const entitlementIdFor = (caseId: string): string => uuidV5(`entitlement:${caseId}`, DISBURSEMENT_ID_NAMESPACE);
/** The regular payment of an entitlement for a month: the same id however often the run is retried. */
export const regularPaymentIdFor = (entitlementId: string, period: string): string =>
  uuidV5(`payment:REGULAR:${entitlementId}:${period}`, DISBURSEMENT_ID_NAMESPACE);
export const reissuePaymentIdFor = (returnedPaymentId: string): string => uuidV5(`payment:REISSUE:${returnedPaymentId}`, DISBURSEMENT_ID_NAMESPACE);
/** The arrears (补发) line of a retroactive decision: one per entitlement and decision, whichever run pays it. */
export const arrearsPaymentIdFor = (entitlementId: string, decisionId: string): string =>
  uuidV5(`payment:ARREARS:${entitlementId}:${decisionId}`, DISBURSEMENT_ID_NAMESPACE);
