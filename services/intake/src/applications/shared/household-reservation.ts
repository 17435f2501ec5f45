import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, PROBLEM_TYPES } from '@sa/errors';
import { EVENT_STORE, StreamNotFoundError, type EventStore } from '@sa/eventstore';
import type { CalendarDate } from '@sa/time';
import { ApplicationForm, applicationStreamId, assessHousehold, maskResidentId, normaliseResidentId } from '../../domain';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';
import { ResidentReservations, type ReservationConflict } from '../../reservations/resident-reservations';

/** A reservation older than this whose case has no events is left over from a failed creation. */
const STALE_AFTER_MS = 5 * 60_000;

/**
 * "A resident ID already in another open application → 409 naming the other case number."
 * The members who count in the household are reserved for the case before its events are appended.
 */
@Injectable()
export class HouseholdReservation {
  constructor(
    private readonly reservations: ResidentReservations,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Hashes of the members who count on `date`, with the request field that named each. */
  countedMembers(form: ApplicationForm, date: CalendarDate): { hash: string; field: string; residentId: string }[] {
    return assessHousehold(form.household, date)
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => m.membership.counts)
      .map(({ m, i }) => ({ hash: this.hasher.hash(m.residentId), field: `household.members[${i}].residentId`, residentId: normaliseResidentId(m.residentId) }));
  }

  /** Reserves the counted members for the case, or throws 409 naming the other open application(s). */
  async reserve(caseId: string, form: ApplicationForm, date: CalendarDate): Promise<string[]> {
    const people = this.countedMembers(form, date);
    const hashes = people.map((p) => p.hash);
    let conflicts = await this.reservations.reserve(caseId, hashes);
    if (conflicts.length > 0 && (await this.dropStale(conflicts))) conflicts = await this.reservations.reserve(caseId, hashes);
    if (conflicts.length === 0) return hashes;

    const byHash = new Map(conflicts.map((c) => [c.residentIdHash, c]));
    const numbers = [...new Set(conflicts.map((c) => c.caseNumber ?? '(being created)'))];
    throw new ProblemException(409, {
      type: PROBLEM_TYPES.businessRule('resident_in_open_application'),
      title: 'Already in an open application',
      code: 'resident_in_open_application',
      detail: `A member of this household is already in another open application: ${numbers.join(', ')}.`,
      otherCaseNumbers: numbers,
      errors: people
        .filter((p) => byHash.has(p.hash))
        .map((p) => ({
          field: p.field,
          message: `resident ${maskResidentId(p.residentId)} is already in open application ${byHash.get(p.hash)!.caseNumber ?? '(being created)'}`,
        })),
    });
  }

  /** Releases reservations of the case that no longer count (after a revision). */
  async releaseOthers(caseId: string, keep: string[]): Promise<void> {
    const held = await this.reservations.hashesOf(caseId);
    const keepSet = new Set(keep);
    await this.reservations.release(
      caseId,
      held.filter((h) => !keepSet.has(h)),
    );
  }

  async releaseAll(caseId: string): Promise<void> {
    await this.reservations.release(caseId);
  }

  private async dropStale(conflicts: ReservationConflict[]): Promise<boolean> {
    let dropped = false;
    for (const c of conflicts) {
      if (Date.now() - c.reservedAt.getTime() < STALE_AFTER_MS) continue;
      try {
        await this.store.readStream(applicationStreamId(c.caseId), { maxCount: 1 });
      } catch (e) {
        if (!(e instanceof StreamNotFoundError)) throw e;
        await this.reservations.releaseStale(c.caseId, c.residentIdHash);
        dropped = true;
      }
    }
    return dropped;
  }
}
