import { comparePositions, formatPosition, parsePosition, START, type EventStore, type GlobalPosition, type RecordedEvent } from '@sa/eventstore';
import type { Pool, PoolClient } from 'pg';
import { stderrLogger } from '../logger';
import { quoteIdent } from '../sql';

/** Object first, then message (pino's and the services' Nest-backed loggers fit). */
export interface ProjectionLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  pool: Pool;
  /** The service schema holding the read models and the `projection_checkpoints` table. */
  schema: string;
  /** Name of the projection: its row in the checkpoint table. */
  name: string;
  /** Stream categories followed. */
  categories: readonly string[];
  /** Read-model tables emptied by `reset()` / `rebuild()`. */
  readModelTables: readonly string[];
  /** Applies one event to the read models, inside the transaction that also moves the checkpoint. */
  apply?: (client: PoolClient, event: RecordedEvent) => Promise<void>;
  /** Checkpoint table (`name text PRIMARY KEY, position text, updated_at timestamptz`); default `projection_checkpoints`. */
  checkpointTable?: string;
  /** Advisory lock serialising the application of events with a concurrent rebuild; default `sa.projection.<name>`. */
  lockName?: string;
  logger?: ProjectionLogger;
  /** Events per page when catching up; default 500. */
  pageSize?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * A checkpointed projection into PostgreSQL read models. Follows the event store's global log
 * (catch-up subscription: history, then live) from its checkpoint and applies each event to the
 * read models in one transaction with the checkpoint, under an advisory lock, skipping an event at
 * or before the checkpoint — so a crash never applies an event twice or skips one, and a rebuild
 * racing the live projection is harmless. `rebuild()` empties the tables and replays everything:
 * the same events give the same rows.
 *
 * Give the handler as `apply`, or subclass and override `applyEvent`.
 */
export class ProjectionRunner {
  protected readonly s: string;
  private readonly checkpoints: string;
  private readonly lockName: string;
  protected readonly logger: ProjectionLogger;
  private readonly pageSize: number;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private current: GlobalPosition | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(protected readonly options: ProjectionRunnerOptions) {
    this.s = quoteIdent(options.schema);
    this.checkpoints = `${this.s}.${quoteIdent(options.checkpointTable ?? 'projection_checkpoints')}`;
    this.lockName = `${options.lockName ?? `sa.projection.${options.name}`}:${options.schema}`;
    this.logger = options.logger ?? stderrLogger;
    this.pageSize = options.pageSize ?? 500;
  }

  /** The last position applied (or found in the checkpoint), undefined before the first event. */
  get position(): GlobalPosition | undefined {
    return this.current;
  }

  get running(): boolean {
    return this.loop !== undefined;
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

  /** Empties the read models and the checkpoint (in one transaction); stop the live projection first. */
  async reset(): Promise<void> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.lockName]);
      if (this.options.readModelTables.length > 0) {
        await client.query(`TRUNCATE ${this.options.readModelTables.map((t) => `${this.s}.${quoteIdent(t)}`).join(', ')}`);
      }
      await client.query(`DELETE FROM ${this.checkpoints} WHERE name = $1`, [this.options.name]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    this.current = undefined;
  }

  /** Empties the read models and replays the whole log (the live projection is stopped meanwhile, then restarted). */
  async rebuild(): Promise<void> {
    const wasRunning = this.running;
    await this.stop();
    await this.reset();
    await this.catchUp();
    if (wasRunning) this.start();
  }

  /** Applies every event after the checkpoint up to the end of the log as it is now; returns how many were read. */
  async catchUp(): Promise<number> {
    let count = 0;
    let after = (await this.loadCheckpoint()) ?? START;
    for (;;) {
      const page = await this.options.store.readAll({ after, maxCount: this.pageSize, filter: { streamCategories: [...this.options.categories] } });
      for (const event of page) await this.applyOne(event);
      count += page.length;
      if (page.length < this.pageSize) return count;
      after = page[page.length - 1]!.position;
    }
  }

  /** Resolves once the projection has applied the event at `position` (or a later one): tests, read-your-writes. */
  async waitFor(position: GlobalPosition, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = this.current ?? (await this.loadCheckpoint());
      if (reached && comparePositions(reached, position) >= 0) return;
      if (Date.now() > deadline) throw new Error(`projection ${this.options.name} did not reach ${formatPosition(position)} within ${timeoutMs} ms`);
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

  /** Applies one event to the read models (inside the checkpoint's transaction). */
  protected async applyEvent(client: PoolClient, event: RecordedEvent): Promise<void> {
    if (!this.options.apply) throw new Error(`projection ${this.options.name} has no apply handler`);
    await this.options.apply(client, event);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const after = (await this.loadCheckpoint()) ?? START;
        const subscription = this.options.store.subscribeToAll({ after, filter: { streamCategories: [...this.options.categories] }, signal });
        try {
          for await (const event of subscription) {
            if (signal.aborted) break;
            await this.applyOne(event);
            failures = 0;
          }
        } finally {
          await subscription.close().catch(() => undefined);
        }
      } catch (e) {
        if (signal.aborted) break;
        failures++;
        this.logger.warn(
          { projection: this.options.name, attempt: failures, err: e instanceof Error ? e.message : String(e) },
          'projection failed, restarting from its checkpoint',
        );
        await sleep(Math.min(10_000, 100 * 2 ** Math.min(failures, 7)), signal);
      }
    }
  }

  private async applyOne(event: RecordedEvent): Promise<void> {
    const client = await this.options.pool.connect();
    let checkpoint: GlobalPosition | undefined;
    try {
      await client.query('BEGIN');
      // Serialise with a concurrent rebuild / catch-up of the same projection.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.lockName]);
      const { rows } = await client.query<{ position: string }>(`SELECT position FROM ${this.checkpoints} WHERE name = $1`, [this.options.name]);
      checkpoint = rows[0] ? parsePosition(rows[0].position) : undefined;
      if (!checkpoint || comparePositions(event.position, checkpoint) > 0) {
        await this.applyEvent(client, event);
        await client.query(
          `INSERT INTO ${this.checkpoints} (name, position, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
          [this.options.name, formatPosition(event.position)],
        );
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    this.current = checkpoint && comparePositions(checkpoint, event.position) > 0 ? checkpoint : event.position;
    for (const w of [...this.waiters]) w();
  }

  private async loadCheckpoint(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.options.pool.query<{ position: string }>(`SELECT position FROM ${this.checkpoints} WHERE name = $1`, [this.options.name]);
    const found = rows[0] ? parsePosition(rows[0].position) : undefined;
    if (found && (!this.current || comparePositions(found, this.current) > 0)) this.current = found;
    return found;
  }
}
