/**
 * Test events: a domain event `WithdrawalTestStep` on `application-<caseId>` streams, published as
 * the real `ApplicationWithdrawn` v1 contract with `note = "seq=<n>"` so per-case order can be
 * checked on the consumer side; `InternalNoteAdded` is not public (the mapper returns null).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createIntegrationEvent, type IntegrationEvent } from '@sa/contracts';
import { PostgresEventStore, type EventStore, type NewEvent, type RecordedEvent } from '@sa/eventstore';
import type { InboxHandler } from '../../src';

export const CATEGORY = 'application';
export const PUBLIC_TYPE = 'WithdrawalTestStep';
export const INTERNAL_TYPE = 'InternalNoteAdded';

const ACTOR = { id: 'officer-1', role: 'community_officer', jurisdiction: '440305001' };

export function stepEvent(caseId: string, seq: number, type: string = PUBLIC_TYPE): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data: { caseId, seq },
    metadata: {
      correlationId: caseId,
      causationId: randomUUID(),
      actor: ACTOR,
      occurredAt: '2025-03-04T09:30:00+08:00',
    },
  };
}

export function withdrawn(caseId: string, seq: number, id: string = randomUUID(), note = `seq=${seq}`): IntegrationEvent {
  return createIntegrationEvent(
    'ApplicationWithdrawn',
    { caseId, caseNumber: `DB-440305001-2025-${String(seq).padStart(6, '0')}`, withdrawnOn: '2025-03-04', reason: 'OTHER', note },
    {
      id,
      time: '2025-03-04T09:30:00+08:00',
      metadata: { correlationId: caseId, causationId: randomUUID(), actor: ACTOR },
    },
  );
}

/** The service-supplied mapper under test. */
export function testMapper(recorded: RecordedEvent): IntegrationEvent | null {
  if (recorded.type !== PUBLIC_TYPE) return null;
  const { caseId, seq } = recorded.data as { caseId: string; seq: number };
  return createIntegrationEvent(
    'ApplicationWithdrawn',
    { caseId, caseNumber: `DB-440305001-2025-${String(seq).padStart(6, '0')}`, withdrawnOn: '2025-03-04', reason: 'OTHER', note: `seq=${seq}` },
    {
      id: recorded.eventId,
      time: recorded.metadata.occurredAt,
      metadata: {
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.metadata.causationId,
        actor: recorded.metadata.actor,
      },
    },
  );
}

export function seqOf(note: string | undefined): number {
  const m = /^seq=(\d+)$/.exec(note ?? '');
  if (!m) throw new Error(`unexpected note ${note}`);
  return Number(m[1]);
}

export async function createStore(pool: Pool, schema: string): Promise<EventStore> {
  await PostgresEventStore.migrate(pool, schema);
  return new PostgresEventStore({ pool, schema, pollIntervalMs: 50 });
}

/** Effect tables of the consumer tests: one row per applied event, with a counter that shows doubles. */
export async function createEffectTables(pool: Pool, schema: string): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS "${schema}".effects (
      event_id      text PRIMARY KEY,
      case_id       text NOT NULL,
      note          text,
      applied_count integer NOT NULL DEFAULT 1,
      applied_order bigserial
    );
    CREATE TABLE IF NOT EXISTS "${schema}".effect_totals (
      case_id text PRIMARY KEY,
      total   integer NOT NULL
    );`);
}

/** A handler whose double application would show as applied_count = 2 and as an inflated total. */
export function effectHandler(schema: string): InboxHandler<IntegrationEvent> {
  return async (event, tx) => {
    const note = (event.data as { note?: string }).note ?? null;
    await tx.query(
      `INSERT INTO "${schema}".effects (event_id, case_id, note) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO UPDATE SET applied_count = "${schema}".effects.applied_count + 1`,
      [event.id, event.subject, note],
    );
    await tx.query(
      `INSERT INTO "${schema}".effect_totals (case_id, total) VALUES ($1, 1)
       ON CONFLICT (case_id) DO UPDATE SET total = "${schema}".effect_totals.total + 1`,
      [event.subject],
    );
  };
}
