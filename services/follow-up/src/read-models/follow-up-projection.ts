import { projection, type ProjectionDefinition } from '@sa/eventstore';
import { COMPLAINT_CATEGORY, COMPLAINT_EVENT_TYPES, FOLLOW_UP_CATEGORY, FOLLOW_UP_EVENT_TYPES } from '../domain';
import { FollowUpReadModel, READ_MODEL_TABLES } from './read-model';

export const PROJECTION_NAME = 'follow-up-read-models';
export const PROJECTED_CATEGORIES = [FOLLOW_UP_CATEGORY, COMPLAINT_CATEGORY];

/**
 * Domain event types the read models do not need. Every type of the domain's lists is either projected
 * or named here (test/unit/projected-event-types.unit.spec.ts); today every event moves a row's revision.
 */
export const IGNORED_EVENT_TYPES: readonly string[] = [];

/** Event types that change follow-up's read models: the domain's lists, less the ignored ones. */
export const PROJECTED_EVENT_TYPES: readonly string[] = [...FOLLOW_UP_EVENT_TYPES, ...COMPLAINT_EVENT_TYPES].filter((t) => !IGNORED_EVENT_TYPES.includes(t));

/**
 * Follow-up's read models (`cases`, `complaints`), run by the service's `ProjectionProcessor`
 * (@sa/eventstore): each batch in one transaction with the checkpoint; per batch each row concerned is
 * read once and the events folded into it by the pure `projectCase` / `projectComplaint` (no stream is
 * re-read).
 */
export function followUpProjection(schema: string): ProjectionDefinition {
  const readModel = new FollowUpReadModel(schema);
  return projection({
    name: PROJECTION_NAME,
    canHandle: PROJECTED_EVENT_TYPES,
    streamCategories: PROJECTED_CATEGORIES,
    tables: READ_MODEL_TABLES,
    async handle(events, tx) {
      await readModel.cases.apply(tx, events.filter((e) => e.streamId.startsWith(`${FOLLOW_UP_CATEGORY}-`)));
      await readModel.complaints.apply(tx, events.filter((e) => e.streamId.startsWith(`${COMPLAINT_CATEGORY}-`)));
    },
  });
}

/** Every projection of the follow-up service (`npm run projections -- rebuild follow-up`). */
export const followUpProjections = (schema: string): ProjectionDefinition[] => [followUpProjection(schema)];
