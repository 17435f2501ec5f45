import type { Notification, Pool, PoolClient } from 'pg';
import { quoteIdent } from './migrations';

/**
 * One LISTEN connection per store, shared by all live subscriptions of that store (reference-counted:
 * taken from the pool when the first subscription goes live, released when the last one closes).
 *
 * Notifications only shorten the wait: subscribers also poll, so a lost notification or a broken
 * LISTEN connection delays delivery by at most the polling interval and never loses an event.
 * `generation` increases on every notification; a subscriber records it before reading so that a
 * notification arriving between its read and its wait is not missed.
 */
export class ChangeNotifier {
  private client: PoolClient | undefined;
  private connecting: Promise<void> | undefined;
  private refs = 0;
  private gen = 0;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
  ) {}

  get generation(): number {
    return this.gen;
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Registers a user; tries to LISTEN (best effort: on failure subscribers simply poll). */
  async acquire(): Promise<void> {
    this.refs += 1;
    await this.ensureListening();
  }

  async release(): Promise<void> {
    this.refs = Math.max(0, this.refs - 1);
    if (this.refs === 0) await this.disconnect();
  }

  async ensureListening(): Promise<void> {
    if (this.closed || this.refs === 0 || this.client) return;
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = undefined;
      });
    }
    await this.connecting;
  }

  private async connect(): Promise<void> {
    let client: PoolClient | undefined;
    try {
      client = await this.pool.connect();
      client.on('notification', this.onNotification);
      client.on('error', this.onError);
      await client.query(`LISTEN ${quoteIdent(this.channel)}`);
      if (this.closed || this.refs === 0) {
        await this.unlistenAndRelease(client);
        return;
      }
      this.client = client;
      this.wakeAll(); // something may have been appended while we were not listening
    } catch {
      if (client) this.drop(client, true);
    }
  }

  private readonly onNotification = (msg: Notification): void => {
    if (msg.channel === this.channel) this.wakeAll();
  };

  private readonly onError = (): void => {
    // The LISTEN connection broke: forget it (subscribers keep polling and re-listen on their next wait).
    const c = this.client;
    if (c) this.drop(c, true);
  };

  private wakeAll(): void {
    this.gen += 1;
    for (const w of [...this.waiters]) w();
  }

  private drop(client: PoolClient, broken: boolean): void {
    if (this.client === client) this.client = undefined;
    client.removeListener('notification', this.onNotification);
    client.removeListener('error', this.onError);
    try {
      client.release(broken ? new Error('LISTEN connection dropped') : undefined);
    } catch {
      // already released
    }
  }

  private async unlistenAndRelease(client: PoolClient): Promise<void> {
    try {
      await client.query(`UNLISTEN ${quoteIdent(this.channel)}`);
    } catch {
      this.drop(client, true);
      return;
    }
    this.drop(client, false);
  }

  private async disconnect(): Promise<void> {
    if (this.connecting) await this.connecting.catch(() => undefined);
    const c = this.client;
    this.client = undefined;
    if (c) await this.unlistenAndRelease(c);
  }

  /**
   * Resolves when a notification arrives after `sinceGeneration`, after `timeoutMs`, or on abort.
   */
  wait(sinceGeneration: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.gen !== sinceGeneration || signal?.aborted || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeAll();
    this.refs = 0;
    await this.disconnect();
  }
}
