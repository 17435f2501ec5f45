import type { GlobalPosition, RecordedEvent, SubscribeOptions, Subscription } from '../port';
import type { ChangeNotifier } from './notifier';

export interface PgSubscriptionDeps {
  /** Reads the next page of the global log strictly after `after` (already filtered, snapshot-safe). */
  fetch(after: GlobalPosition | undefined, limit: number): Promise<RecordedEvent[]>;
  notifier: ChangeNotifier;
  pageSize: number;
  pollIntervalMs: number;
  onClose(sub: PgSubscription): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Catch-up subscription on the PostgreSQL global log.
 *
 * Pull-based: a page is read only when the consumer asks for the next event and the current page is
 * exhausted (back-pressure for free). Once a read comes back short the subscription is live: it waits
 * for a NOTIFY from an append (shared LISTEN connection) or for the polling interval, whichever comes
 * first, then reads again from its cursor. Correctness never depends on notifications.
 */
export class PgSubscription implements Subscription {
  private cursor: GlobalPosition | undefined;
  private buffer: RecordedEvent[] = [];
  private index = 0;
  private closed = false;
  private listening = false;
  private readonly abort = new AbortController();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly externalSignal?: AbortSignal;
  private readonly onExternalAbort = (): void => {
    void this.close();
  };

  constructor(
    private readonly deps: PgSubscriptionDeps,
    options: SubscribeOptions,
  ) {
    this.cursor = options.after;
    this.externalSignal = options.signal;
    if (options.signal) {
      if (options.signal.aborted) this.closed = true;
      else options.signal.addEventListener('abort', this.onExternalAbort, { once: true });
    }
  }

  /** Position of the last event handed to the consumer's page buffer (the read cursor). */
  get position(): GlobalPosition | undefined {
    return this.cursor;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => {
        // Serialise next() calls: a consumer may call next() again before the previous one settled.
        const result = this.chain.then(() => this.next());
        this.chain = result.catch(() => undefined);
        return result;
      },
      return: async () => {
        await this.close();
        return DONE;
      },
    };
  }

  private async next(): Promise<IteratorResult<RecordedEvent>> {
    try {
      for (;;) {
        if (this.closed) return DONE;
        if (this.index < this.buffer.length) {
          const value = this.buffer[this.index]!;
          this.buffer[this.index] = undefined as unknown as RecordedEvent; // let it be collected
          this.index += 1;
          return { done: false, value };
        }
        const { notifier } = this.deps;
        if (this.listening) await notifier.ensureListening();
        const generation = notifier.generation;
        const page = await this.deps.fetch(this.cursor, this.deps.pageSize);
        if (this.closed) return DONE;
        if (page.length > 0) {
          this.buffer = page;
          this.index = 0;
          this.cursor = page[page.length - 1]!.position;
          continue;
        }
        if (!this.listening) {
          // Caught up: start listening, then read once more so nothing appended meanwhile is missed.
          this.listening = true;
          await notifier.acquire();
          continue;
        }
        await notifier.wait(generation, this.deps.pollIntervalMs, this.abort.signal);
      }
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.closed && !this.listening) return;
    this.closed = true;
    this.buffer = [];
    this.index = 0;
    this.abort.abort();
    this.externalSignal?.removeEventListener('abort', this.onExternalAbort);
    this.deps.onClose(this);
    if (this.listening) {
      this.listening = false;
      await this.deps.notifier.release();
    }
  }
}
