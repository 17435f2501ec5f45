import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertJurisdiction, type Actor } from '@sa/auth';
import { VerificationQueries } from '../read-models/verification-queries';
import type { ManualTaskQueryDto } from './manual-tasks.dto';

export class ListManualTasksQuery {
  constructor(
    readonly query: ManualTaskQueryDto,
    readonly actor: Actor,
  ) {}
}

/** The manual tasks of a jurisdiction within the caller's (default: theirs), oldest due first. */
@QueryHandler(ListManualTasksQuery)
export class ListManualTasksHandler implements IQueryHandler<ListManualTasksQuery> {
  constructor(private readonly queries: VerificationQueries) {}

  async execute({ query, actor }: ListManualTasksQuery) {
    const jurisdiction = query.jurisdiction ?? actor.jurisdiction;
    assertJurisdiction(actor, jurisdiction, 'jurisdiction');
    return { tasks: await this.queries.tasks(jurisdiction, query.status, query.limit ?? 50, query.offset ?? 0) };
  }
}
