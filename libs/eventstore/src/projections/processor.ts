import type { Pool, PoolClient } from 'pg';
import { comparePositions, formatPosition, parsePosition, START, type EventStore, type GlobalPosition, type RecordedEvent, type Subscription } from '../port';
import { quoteIdent } from '../postgres/migrations';
import type { ProjectionDefinition, ProjectionLogger } from './projection';

export interface ProjectionProcessorOptions {
  store: EventStore;
  /** Pool of the database holding the read models and the checkpoint table. */
  pool: Pool;
  /** The service schema holding the read models and the checkpoint table. */
  schema: string;
  projections: readonly ProjectionDefinition[];
  /** Checkpoint table in `schema` (`name text PRIMARY KEY, position text, updated_at timestamptz`); default `projection_checkpoints`. */
  checkpointTable?: string;
  /** Most events applied in one transaction; default 500. */
  batchSize?: number;
  /** Whether `onApplicationBootstrap` starts the processor (Nest lifecycle); default true. */
  autoStart?: boolean;
  logger?: ProjectionLogger;
}

const stderr = (level: string) => (obj: object, msg?: string) =>
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), ...obj, msg })}\n`);
const defaultLogger: ProjectionLogger = { info: () => undefined, warn: stderr('warn'), error: stderr('error') };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

const NOT_READY = Symbol('not ready');
const nextTurn = () => new Promise<typeof NOT_READY>((resolve) => setImmediate(() => resolve(NOT_READY)));

/**
 * Groups a subscription's events into batches: what is available now (the subscription's current page),
 * up to `max`; waits (NOTIFY or polling, inside the subscription) only when nothing is.
 */
async function* batchesOf(subscription: Subscription, max: number): AsyncGenerator<RecordedEvent[]> {
  const it = subscription[Symbol.asyncIterator]();
  let pending = it.next();
  for (;;) {
    const first = await pending;
    if (first.done) return;
    const batch = [first.value];
    pending = it.next();
    while (batch.length < max) {
      const r = await Promise.race([pending, nextTurn()]);
      if (r === NOT_READY) break;
      if (r.done) {
        yield batch;
        return;
      }
      batch.push(r.value);
      pending = it.next();
    }
    yield batch;
  }
}

/**
 * The one projection processor of a service. For each projection it reads the event store in global
 * order from the projection's checkpoint (a catch-up subscription: woken by the store's NOTIFY, polling
 * as a fallback) and applies each batch in ONE PostgreSQL transaction together with the checkpoint
 * update, under an advisory lock per projection; events at or before the checkpoint are skipped. A
 * crash therefore never applies an event twice nor skips one, and two processes (or a rebuild racing
 * the live processor) are harmless.
 *
 * Nest: provide an instance (`useFactory`); `onApplicationBootstrap` starts it (unless `autoStart` is
 * false) and `beforeApplicationShutdown` stops it.
 */
export class ProjectionProcessor {
  private readonly s: string;
  private readonly checkpoints: string;
  private readonly logger: ProjectionLogger;
  private readonly batchSize: number;
  private readonly byName = new Map<string, ProjectionDefinition>();
  private readonly positions = new Map<string, GlobalPosition>();
  private readonly waiters = new Set<() => void>();
  private controller: AbortController | undefined;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: ProjectionProcessorOptions) {
    this.s = quoteIdent(options.schema);
    this.checkpoints = `${this.s}.${quoteIdent(options.checkpointTable ?? 'projection_checkpoints')}`;
    this.logger = options.logger ?? defaultLogger;
    this.batchSize = options.batchSize ?? 500;
    for (const p of options.projections) {
      if (this.byName.has(p.name)) throw new Error(`two projections named ${p.name}`);
      this.byName.set(p.name, p);
    }
  }

  get projections(): readonly ProjectionDefinition[] {
    return this.options.projections;
  }

  get running(): boolean {
    return this.controller !== undefined;
  }

  /** The last position a projection applied (or found in its checkpoint); undefined before its first event. */
  position(name?: string): GlobalPosition | undefined {
    return this.positions.get(this.definition(name).name);
  }

  onApplicationBootstrap(): void {
    if (this.options.autoStart ?? true) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts following the log in the background (one loop per projection). */
  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loops = this.options.projections.map((p) => this.follow(p, controller.signal));
  }

  /** Stops cleanly: the batch in flight commits or rolls back, then the loops end. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await Promise.all(this.loops);
    this.loops = [];
    this.controller = undefined;
  }

  /** Applies every event after the checkpoint(s) up to the end of the log as it is now; returns the events read. */
  async catchUp(name?: string): Promise<number> {
    let count = 0;
    for (const p of this.selected(name)) {
      let after = (await this.loadCheckpoint(p)) ?? START;
      for (;;) {
        const page = await this.read(p, after);
        if (page.length > 0) await this.applyBatch(p, page);
        count += page.length;
        if (page.length < this.batchSize) break;
        after = page[page.length - 1]!.position;
      }
    }
    return count;
  }

  /** Empties the projection's tables and checkpoint (one transaction). Stop the live processor first, or use `rebuild`. */
  async reset(name?: string): Promise<void> {
    for (const p of this.selected(name)) {
      await this.transaction(p, async (tx) => {
        await this.truncate(p, tx);
      });
      this.positions.delete(p.name);
    }
  }

  /**
   * Rebuilds from the store: in ONE transaction per projection, under its lock, empties its tables and
   * checkpoint and replays the whole log. Readers see the old rows until it commits; a live processor
   * (here or in another process) waits on the lock, then finds the checkpoint at the end.
   */
  async rebuild(name?: string): Promise<number> {
    const wasRunning = this.running;
    await this.stop();
    let count = 0;
    try {
      for (const p of this.selected(name)) {
        let last: GlobalPosition | undefined;
        await this.transaction(p, async (tx) => {
          await this.truncate(p, tx);
          let after = START;
          for (;;) {
            const page = await this.read(p, after);
            if (page.length === 0) break;
            await this.handle(p, page, tx);
            last = page[page.length - 1]!.position;
            count += page.length;
            if (page.length < this.batchSize) break;
            after = last;
          }
          if (last) await this.saveCheckpoint(p, tx, last);
        });
        if (last) this.positions.set(p.name, last);
        else this.positions.delete(p.name);
      }
    } finally {
      if (wasRunning) this.start();
    }
    this.wake();
    return count;
  }

  /** Resolves once the projection has applied the event at `position` (or a later one): tests, read-your-writes. */
  async waitFor(position: GlobalPosition, timeoutMs = 10_000, name?: string): Promise<void> {
    const p = this.definition(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = this.positions.get(p.name) ?? (await this.loadCheckpoint(p));
      if (reached && comparePositions(reached, position) >= 0) return;
      if (Date.now() > deadline) throw new Error(`projection ${p.name} did not reach ${formatPosition(position)} within ${timeoutMs} ms`);
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

  /** Applies one batch (read from the store, in global order) with the checkpoint, in one transaction. */
  async applyBatch(p: ProjectionDefinition, events: readonly RecordedEvent[]): Promise<void> {
    let reached: GlobalPosition | undefined;
    await this.transaction(p, async (tx) => {
      const checkpoint = await this.loadCheckpoint(p, tx);
      const fresh = checkpoint ? events.filter((e) => comparePositions(e.position, checkpoint) > 0) : events;
      reached = checkpoint;
      if (fresh.length === 0) return;
      await this.handle(p, fresh, tx);
      reached = fresh[fresh.length - 1]!.position;
      await this.saveCheckpoint(p, tx, reached);
    });
    if (reached) this.positions.set(p.name, reached);
    this.wake();
  }

  private async handle(p: ProjectionDefinition, events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    const handled = events.filter((e) => p.canHandle.includes(e.type));
    if (handled.length > 0) await p.handle(handled, tx);
  }

  private async follow(p: ProjectionDefinition, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const after = (await this.loadCheckpoint(p)) ?? START;
        const subscription = this.options.store.subscribeToAll({ after, filter: this.filter(p), signal });
        try {
          for await (const batch of batchesOf(subscription, this.batchSize)) {
            if (signal.aborted) break;
            await this.applyBatch(p, batch);
            failures = 0;
          }
        } finally {
          await subscription.close().catch(() => undefined);
        }
      } catch (e) {
        if (signal.aborted) break;
        failures++;
        this.logger.warn({ projection: p.name, attempt: failures, err: e instanceof Error ? e.message : String(e) }, 'projection failed, restarting from its checkpoint');
        await sleep(Math.min(10_000, 100 * 2 ** Math.min(failures, 7)), signal);
      }
    }
  }

  private read(p: ProjectionDefinition, after: GlobalPosition): Promise<RecordedEvent[]> {
    return this.options.store.readAll({ after, maxCount: this.batchSize, filter: this.filter(p) });
  }

  private filter(p: ProjectionDefinition) {
    return p.streamCategories ? { streamCategories: [...p.streamCategories] } : undefined;
  }

  private async truncate(p: ProjectionDefinition, tx: PoolClient): Promise<void> {
    if (p.tables.length > 0) await tx.query(`TRUNCATE ${p.tables.map((t) => `${this.s}.${quoteIdent(t)}`).join(', ')}`);
    await tx.query(`DELETE FROM ${this.checkpoints} WHERE name = $1`, [p.name]);
  }

  private async transaction(p: ProjectionDefinition, work: (tx: PoolClient) => Promise<void>): Promise<void> {
    const tx = await this.options.pool.connect();
    try {
      await tx.query('BEGIN');
      // One writer per projection at a time (live processors in several instances, a rebuild).
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sa.projection.${p.name}:${this.options.schema}`]);
      await work(tx);
      await tx.query('COMMIT');
    } catch (e) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      tx.release();
    }
  }

  private async saveCheckpoint(p: ProjectionDefinition, tx: PoolClient, position: GlobalPosition): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.checkpoints} (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
      [p.name, formatPosition(position)],
    );
  }

  private async loadCheckpoint(p: ProjectionDefinition, db: Pool | PoolClient = this.options.pool): Promise<GlobalPosition | undefined> {
    const { rows } = await db.query<{ position: string }>(`SELECT position FROM ${this.checkpoints} WHERE name = $1`, [p.name]);
    const found = rows[0] ? parsePosition(rows[0].position) : undefined;
    const known = this.positions.get(p.name);
    if (found && (!known || comparePositions(found, known) > 0)) this.positions.set(p.name, found);
    return found;
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private definition(name?: string): ProjectionDefinition {
    if (name === undefined) {
      if (this.options.projections.length !== 1) throw new Error('name the projection: this processor runs several');
      return this.options.projections[0]!;
    }
    const p = this.byName.get(name);
    if (!p) throw new Error(`no projection named ${name} (known: ${[...this.byName.keys()].join(', ')})`);
    return p;
  }

  private selected(name?: string): readonly ProjectionDefinition[] {
    return name === undefined ? this.options.projections : [this.definition(name)];
  }
}
