import type { Pool } from 'pg';
import { quoteIdent } from '@sa/database';
import { comparePositions, formatPosition, parsePosition, START, type EventStore, type GlobalPosition, type RecordedEvent } from '@sa/eventstore';
import { COMPLAINT_CATEGORY, FOLLOW_UP_CATEGORY } from '../domain';
import { FollowUpReadModel, READ_MODEL_TABLES } from './read-model';

export interface ProjectionLogger {
  warn(obj: object, msg: string): void;
}

export const PROJECTION_NAME = 'follow-up-read-models';
const CATEGORIES = [FOLLOW_UP_CATEGORY, COMPLAINT_CATEGORY];

/**
 * Follows the event store's log (catch-up subscription) from its checkpoint and applies each event
 * to the read models in one transaction with the checkpoint. `rebuild()` empties and replays.
 */
export class FollowUpProjection {
  private readonly s: string;
  private readonly readModel: FollowUpReadModel;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private position: GlobalPosition | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly logger: ProjectionLogger,
  ) {
    this.s = quoteIdent(schema);
    this.readModel = new FollowUpReadModel(store, schema);
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
    this.controller = undefined;
  }

  async rebuild(): Promise<void> {
    const wasRunning = this.loop !== undefined;
    await this.stop();
    await this.pool.query(`TRUNCATE ${READ_MODEL_TABLES.map((t) => `${this.s}.${quoteIdent(t)}`).join(', ')}`);
    await this.pool.query(`DELETE FROM ${this.s}.projection_checkpoints WHERE name = $1`, [PROJECTION_NAME]);
    this.position = undefined;
    await this.catchUp();
    if (wasRunning) this.start();
  }

  /** Applies every event up to the end of the log as it is now. */
  async catchUp(): Promise<void> {
    let after = (await this.loadCheckpoint()) ?? START;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: 500, filter: { streamCategories: CATEGORIES } });
      for (const event of page) await this.applyOne(event);
      if (page.length < 500) return;
      after = page[page.length - 1]!.position;
    }
  }

  /** Resolves once the projection applied the event at `position` (or a later one). */
  async waitFor(position: GlobalPosition, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.position ?? (await this.loadCheckpoint());
      if (current && comparePositions(current, position) >= 0) return;
      if (Date.now() > deadline) throw new Error(`projection did not reach ${formatPosition(position)} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const subscription = this.store.subscribeToAll({
        after: (await this.loadCheckpoint().catch(() => undefined)) ?? START,
        filter: { streamCategories: CATEGORIES },
        signal,
      });
      try {
        for await (const event of subscription) {
          if (signal.aborted) break;
          await this.applyOne(event);
          failures = 0;
        }
      } catch (e) {
        if (signal.aborted) break;
        failures++;
        this.logger.warn({ projection: PROJECTION_NAME, attempt: failures, err: (e as Error).message }, 'projection failed, restarting from its checkpoint');
        await new Promise((r) => setTimeout(r, Math.min(10_000, 100 * 2 ** Math.min(failures, 7))));
      } finally {
        await subscription.close().catch(() => undefined);
      }
    }
  }

  private async applyOne(event: RecordedEvent): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sa.follow-up.projection:${this.schema}`]);
      const { rows } = await client.query<{ position: string }>(`SELECT position FROM ${this.s}.projection_checkpoints WHERE name = $1`, [PROJECTION_NAME]);
      const checkpoint = rows[0] ? parsePosition(rows[0].position) : undefined;
      if (!checkpoint || comparePositions(event.position, checkpoint) > 0) {
        await this.readModel.apply(client, event);
        await client.query(
          `INSERT INTO ${this.s}.projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
          [PROJECTION_NAME, formatPosition(event.position)],
        );
      }
      await client.query('COMMIT');
      this.position = checkpoint && comparePositions(checkpoint, event.position) > 0 ? checkpoint : event.position;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private async loadCheckpoint(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(`SELECT position FROM ${this.s}.projection_checkpoints WHERE name = $1`, [PROJECTION_NAME]);
    return rows[0] ? parsePosition(rows[0].position) : undefined;
  }
}
