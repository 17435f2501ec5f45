import { projection, type ProjectionDefinition } from '@sa/eventstore';
import {
  APPLICATION_CATEGORY,
  APPLICATION_EVENT_TYPES,
  LEAD_CATEGORY,
  LEAD_EVENT_TYPES,
  OFFICER_RELATIVES_CATEGORY,
  OFFICER_RELATIVES_EVENT_TYPES,
} from '../domain';
import type { ResidentIdHasher } from '../identity/resident-id-hasher';
import { IntakeReadModel, READ_MODEL_TABLES } from './read-model';

export const PROJECTION_NAME = 'intake-read-models';
export const PROJECTED_CATEGORIES = [APPLICATION_CATEGORY, LEAD_CATEGORY, OFFICER_RELATIVES_CATEGORY];

/**
 * Domain event types intake's read models do not need. Every type of the domain's lists is either
 * projected or named here (test/unit/projected-event-types.unit.spec.ts).
 */
export const IGNORED_EVENT_TYPES: readonly string[] = [];

/**
 * Event types that change intake's read models: built from the domain's lists (applications, leads,
 * officers' relatives) — never a hand copy, which once let ApplicationClosedAfterDecision drop out.
 */
export const PROJECTED_EVENT_TYPES: readonly string[] = [...APPLICATION_EVENT_TYPES, ...LEAD_EVENT_TYPES, ...OFFICER_RELATIVES_EVENT_TYPES].filter(
  (t) => !IGNORED_EVENT_TYPES.includes(t),
);

/**
 * Intake's read models (applications and their people, leads, declared relatives), run by the
 * service's `ProjectionProcessor` (@sa/eventstore): each batch in one transaction with the checkpoint.
 */
export function intakeProjection(schema: string, hasher: ResidentIdHasher): ProjectionDefinition {
  const readModel = new IntakeReadModel(schema, hasher);
  return projection({
    name: PROJECTION_NAME,
    canHandle: PROJECTED_EVENT_TYPES,
    streamCategories: PROJECTED_CATEGORIES,
    tables: READ_MODEL_TABLES,
    async handle(events, tx) {
      for (const event of events) await readModel.apply(tx, event);
    },
  });
}

/** Every projection of the intake service (`npm run projections -- rebuild intake`). */
export const intakeProjections = (schema: string, hasher: ResidentIdHasher): ProjectionDefinition[] => [intakeProjection(schema, hasher)];
