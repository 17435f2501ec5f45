/**
 * Commands in the one shape `{ type, data, metadata: { actor, now } }` for the decider tests:
 * `on('2026-08-03', { type, data })` is the body decided on that day (10:00 in Asia/Shanghai) by `by`.
 */
import type { ComplaintCommand, ComplaintCommandBody, FollowUpCommand, FollowUpCommandBody } from '../../src/domain';

export interface TestActor {
  id: string;
  role: string;
  jurisdiction: string;
}

export const OFFICER: TestActor = { id: 'co-1', role: 'community_officer', jurisdiction: '440305001001' };

/** The instant a test command is decided at: 10:00 on `date`, Asia/Shanghai. */
export const at = (date: string): string => `${date}T10:00:00.000+08:00`;

type WithMetadata<B> = B & { metadata: { actor: TestActor; now: string } };

export function on<B extends FollowUpCommandBody>(date: string, body: B, by?: TestActor | string): WithMetadata<B> & FollowUpCommand;
export function on<B extends ComplaintCommandBody>(date: string, body: B, by?: TestActor | string): WithMetadata<B> & ComplaintCommand;
export function on<B extends FollowUpCommandBody | ComplaintCommandBody>(date: string, body: B, by: TestActor | string = OFFICER): WithMetadata<B> {
  const actor = typeof by === 'string' ? { ...OFFICER, id: by } : by;
  return { ...body, metadata: { actor: { ...actor }, now: at(date) } };
}
