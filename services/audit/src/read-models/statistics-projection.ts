import { parsePosition, projection, type EventStore, type GlobalPosition, type ProjectionDefinition } from '@sa/eventstore';
import type { Pool } from 'pg';
import { STATISTICS_FACT_TYPES, STATISTICS_STREAM_CATEGORIES, statisticsFact, type StatisticsEvent } from '../domain';

export const STATISTICS_PROJECTION = 'statistics-facts';
export const STATISTICS_TABLES = ['statistics_facts'];
const PAGE = 5000;

/**
 * The statistics read model: one row per event the monthly statistics read, with its slim fact
 * (`statisticsFact`: only the fields the fold reads, no personal data), keyed by the event's global
 * position. Run by the audit's `ProjectionProcessor` (each batch with the checkpoint in one transaction);
 * re-delivery is harmless (ON CONFLICT DO NOTHING on the position).
 */
export function statisticsProjection(schema: string): ProjectionDefinition {
  return projection({
    name: STATISTICS_PROJECTION,
    canHandle: STATISTICS_FACT_TYPES,
    streamCategories: STATISTICS_STREAM_CATEGORIES,
    tables: STATISTICS_TABLES,
    async handle(events, tx) {
      const rows = events.flatMap((e) => {
        const fact = statisticsFact({ streamId: e.streamId, type: e.type, data: e.data, recordedAt: e.recordedAt });
        return fact ? [[String(e.position.commit), String(e.position.prepare), e.streamId, e.type, e.recordedAt.toISOString(), JSON.stringify(fact.data)]] : [];
      });
      if (rows.length === 0) return;
      await tx.query(
        `INSERT INTO ${schema}.statistics_facts (commit_position, prepare_position, stream_id, type, recorded_at, data)
         SELECT * FROM unnest($1::numeric[], $2::numeric[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
         ON CONFLICT DO NOTHING`,
        [0, 1, 2, 3, 4, 5].map((i) => rows.map((r) => r[i])),
      );
    },
  });
}

/** Every projection of the audit service (`npm run projections -- rebuild audit`). */
export const auditProjections = (schema: string): ProjectionDefinition[] => [statisticsProjection(schema)];

/**
 * What a statistics request folds: the read model's facts up to its checkpoint (recorded at or before
 * `until`, in log order), then the few events the projection has not applied yet, read from the store
 * after the checkpoint and slimmed the same way — so the figures never lag the log, and without the
 * projection (disabled, never run) the whole log is read as before.
 */
export class StatisticsFacts {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly store: EventStore,
  ) {}

  async read(until?: Date): Promise<{ events: StatisticsEvent[]; fromReadModel: number; fromStore: number }> {
    const client = await this.pool.connect();
    let checkpoint: GlobalPosition | undefined;
    const events: StatisticsEvent[] = [];
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const cp = await client.query<{ position: string }>(`SELECT position FROM ${this.schema}.projection_checkpoints WHERE name = $1`, [STATISTICS_PROJECTION]);
      checkpoint = cp.rows[0] ? parsePosition(cp.rows[0].position) : undefined;
      if (checkpoint) {
        const { rows } = await client.query<{ stream_id: string; type: string; data: unknown; recorded_at: Date }>(
          `SELECT stream_id, type, data, recorded_at FROM ${this.schema}.statistics_facts
           WHERE (commit_position, prepare_position) <= ($1::numeric, $2::numeric) AND ($3::timestamptz IS NULL OR recorded_at <= $3)
           ORDER BY commit_position, prepare_position`,
          [String(checkpoint.commit), String(checkpoint.prepare), until ?? null],
        );
        for (const r of rows) events.push({ streamId: r.stream_id, type: r.type, data: r.data, recordedAt: r.recorded_at });
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    const fromReadModel = events.length;
    let after = checkpoint;
    for (;;) {
      const page = await this.store.readAll({ ...(after ? { after } : {}), maxCount: PAGE, filter: { streamCategories: [...STATISTICS_STREAM_CATEGORIES] } });
      for (const r of page) {
        if (until && r.recordedAt > until) continue;
        const fact = statisticsFact({ streamId: r.streamId, type: r.type, data: r.data, recordedAt: r.recordedAt });
        if (fact) events.push(fact);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.position;
    }
    return { events, fromReadModel, fromStore: events.length - fromReadModel };
  }
}


