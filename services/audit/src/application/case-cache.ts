/**
 * The audit's read cache: a case's stored events, kept while the event store holds exactly those events.
 *
 * Before a cached case is served, one statement checks the store's mark it was read with (store-mark.ts): the
 * case's rows of transactions at or above the read's snapshot horizon (a new event, even one committed late
 * with a lower position), the table's UPDATE/DELETE counters and file, and its triggers' catalogue rows — an index
 * range, O(log n + k), where it used to visit each of the case's rows. At most every AUDIT_CASE_RECHECK_MS the
 * full fingerprint (count, max position, sum and max of `xmin` over the case's rows) is compared too: the
 * backstop for a superuser's edit under `session_replication_role = replica`, which PostgreSQL's statistics
 * show within about a second. A request therefore never sees fewer or other events than were committed when it
 * arrived (edits in place: see store-mark.ts). Concurrent requests for the same case share one check and one
 * load (32 auditors on one case = one read of its 5,000 events, not 32), and the results derived from a
 * snapshot (history, as-of state, explanation) are memoised on it: they are pure functions of the events.
 */
import type { AuditEvent } from '../domain';
import type { StoreMark } from './store-mark';

const MAX_MEMO = 64;

export interface CaseSnapshot {
  /** `<count>/<max position>/<sum xmin>/<max xmin>` of the case's events when they were read (the full fingerprint). */
  fingerprint: string;
  events: AuditEvent[];
  /** Results derived from `events` (pure), by request key. */
  memo: Map<string, unknown>;
  /** The store's mark the events were read with, moved on by each check that found them unchanged (store-mark.ts). */
  mark?: StoreMark;
  /** When (Date.now()) the events were last compared with the store row by row (the full fingerprint). */
  fullCheckedAt?: number;
  /** The tick (see `tick`) at which the last read that found the store holding exactly these events started. */
  readAt?: number;
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

  /** The cached snapshot of `key`, if any (counted as a use). The caller checks it is still current. */
  peek(key: string): CaseSnapshot | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Keeps `snapshot` as the case's (replacing the one before; dropped at once if over the bound). */
  set(key: string, snapshot: CaseSnapshot): void {
    this.put(key, snapshot);
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

/** A process-wide order of events: a request's arrival, a query's start (a larger tick happened later). */
let ticks = 0;
export function tick(): number {
  return ++ticks;
}

/**
 * Concurrent identical queries joined without ever answering from the past: a caller joins only a query that
 * started after it arrived (`arrived`, a tick; by default now: then only a query that has not started yet).
 * While one runs, callers that arrived before it started queue for the next, which starts when it ends and
 * answers all of them — each caller's answer was read after it asked. 32 auditors on one case = 1–2 queries in
 * flight, not 32 (issue 20), and a request still sees every event committed before it arrived.
 */
export class FreshQueryCoalescer<T> {
  private readonly running = new Map<string, { started: number; promise: Promise<T> }>();
  private readonly queued = new Map<string, Promise<T>>();

  run(key: string, query: () => Promise<T>, arrived: number = tick()): Promise<T> {
    const running = this.running.get(key);
    if (running && running.started > arrived) return running.promise;
    const queued = this.queued.get(key);
    if (queued) return queued;
    if (!running) return this.start(key, query);
    const next = running.promise
      .catch(() => undefined)
      .then(() => {
        this.queued.delete(key);
        return this.start(key, query);
      });
    this.queued.set(key, next);
    return next;
  }

  private start(key: string, query: () => Promise<T>): Promise<T> {
    const started = tick();
    const promise: Promise<T> = query().finally(() => {
      if (this.running.get(key)?.promise === promise) this.running.delete(key);
    });
    this.running.set(key, { started, promise });
    return promise;
  }
}
