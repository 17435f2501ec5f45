import type { IHeaders } from 'kafkajs';
import type { DeadLetterReason, IncomingMessage, OutgoingMessage } from './codec';
import { headerString } from './codec';

/** Headers a dead-lettered message carries, next to all of its original headers. */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  error: 'x-dlq-error',
  originalTopic: 'x-dlq-original-topic',
  originalPartition: 'x-dlq-original-partition',
  originalOffset: 'x-dlq-original-offset',
  originalTimestamp: 'x-dlq-original-timestamp',
  consumerGroup: 'x-dlq-consumer-group',
  attempts: 'x-dlq-attempts',
  failedAt: 'x-dlq-failed-at',
} as const;

/** Longest `x-dlq-error` header value (characters); longer messages are cut. */
export const DLQ_ERROR_MAX_LENGTH = 4000;

export interface DeadLetterInfo {
  reason: DeadLetterReason;
  error: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  originalTimestamp?: string;
  consumerGroup: string;
  attempts: number;
  failedAt: string;
}

/** The DLQ copy of a message: same key and value (bytes untouched), original headers + `x-dlq-*`. */
export function toDeadLetterMessage(message: IncomingMessage, info: DeadLetterInfo): OutgoingMessage {
  const error = info.error.length > DLQ_ERROR_MAX_LENGTH ? `${info.error.slice(0, DLQ_ERROR_MAX_LENGTH)}…` : info.error;
  const headers: IHeaders = { ...stripDeadLetterHeaders(message.headers) };
  headers[DLQ_HEADERS.reason] = info.reason;
  headers[DLQ_HEADERS.error] = error;
  headers[DLQ_HEADERS.originalTopic] = info.originalTopic;
  headers[DLQ_HEADERS.originalPartition] = String(info.originalPartition);
  headers[DLQ_HEADERS.originalOffset] = info.originalOffset;
  if (info.originalTimestamp !== undefined) headers[DLQ_HEADERS.originalTimestamp] = info.originalTimestamp;
  headers[DLQ_HEADERS.consumerGroup] = info.consumerGroup;
  headers[DLQ_HEADERS.attempts] = String(info.attempts);
  headers[DLQ_HEADERS.failedAt] = info.failedAt;
  return { key: message.key, value: message.value, headers };
}

/** Reads the `x-dlq-*` headers of a dead-lettered message (undefined if it has none). */
export function readDeadLetterInfo(headers: IHeaders | undefined): DeadLetterInfo | undefined {
  const reason = headerString(headers, DLQ_HEADERS.reason);
  const originalTopic = headerString(headers, DLQ_HEADERS.originalTopic);
  if (!reason || !originalTopic) return undefined;
  return {
    reason: reason as DeadLetterReason,
    error: headerString(headers, DLQ_HEADERS.error) ?? '',
    originalTopic,
    originalPartition: Number(headerString(headers, DLQ_HEADERS.originalPartition) ?? -1),
    originalOffset: headerString(headers, DLQ_HEADERS.originalOffset) ?? '',
    originalTimestamp: headerString(headers, DLQ_HEADERS.originalTimestamp),
    consumerGroup: headerString(headers, DLQ_HEADERS.consumerGroup) ?? '',
    attempts: Number(headerString(headers, DLQ_HEADERS.attempts) ?? 0),
    failedAt: headerString(headers, DLQ_HEADERS.failedAt) ?? '',
  };
}

/** The original headers of a dead-lettered message (every `x-dlq-*` header removed). */
export function stripDeadLetterHeaders(headers: IHeaders | undefined): IHeaders {
  const out: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!name.startsWith('x-dlq-')) out[name] = value;
  }
  return out;
}
