import type { Pool } from 'pg';
import type { EventStore } from '@sa/eventstore';
import { ProjectionRunner, type ProjectionLogger } from '@sa/messaging';
import { APPLICATION_CATEGORY, LEAD_CATEGORY, OFFICER_RELATIVES_CATEGORY } from '../domain';
import type { ResidentIdHasher } from '../identity/resident-id-hasher';
import { IntakeReadModel, READ_MODEL_TABLES } from './read-model';

export type { ProjectionLogger };

export const PROJECTION_NAME = 'intake-read-models';
export const PROJECTED_CATEGORIES = [APPLICATION_CATEGORY, LEAD_CATEGORY, OFFICER_RELATIVES_CATEGORY];

/**
 * Intake's read models (applications, leads, declared relatives) kept by @sa/messaging's
 * `ProjectionRunner`: each event applied in one transaction with the checkpoint; `rebuild()`
 * empties the tables and replays everything (the same events give the same rows).
 */
export class IntakeProjection extends ProjectionRunner {
  constructor(store: EventStore, pool: Pool, schema: string, hasher: ResidentIdHasher, logger: ProjectionLogger) {
    const readModel = new IntakeReadModel(schema, hasher);
    super({
      store,
      pool,
      schema,
      name: PROJECTION_NAME,
      categories: PROJECTED_CATEGORIES,
      readModelTables: READ_MODEL_TABLES,
      apply: (client, event) => readModel.apply(client, event),
      lockName: 'sa.intake.projection',
      logger,
    });
  }
}
