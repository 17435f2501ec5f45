/**
 * Checkpoints: a digest over the whole log up to a global position, to be exported (published,
 * signed, printed) and compared later. The digest folds, in global order, each event's identity and
 * the hash RE-COMPUTED from its content (not the stored hash), so an edit made behind the store's
 * back changes the digest even when the stored hashes were left alone.
 *
 *   d0 = sha256("sa-audit-checkpoint/v1")
 *   di = sha256(d(i-1) "\n" streamId "\n" revision "\n" eventId "\n" contentHash(i))
 */
import { createHash } from 'node:crypto';
import { computeEventHash } from '@sa/eventstore';
import type { AuditEvent } from './audit-event';

export interface Checkpoint {
  /** Position of the last event included (`commit/prepare`), or null for an empty log. */
  globalPosition: string | null;
  /** The rolling digest after the last event included. */
  lastHash: string;
  eventCount: number;
  takenAt: string;
}

export const CHECKPOINT_SEED = createHash('sha256').update('sa-audit-checkpoint/v1', 'utf8').digest('hex');

export function contentHashOf(e: AuditEvent): string {
  return computeEventHash({
    prevHash: e.prevHash ?? null,
    streamId: e.streamId,
    revision: e.revision,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
  });
}

/** Incremental digest: feed events in global order; may resume from an earlier checkpoint. */
export class CheckpointDigest {
  private digest: string;
  private count: number;
  private position: string | null;

  constructor(from?: Pick<Checkpoint, 'lastHash' | 'eventCount' | 'globalPosition'>) {
    this.digest = from?.lastHash ?? CHECKPOINT_SEED;
    this.count = from?.eventCount ?? 0;
    this.position = from?.globalPosition ?? null;
  }

  add(e: AuditEvent): void {
    this.digest = createHash('sha256')
      .update(`${this.digest}\n${e.streamId}\n${e.revision}\n${e.eventId.toLowerCase()}\n${contentHashOf(e)}`, 'utf8')
      .digest('hex');
    this.count += 1;
    this.position = e.position ?? this.position;
  }

  result(takenAt: string): Checkpoint {
    return { globalPosition: this.position, lastHash: this.digest, eventCount: this.count, takenAt };
  }
}

export function computeCheckpoint(eventsInGlobalOrder: Iterable<AuditEvent>, takenAt: string): Checkpoint {
  const d = new CheckpointDigest();
  for (const e of eventsInGlobalOrder) d.add(e);
  return d.result(takenAt);
}

export interface CheckpointComparison {
  ok: boolean;
  /** The checkpoint as it was exported. */
  expected: Checkpoint;
  /** The same digest re-computed now over the log up to the checkpoint's position. */
  actual: Checkpoint;
  detail: string;
}

export function compareCheckpoint(expected: Checkpoint, actual: Checkpoint): CheckpointComparison {
  const problems: string[] = [];
  if (actual.eventCount !== expected.eventCount) problems.push(`事件数不一致: 导出时 ${expected.eventCount}, 现在 ${actual.eventCount}`);
  if (actual.globalPosition !== expected.globalPosition) problems.push(`末位置不一致: 导出时 ${String(expected.globalPosition)}, 现在 ${String(actual.globalPosition)}`);
  if (actual.lastHash !== expected.lastHash) problems.push('摘要不一致: 该位置之前的日志已被改动');
  return { ok: problems.length === 0, expected, actual, detail: problems.length === 0 ? '一致: 该位置之前的日志未被改动' : problems.join('; ') };
}

export function isCheckpoint(value: unknown): value is Checkpoint {
  const v = value as Record<string, unknown> | null;
  return (
    v !== null &&
    typeof v === 'object' &&
    (v.globalPosition === null || typeof v.globalPosition === 'string') &&
    typeof v.lastHash === 'string' &&
    /^[0-9a-f]{64}$/.test(v.lastHash) &&
    typeof v.eventCount === 'number' &&
    Number.isSafeInteger(v.eventCount) &&
    typeof v.takenAt === 'string'
  );
}
