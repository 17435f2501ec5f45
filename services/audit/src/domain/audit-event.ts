/**
 * The auditor's view of a recorded event: every envelope field of the event store, with times as
 * ISO strings and the global position as text (`commit/prepare`), so that lists of events can be
 * built by hand in tests, exported as JSON and compared later.
 */
export interface AuditActor {
  id: string;
  role: string;
  jurisdiction: string;
}

export interface AuditEvent {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
  /** When the store recorded the event (what the office knew, and when). ISO-8601. */
  recordedAt: string;
  /** Global position `commit/prepare`, when read from the store. */
  position?: string;
  prevHash?: string | null;
  hash?: string;
}

export type AuditContext = 'intake' | 'verification' | 'eligibility' | 'disbursement' | 'follow-up' | 'unknown';

const CONTEXT_OF_CATEGORY: Record<string, AuditContext> = {
  application: 'intake',
  lead: 'intake',
  verification: 'verification',
  reviewCase: 'eligibility',
  policy: 'eligibility',
  entitlement: 'disbursement',
  paymentRun: 'disbursement',
  emergencyAdvance: 'disbursement',
  followUp: 'follow-up',
  complaint: 'follow-up',
};

export const CONTEXT_LABELS: Record<AuditContext, string> = {
  intake: '受理',
  verification: '核对',
  eligibility: '审核确认',
  disbursement: '发放',
  'follow-up': '动态管理',
  unknown: '其他',
};

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function contextOf(streamId: string): AuditContext {
  return CONTEXT_OF_CATEGORY[categoryOf(streamId)] ?? 'unknown';
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function actorOf(event: AuditEvent): AuditActor {
  const a = asRecord(event.metadata.actor);
  return { id: asString(a.id) ?? '', role: asString(a.role) ?? '', jurisdiction: asString(a.jurisdiction) ?? '' };
}

/** Business time of the event (metadata.occurredAt), falling back to the recording time. */
export function occurredAtOf(event: AuditEvent): string {
  return asString(event.metadata.occurredAt) ?? event.recordedAt;
}

export function correlationIdOf(event: AuditEvent): string | null {
  return asString(event.metadata.correlationId);
}

/** Reason: the decision metadata's, else a `reason` / `decisionReason` string in the data. */
export function reasonOf(event: AuditEvent): string | null {
  const data = asRecord(event.data);
  return asString(event.metadata.reason) ?? asString(data.decisionReason) ?? asString(data.reason);
}

export function evidenceRefsOf(event: AuditEvent): string[] {
  const fromMeta = asStrings(event.metadata.evidenceRefs);
  return fromMeta.length > 0 ? fromMeta : asStrings(asRecord(event.data).evidenceRefs);
}

export function policyVersionOf(event: AuditEvent): string | null {
  return asString(event.metadata.policyVersion) ?? asString(asRecord(event.data).policyVersion);
}

export function consentRefsOf(event: AuditEvent): string[] {
  return asStrings(event.metadata.consentRefs);
}

/** An ISO instant, or a calendar date `YYYY-MM-DD` taken as the end of that day in Asia/Shanghai. */
export function parseMoment(text: string, edge: 'start' | 'end' = 'end'): number {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T${edge === 'end' ? '23:59:59.999' : '00:00:00.000'}+08:00` : text;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AuditInputError('invalid_moment', `Not an ISO date or instant: ${text}`);
  return ms;
}

/** A refusal of the auditor's input (bad date, unknown event): the shells turn it into 400 / 404. */
export class AuditInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 404 | 422 = 400,
  ) {
    super(message);
    this.name = 'AuditInputError';
  }
}
