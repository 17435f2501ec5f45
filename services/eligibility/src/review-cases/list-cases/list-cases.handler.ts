import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { ReviewCaseQueries } from '../../read-models/review-case-queries';
import type { ListCasesQuery } from './list-cases.controller';

/** The case list of a jurisdiction (read model; a moment behind the case files). */
export class ListCases {
  constructor(readonly filter: ListCasesQuery) {}
}

@QueryHandler(ListCases)
export class ListCasesHandler implements IQueryHandler<ListCases> {
  constructor(private readonly queries: ReviewCaseQueries) {}

  execute({ filter: q }: ListCases) {
    return this.queries.list({ jurisdiction: q.jurisdiction, status: q.status, program: q.program, limit: q.limit ?? 50, offset: q.offset ?? 0 });
  }
}

/** Open cases whose decision deadline falls within the next working days (today from the injected clock). */
export class ListDueSoon {
  constructor(readonly jurisdiction: string) {}
}

@QueryHandler(ListDueSoon)
export class ListDueSoonHandler implements IQueryHandler<ListDueSoon> {
  constructor(
    private readonly queries: ReviewCaseQueries,
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ jurisdiction }: ListDueSoon) {
    const today = this.pipelines.today();
    const { until, items } = await this.queries.dueSoon(jurisdiction, today);
    return { today, until, items };
  }
}

/** Open cases past their decision deadline. */
export class ListOverdue {
  constructor(readonly jurisdiction: string) {}
}

@QueryHandler(ListOverdue)
export class ListOverdueHandler implements IQueryHandler<ListOverdue> {
  constructor(
    private readonly queries: ReviewCaseQueries,
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ jurisdiction }: ListOverdue) {
    const today = this.pipelines.today();
    return { today, items: await this.queries.overdue(jurisdiction, today) };
  }
}

/** Cases with a deadline left open because the holiday schedule of `calendar_missing` is not published yet. */
export class ListCalendarMissing {
  constructor(readonly jurisdiction: string) {}
}

@QueryHandler(ListCalendarMissing)
export class ListCalendarMissingHandler implements IQueryHandler<ListCalendarMissing> {
  constructor(private readonly queries: ReviewCaseQueries) {}

  async execute({ jurisdiction }: ListCalendarMissing) {
    return { items: await this.queries.calendarMissing(jurisdiction) };
  }
}
