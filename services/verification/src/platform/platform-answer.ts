/**
 * Reading a platform answer (callback body, or one answer of a poll) defensively: the shape is
 * checked and only the known fields of each record are kept, so nothing unexpected reaches the
 * event store. Whether the records make sense (income over a period, non-negative asset values …)
 * is the domain's judgement (records.ts).
 */
import type { VerificationSource } from '@sa/contracts';
import { isInstant, isSource, type SourceRecord } from '../domain';
import type { AnswerStatus, PlatformAnswer } from './platform.port';

const STATUSES: readonly AnswerStatus[] = ['PARTIAL', 'COMPLETE', 'NOT_FOUND', 'NOT_COVERED', 'ERROR'];
const RECORD_FIELDS = ['category', 'kind', 'description', 'valueFen', 'quantity', 'period', 'asOf', 'sourceRecordRef'] as const;
const VEHICLE_FIELDS = ['vehicleType', 'plateMasked', 'registeredOn', 'valuationBasis', 'usage'];
const BUSINESS_FIELDS = ['name', 'registrationNumber', 'entityType', 'role', 'status', 'registeredCapitalFen', 'annualNetProfitFen'];
const HOME_FIELDS = ['floorAreaSqm', 'usage', 'location', 'acquiredOn'];
const MAX_RECORDS = 2000;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function pick(source: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const f of fields) if (source[f] !== undefined && source[f] !== null) out[f] = source[f];
  return out;
}

/** A platform may send a full plate; only a masked one is kept (`浙A·***88`). */
function maskPlate(plate: string): string {
  const clean = plate.replace(/[·\s-]/g, '');
  return clean.length <= 4 ? '***' : `${clean.slice(0, 2)}·***${clean.slice(-2)}`;
}

function readRecord(r: unknown, at: string, errors: string[]): SourceRecord | undefined {
  if (!isObject(r)) {
    errors.push(`${at}: must be an object`);
    return undefined;
  }
  const record = pick(r, RECORD_FIELDS);
  if (typeof record.category !== 'string') errors.push(`${at}.category: is required`);
  if (typeof record.kind !== 'string') errors.push(`${at}.kind: is required`);
  if (record.period !== undefined) {
    if (!isObject(record.period)) errors.push(`${at}.period: must be { from, to }`);
    else record.period = pick(record.period, ['from', 'to']);
  }
  if (isObject(r.vehicle)) {
    const v = pick(r.vehicle, VEHICLE_FIELDS);
    if (v.plateMasked === undefined && typeof r.vehicle.plate === 'string') v.plateMasked = maskPlate(r.vehicle.plate);
    record.vehicle = v;
  }
  if (isObject(r.business)) record.business = pick(r.business, BUSINESS_FIELDS);
  if (isObject(r.home)) record.home = pick(r.home, HOME_FIELDS);
  return record as unknown as SourceRecord;
}

export type ParsedAnswer = { ok: true; answer: PlatformAnswer } | { ok: false; errors: string[] };

/** Reads one answer. `submissionId` is the platform's `requestId` (our submission id). */
export function parsePlatformAnswer(body: unknown): ParsedAnswer {
  const errors: string[] = [];
  if (!isObject(body)) return { ok: false, errors: ['body: must be a JSON object'] };
  const id = body.callbackId ?? body.answerId;
  if (typeof id !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(id)) errors.push('callbackId: is required (1–128 of A-Z a-z 0-9 . _ : -)');
  if (typeof body.requestId !== 'string' || body.requestId.length === 0 || body.requestId.length > 128) errors.push('requestId: is required');
  if (!isSource(body.source)) errors.push('source: must be a verification source');
  if (!Number.isSafeInteger(body.sequence) || (body.sequence as number) < 1) errors.push('sequence: must be a positive integer');
  if (!STATUSES.includes(body.status as AnswerStatus)) errors.push(`status: must be one of ${STATUSES.join(', ')}`);
  if (!isInstant(body.answeredAt)) errors.push('answeredAt: must be an ISO-8601 instant with an offset');
  if (body.platformReportRef !== undefined && (typeof body.platformReportRef !== 'string' || body.platformReportRef.length > 256)) {
    errors.push('platformReportRef: must be a string of at most 256 characters');
  }
  const rawRecords = body.records ?? [];
  const records: SourceRecord[] = [];
  if (!Array.isArray(rawRecords)) errors.push('records: must be a list');
  else if (rawRecords.length > MAX_RECORDS) errors.push(`records: at most ${MAX_RECORDS} per answer`);
  else rawRecords.forEach((r, i) => {
    const record = readRecord(r, `records[${i}]`, errors);
    if (record) records.push(record);
  });
  let error: PlatformAnswer['error'];
  if (body.error !== undefined) {
    if (!isObject(body.error)) errors.push('error: must be { code, message }');
    else error = { code: String(body.error.code ?? 'UNKNOWN').slice(0, 64), message: String(body.error.message ?? '').slice(0, 500) };
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    answer: {
      answerId: id as string,
      submissionId: body.requestId as string,
      source: body.source as VerificationSource,
      sequence: body.sequence as number,
      status: body.status as AnswerStatus,
      answeredAt: body.answeredAt as string,
      ...(typeof body.platformReportRef === 'string' ? { platformReportRef: body.platformReportRef } : {}),
      records,
      ...(error ? { error } : {}),
    },
  };
}
