import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import { viewComplaintFor } from '../domain';
import { type ComplaintListItem, FollowUpQueries } from '../read-models/follow-up-queries';
import type { Page, PageRequest } from '@sa/platform';
import { assertMayViewComplaint } from './complaint-access';

export class ListComplaintsQuery {
  constructor(
    readonly actor: Actor,
    readonly status: string | undefined,
    readonly page: PageRequest,
  ) {}
}

/** 举报件列表 (the read model, which never holds the complainant): within the caller's jurisdiction or investigated by them; open first, oldest first. */
@QueryHandler(ListComplaintsQuery)
export class ListComplaintsHandler implements IQueryHandler<ListComplaintsQuery> {
  constructor(private readonly queries: FollowUpQueries) {}

  execute({ actor, status, page }: ListComplaintsQuery): Promise<Page<ComplaintListItem>> {
    return this.queries.complaints(actor.jurisdiction, actor.id, status, page);
  }
}

export class GetComplaintQuery {
  constructor(
    readonly complaintId: string,
    readonly actor: Actor,
  ) {}
}

/** A complaint from its stream, as the caller may see it: the complainant's identity is never returned. */
@QueryHandler(GetComplaintQuery)
export class GetComplaintHandler implements IQueryHandler<GetComplaintQuery> {
  constructor(private readonly commands: FollowUpPipelines) {}

  async execute({ complaintId, actor }: GetComplaintQuery) {
    const state = await this.commands.complaintFor(complaintId);
    assertMayViewComplaint(actor, state);
    return viewComplaintFor({ id: actor.id, roles: actor.roles, jurisdiction: actor.jurisdiction }, state);
  }
}
