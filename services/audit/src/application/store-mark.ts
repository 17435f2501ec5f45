/**
 * What makes a cached case cheap to check and still never stale (issue 20): a mark of the store taken with the
 * case's events, checked before every read in O(log n + k) instead of visiting each of the case's rows.
 *
 * The event store is append-only and every row carries `tx_id`, the id of the transaction that wrote it
 * (`pg_current_xact_id()`, indexed with the position: `events_tx_position_idx`). A snapshot's `xmin` (the
 * *horizon*) is the oldest transaction still running when it was taken: every transaction below it had ended,
 * so the case's rows with `tx_id` below the horizon are the same in every later snapshot. Only rows of
 * transactions at or above it can still appear — a new append, or one that committed late with a lower
 * position. So a mark = the horizon, the *tail* (count, highest position and sum of `xmin` of the case's rows
 * with `tx_id` ≥ horizon, as seen then) and the table's *edit counters*; a read re-reads the tail from the
 * mark's horizon in one statement (an index range on `tx_id`, or the case's indexes: the planner's choice)
 * and the case is unchanged iff the tail and the counters are. The same statement gives the new horizon,
 * so the next check starts from there (k stays the rows written since).
 *
 * Rows below the horizon can only change by an UPDATE or DELETE, which the store's triggers refuse: a
 * superuser must first disable them. PostgreSQL counts every UPDATE and DELETE of the table
 * (`pg_stat_get_tuples_updated/deleted`) and a TRUNCATE or rewrite changes its file (`pg_relation_filenode`):
 * both are in the mark. The statistics are published by the editing session within about a second (PostgreSQL
 * flushes them at most once a second per backend), so as a backstop every cached case is also checked row by
 * row (count, max position, sum and max of `xmin`: the full fingerprint) at most every `recheckMs`
 * (AUDIT_CASE_RECHECK_MS; 0: on every read, as before).
 */

/** One stored row as far as the mark is concerned. */
export interface MarkRow {
  /** `tx_id` of the row (xid8, decimal). */
  txId: string;
  /** `position` (bigint, decimal). */
  position: string;
  /** `xmin` of the row version (decimal). */
  xmin: string;
}

export interface StoreMark {
  /** `pg_snapshot_xmin` of the snapshot the mark was taken in (xid8, decimal). */
  horizon: string;
  /** `<count>/<max position>/<sum xmin>` of the case's rows with tx_id ≥ horizon ('0//0' when none). */
  tail: string;
  /** `<filenode>/<tuples updated>/<tuples deleted>` of the events table. */
  edits: string;
}

/** count / max position / sum xmin of the rows with tx_id ≥ from. */
export function tailOf(rows: readonly MarkRow[], from: string): string {
  const h = BigInt(from);
  let count = 0;
  let max: bigint | null = null;
  let sum = 0n;
  for (const r of rows) {
    if (BigInt(r.txId) < h) continue;
    count++;
    const p = BigInt(r.position);
    if (max === null || p > max) max = p;
    sum += BigInt(r.xmin);
  }
  return `${count}/${max ?? ''}/${sum}`;
}

/**
 * The full fingerprint of a set of rows, as the SQL `concat_ws('/', count(*), max(position), sum(xmin), max(xmin))`
 * prints it (NULLs left out by concat_ws: an empty set is '0').
 */
export function fullFingerprintOf(rows: readonly MarkRow[]): string {
  if (rows.length === 0) return '0';
  let maxPos = BigInt(rows[0]!.position);
  let sum = 0n;
  let maxX = BigInt(rows[0]!.xmin);
  for (const r of rows) {
    const p = BigInt(r.position);
    const x = BigInt(r.xmin);
    if (p > maxPos) maxPos = p;
    if (x > maxX) maxX = x;
    sum += x;
  }
  return `${rows.length}/${maxPos}/${sum}/${maxX}`;
}

/** The mark of rows read in one snapshot with the given horizon and edit counters. */
export function markOf(rows: readonly MarkRow[], horizon: string, edits: string): StoreMark {
  return { horizon, tail: tailOf(rows, horizon), edits };
}

/**
 * The outcome of a check: `tailRows` are the case's rows with tx_id ≥ `against.horizon` as seen by the check's
 * statement, `horizon` and `edits` that statement's. Unchanged → the next mark (from the newer horizon); changed → null.
 */
export function checkMark(against: StoreMark, seen: { horizon: string; edits: string; tailRows: readonly MarkRow[] }): StoreMark | null {
  if (seen.edits !== against.edits) return null;
  if (tailOf(seen.tailRows, against.horizon) !== against.tail) return null;
  const horizon = BigInt(seen.horizon) > BigInt(against.horizon) ? seen.horizon : against.horizon;
  return { horizon, tail: tailOf(seen.tailRows, horizon), edits: seen.edits };
}
