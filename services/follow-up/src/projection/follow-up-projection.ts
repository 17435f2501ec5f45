import type { Pool } from 'pg';
import type { EventStore } from '@sa/eventstore';
import { ProjectionRunner, type ProjectionLogger } from '@sa/messaging';
import { COMPLAINT_CATEGORY, FOLLOW_UP_CATEGORY } from '../domain';
import { FollowUpReadModel, READ_MODEL_TABLES } from './read-model';

export type { ProjectionLogger };

export const PROJECTION_NAME = 'follow-up-read-models';
export const PROJECTED_CATEGORIES = [FOLLOW_UP_CATEGORY, COMPLAINT_CATEGORY];

/**
 * Follow-up's read models (cases, complaints) kept by @sa/messaging's `ProjectionRunner`: a
 * catch-up subscription from the checkpoint, each event applied in one transaction with the
 * checkpoint; `rebuild()` empties the tables and replays everything.
 */
export class FollowUpProjection extends ProjectionRunner {
  constructor(store: EventStore, pool: Pool, schema: string, logger: ProjectionLogger) {
    const readModel = new FollowUpReadModel(store, schema);
    super({
      store,
      pool,
      schema,
      name: PROJECTION_NAME,
      categories: PROJECTED_CATEGORIES,
      readModelTables: READ_MODEL_TABLES,
      apply: (client, event) => readModel.apply(client, event),
      lockName: 'sa.follow-up.projection',
      logger,
    });
  }
}
