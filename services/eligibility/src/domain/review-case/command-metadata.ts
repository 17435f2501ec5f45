/**
 * Who acts and when: the `metadata` of every review-case command (`DecidedCommandMetadata` of
 * @sa/decider, structurally `CommandMetadata` of @sa/eventstore), filled in one place —
 * `EligibilityPipelines.reviewCase.command()` — from the caller and the injected clock. A decider reads
 * its "today" from `metadata.now` and who acts from `metadata.actor` through @sa/decider's `todayOf` /
 * `actorOf` (the ones every service uses; their `DomainError`s — `invalid_command_time`, `actor_missing` —
 * become `EligibilityError`s in the pipeline's `toEligibilityError`). Values that need the calendar or the
 * policy arrive computed in `data`. The decider reads no clock.
 */
import type { DecidedCommandMetadata } from '@sa/decider';

export type ReviewCaseCommandMetadata = DecidedCommandMetadata;
