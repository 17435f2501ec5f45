import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EVENT_STORE, formatPosition, parsePosition, START, type EventStore, type RecordedEvent, type Subscription } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { EligibilityConfig } from '../config';
import { caseIdOfStream, projectReviewCase } from './review-case.projection';
import { ProjectionCheckpointRow, ReviewCaseRow } from './review-case-row.entity';

export const REVIEW_CASE_PROJECTION = 'review-cases';

/**
 * Follows the event store's global log (category `reviewCase`) from its checkpoint and keeps the
 * case list up to date: each event's row change and the new checkpoint commit together. `rebuild()`
 * empties the table and replays everything (the result is the same rows).
 */
@Injectable()
export class ReviewCaseProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReviewCaseProjection');
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private controller = new AbortController();
  private lastPosition: string | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: EligibilityConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ELIGIBILITY_PROJECTIONS_ENABLED) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** The checkpoint reached (`commit/prepare`), or null before the first event. */
  get position(): string | null {
    return this.lastPosition;
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run().catch((e) => this.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'projection stopped'));
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.subscription?.close().catch(() => undefined);
    await this.loop;
    this.loop = undefined;
    this.subscription = undefined;
  }

  /** Empties the read model and replays the whole log. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(ReviewCaseRow).clear();
      await em.getRepository(ProjectionCheckpointRow).delete({ name: REVIEW_CASE_PROJECTION });
    });
    this.lastPosition = null;
    this.start();
  }

  /** Applies one event (and the checkpoint) in one transaction; exposed for tests and tools. */
  async apply(event: RecordedEvent): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.applyWith(em, event);
      await em.getRepository(ProjectionCheckpointRow).save({ name: REVIEW_CASE_PROJECTION, position: formatPosition(event.position), updatedAt: event.recordedAt });
    });
    this.lastPosition = formatPosition(event.position);
  }

  private async applyWith(em: EntityManager, event: RecordedEvent): Promise<void> {
    const repo = em.getRepository(ReviewCaseRow);
    const caseId = caseIdOfStream(event.streamId);
    const current = await repo.findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
    if (current && current.revision >= event.revision) return; // already applied
    await repo.save(projectReviewCase(current, event));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.controller.signal.aborted) {
      try {
        const saved = await this.dataSource.getRepository(ProjectionCheckpointRow).findOne({ where: { name: REVIEW_CASE_PROJECTION } });
        const after = saved ? parsePosition(saved.position) : START;
        this.subscription = this.store.subscribeToAll({ after, filter: { streamCategories: ['reviewCase'] }, signal: this.controller.signal });
        for await (const event of this.subscription) {
          await this.apply(event);
          failures = 0;
        }
        if (!this.controller.signal.aborted) throw new Error('subscription ended');
      } catch (e) {
        if (this.controller.signal.aborted) break;
        failures += 1;
        this.logger.warn({ err: e instanceof Error ? e.message : String(e), attempt: failures }, 'projection failed, restarting');
        await this.subscription?.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(10_000, 200 * 2 ** Math.min(failures, 6))));
      }
    }
  }
}
