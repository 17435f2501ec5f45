import type { Decider } from '@sa/decider';
import { START, type EventStore, type GlobalPosition } from '@sa/eventstore';
import { caseIdOfStream } from '../read-models/review-case.projection';
import type { ReviewCaseCommand, ReviewCaseEvent, ReviewCaseState } from '../domain';

/** Events read per page of the category scan. */
export const SCAN_PAGE = 5000;

export interface FoldedCase {
  state: ReviewCaseState;
  /** Revision of the case stream's last event (the expected revision of an append). */
  revision: number;
}

const covers = (jurisdiction: string, code: string): boolean => code.startsWith(jurisdiction);

/**
 * Every review case of a jurisdiction folded with the review-case decider, in ONE pass over the
 * `reviewCase` category in global order (pages of `SCAN_PAGE` events) instead of one stream read per
 * case. A case leaves the scan as soon as its jurisdiction is known and outside (or it is not in
 * `only`), so memory holds only the cases asked for. The revision kept is the stream's last one: a
 * batch appended with it fails (WrongExpectedRevisionError) if the case moved meanwhile.
 */
export async function foldCaseload(
  store: EventStore,
  decider: Decider<ReviewCaseCommand, ReviewCaseEvent, ReviewCaseState>,
  options: { jurisdiction: string; only?: ReadonlySet<string> },
): Promise<Map<string, FoldedCase>> {
  const cases = new Map<string, FoldedCase>();
  const skipped = new Set<string>();
  let after: GlobalPosition = START;
  for (;;) {
    const page = await store.readAll({ after, maxCount: SCAN_PAGE, filter: { streamCategories: ['reviewCase'] } });
    for (const recorded of page) {
      const caseId = caseIdOfStream(recorded.streamId);
      if (skipped.has(caseId)) continue;
      if (options.only && !options.only.has(caseId)) {
        skipped.add(caseId);
        continue;
      }
      const entry = cases.get(caseId) ?? { state: decider.initialState, revision: -1 };
      const state = decider.evolve(entry.state, { type: recorded.type, data: recorded.data } as ReviewCaseEvent);
      if (state.jurisdiction !== null && !covers(options.jurisdiction, state.jurisdiction)) {
        cases.delete(caseId);
        skipped.add(caseId);
        continue;
      }
      cases.set(caseId, { state, revision: recorded.revision });
    }
    if (page.length < SCAN_PAGE) break;
    after = page[page.length - 1]!.position;
  }
  for (const [caseId, c] of cases) if (c.state.jurisdiction === null) cases.delete(caseId);
  return cases;
}

/** `on` minus `months` calendar months (the day clamped to the month's length). */
export function monthsBefore(on: string, months: number): string {
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
