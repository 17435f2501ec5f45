/**
 * The audit's read cache: a case's stored events, kept while the event store holds exactly those events.
 *
 * The store is append-only (erasure shreds keys, it does not remove rows), so a fingerprint read just before
 * a request is served — the number of the case's events, the highest position, and the sum and maximum of
 * the rows' xmin — identifies what is stored: a new event raises the count, even one whose transaction
 * committed late with a lower position; an edit in place (a superuser with the triggers off) gives the row a
 * newer xmin. A request therefore never sees less or other than what was committed when it arrived. Concurrent requests for the same case and fingerprint share one load (32 auditors on one case = one
 * read of its 5,000 events, not 32), and the results derived from a snapshot (history, as-of state,
 * explanation) are memoised on it: they are pure functions of the events.
 */
import type { AuditEvent } from '../domain';

const MAX_MEMO = 64;

export interface CaseSnapshot {
  /** `<count>/<max position>/<sum xmin>/<max xmin>` of the case's events when they were read. */
  fingerprint: string;
  events: AuditEvent[];
  /** Results derived from `events` (pure), by request key. */
  memo: Map<string, unknown>;
}

export class CaseReadCache {
  /** Least recently used first (a Map keeps insertion order; a hit is moved to the end). */
  private readonly entries = new Map<string, CaseSnapshot>();
  private readonly loading = new Map<string, Promise<CaseSnapshot>>();
  private cachedEvents = 0;

  /** @param maxEvents events kept over all cached cases (0: nothing is kept, loads are still shared). */
  constructor(private readonly maxEvents: number) {}

  async get(key: string, fingerprint: string, load: () => Promise<AuditEvent[]>): Promise<CaseSnapshot> {
    const hit = this.entries.get(key);
    if (hit && hit.fingerprint === fingerprint) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const flightKey = `${key}@${fingerprint}`;
    const inFlight = this.loading.get(flightKey);
    if (inFlight) return inFlight;
    const p = load()
      .then((events) => {
        const snapshot: CaseSnapshot = { fingerprint, events, memo: new Map() };
        this.put(key, snapshot);
        return snapshot;
      })
      .finally(() => this.loading.delete(flightKey));
    this.loading.set(flightKey, p);
    return p;
  }

  /** The memoised result of `compute` on this snapshot. */
  static memo<T>(snapshot: CaseSnapshot, key: string, compute: () => T): T {
    if (snapshot.memo.has(key)) return snapshot.memo.get(key) as T;
    const value = compute();
    if (snapshot.memo.size >= MAX_MEMO) snapshot.memo.clear(); // arbitrary filters and moments: bounded
    snapshot.memo.set(key, value);
    return value;
  }

  get size(): { cases: number; events: number } {
    return { cases: this.entries.size, events: this.cachedEvents };
  }

  private put(key: string, snapshot: CaseSnapshot): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.cachedEvents -= old.events.length;
    }
    if (snapshot.events.length > this.maxEvents) return;
    this.entries.set(key, snapshot);
    this.cachedEvents += snapshot.events.length;
    for (const [k, v] of this.entries) {
      if (this.cachedEvents <= this.maxEvents) break;
      this.entries.delete(k);
      this.cachedEvents -= v.events.length;
    }
  }
}

/**
 * Concurrent identical queries joined without ever answering from the past: a caller joins only a query that
 * has not started yet. While one runs, callers queue for the next, which starts when it ends and answers all of
 * them — each caller's answer was read after it asked. 32 auditors on one case = 1–2 fingerprint queries in
 * flight, not 32 (issue 20), and a request still sees every event committed before it arrived.
 */
export class FreshQueryCoalescer<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly queued = new Map<string, Promise<T>>();

  run(key: string, query: () => Promise<T>): Promise<T> {
    const queued = this.queued.get(key);
    if (queued) return queued;
    const running = this.running.get(key);
    if (!running) return this.start(key, query);
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.queued.delete(key);
        return this.start(key, query);
      });
    this.queued.set(key, next);
    return next;
  }

  private start(key: string, query: () => Promise<T>): Promise<T> {
    const p: Promise<T> = query().finally(() => {
      if (this.running.get(key) === p) this.running.delete(key);
    });
    this.running.set(key, p);
    return p;
  }
}
