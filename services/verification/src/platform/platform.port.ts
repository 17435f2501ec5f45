/**
 * The port to a household economic verification platform (居民家庭经济状况核对信息系统). The HTTP
 * adapter (http-platform.connector.ts) speaks the JSON contract documented in the README and OpenAPI;
 * a province whose platform speaks another dialect plugs in its own adapter behind this token.
 */
import type { MonthRange, VerificationPurpose, VerificationSource } from '@sa/contracts';
import type { QueryFailure, SourceRecord } from '../domain';

export const VERIFICATION_PLATFORM = Symbol('VERIFICATION_PLATFORM');

/** One query: one member, one source, under one consent, for one purpose. */
export interface PlatformQuery {
  /** Our id of this submission; the platform quotes it in every answer. */
  submissionId: string;
  residentId: string;
  name?: string;
  source: VerificationSource;
  purpose: VerificationPurpose;
  /** The consent the query is made under (核对授权) and its signed document. */
  consentRef: string;
  consentDocumentRef: string;
  referencePeriod: MonthRange;
  callbackUrl: string;
}

export type AnswerStatus = 'PARTIAL' | 'COMPLETE' | 'NOT_FOUND' | 'NOT_COVERED' | 'ERROR';

/** One answer of the platform to a submission (a callback, or an answer seen by polling). */
export interface PlatformAnswer {
  /** Unique per answer: the same answer delivered twice (callback and poll, or a retried callback) has the same id. */
  answerId: string;
  submissionId: string;
  source: VerificationSource;
  sequence: number;
  status: AnswerStatus;
  answeredAt: string;
  platformReportRef?: string;
  records: SourceRecord[];
  error?: { code: string; message: string };
}

export type SubmitOutcome =
  /** Taken; answers follow by callback (some platforms answer at once: `answers`). */
  | { kind: 'accepted'; answers: PlatformAnswer[] }
  /** Not taken. Retryable failures (PLATFORM_ERROR) count against the query's retry budget. */
  | { kind: 'failed'; failure: QueryFailure; detail: string }
  /** Not sent: the source's circuit is open. Try later; no attempt is used. */
  | { kind: 'unavailable'; detail: string };

export type PollOutcome =
  | { kind: 'answers'; answers: PlatformAnswer[] }
  /** The platform does not know this submission (it was lost, or never arrived). */
  | { kind: 'unknown' }
  /** Could not ask (network, circuit open): try again later. */
  | { kind: 'failed'; detail: string };

export interface VerificationPlatform {
  /** Whether the platform answers for this source at all (configuration); others go to an officer at once. */
  covers(source: VerificationSource): boolean;
  /** Whether a call for this source may be made now (false while its circuit is open). */
  available(source: VerificationSource): boolean;
  submit(query: PlatformQuery): Promise<SubmitOutcome>;
  poll(submissionId: string, source: VerificationSource): Promise<PollOutcome>;
}
