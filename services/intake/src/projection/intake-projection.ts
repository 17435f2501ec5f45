import type { Pool } from 'pg';
import { quoteIdent } from '@sa/database';
import { formatPosition, parsePosition, START, type EventStore, type GlobalPosition, type RecordedEvent, comparePositions } from '@sa/eventstore';
import { APPLICATION_CATEGORY, LEAD_CATEGORY, OFFICER_RELATIVES_CATEGORY } from '../domain';
import type { ResidentIdHasher } from '../identity/resident-id-hasher';
import { IntakeReadModel, READ_MODEL_TABLES } from './read-model';

export interface ProjectionLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const PROJECTION_NAME = 'intake-read-models';
export const PROJECTED_CATEGORIES = [APPLICATION_CATEGORY, LEAD_CATEGORY, OFFICER_RELATIVES_CATEGORY];

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Follows the event store's global log (catch-up subscription: history, then live) from its
 * checkpoint and applies each event to the read models in one transaction with the checkpoint, so
 * a crash never applies an event twice or skips one. `rebuild()` empties the tables and replays
 * everything: the same events give the same rows.
 */
export class IntakeProjection {
  private readonly s: string;
  private readonly readModel: IntakeReadModel;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private position: GlobalPosition | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly schema: string,
    hasher: ResidentIdHasher,
    private readonly logger: ProjectionLogger,
  ) {
    this.s = quoteIdent(schema);
    this.readModel = new IntakeReadModel(schema, hasher);
  }

  /** Starts following the log in the background. */
  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
    this.controller = undefined;
  }

  /** Empties the read models and replays the whole log (the projection is stopped meanwhile). */
  async rebuild(): Promise<void> {
    const wasRunning = this.loop !== undefined;
    await this.stop();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`TRUNCATE ${READ_MODEL_TABLES.map((t) => `${this.s}.${quoteIdent(t)}`).join(', ')}`);
      await client.query(`DELETE FROM ${this.s}.projection_checkpoints WHERE name = $1`, [PROJECTION_NAME]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    this.position = undefined;
    await this.catchUp();
    if (wasRunning) this.start();
  }

  /** Applies every event up to the end of the log as it is now (no live following). */
  async catchUp(): Promise<void> {
    let after = (await this.loadCheckpoint()) ?? START;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: 500, filter: { streamCategories: PROJECTED_CATEGORIES } });
      for (const event of page) await this.applyOne(event);
      if (page.length < 500) return;
      after = page[page.length - 1]!.position;
    }
  }

  /** Resolves once the projection has applied the event at `position` (or a later one). */
  async waitFor(position: GlobalPosition, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.position ?? (await this.loadCheckpoint());
      if (current && comparePositions(current, position) >= 0) return;
      if (Date.now() > deadline) throw new Error(`projection did not reach ${formatPosition(position)} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const done = () => {
          this.waiters.delete(done);
          clearTimeout(t);
          resolve();
        };
        const t = setTimeout(done, 50);
        this.waiters.add(done);
      });
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const subscription = this.store.subscribeToAll({
        after: (await this.loadCheckpoint().catch(() => undefined)) ?? START,
        filter: { streamCategories: PROJECTED_CATEGORIES },
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
        await sleep(Math.min(10_000, 100 * 2 ** Math.min(failures, 7)), signal);
      } finally {
        await subscription.close().catch(() => undefined);
      }
    }
  }

  private async applyOne(event: RecordedEvent): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Serialise with a concurrent rebuild/catch-up of the same projection.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sa.intake.projection:${this.schema}`]);
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
    for (const w of [...this.waiters]) w();
  }

  private async loadCheckpoint(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(`SELECT position FROM ${this.s}.projection_checkpoints WHERE name = $1`, [PROJECTION_NAME]);
    return rows[0] ? parsePosition(rows[0].position) : undefined;
  }
}
