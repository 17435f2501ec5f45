import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import { welfareVisitStatus, type LocalDate, type Vulnerability } from '../domain';
import { FollowUpQueries } from '../read-models/follow-up-queries';
import type { Page, PageRequest } from '@sa/platform';

export interface MissedVisitItem {
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  vulnerabilities: Vulnerability[];
  lastVisitedOn: LocalDate | null;
  nextDueOn: LocalDate;
  missed: boolean;
  daysOverdue: number;
}

export class ListMissedVisitsQuery {
  constructor(
    readonly code: string,
    readonly page: PageRequest,
  ) {}
}

/** Vulnerable recipients of a jurisdiction whose welfare visit is overdue as of the clock's today, by case number, paged. */
@QueryHandler(ListMissedVisitsQuery)
export class ListMissedVisitsHandler implements IQueryHandler<ListMissedVisitsQuery> {
  constructor(
    private readonly commands: FollowUpPipelines,
    private readonly queries: FollowUpQueries,
  ) {}

  async execute({ code, page }: ListMissedVisitsQuery): Promise<Page<MissedVisitItem>> {
    const { today } = this.commands.time();
    const rows = await this.queries.missedWelfareVisits(code, today, page);
    return {
      ...rows,
      items: rows.items.map((r) => {
        const plan = { vulnerabilities: r.welfare_vulnerabilities as Vulnerability[], intervalDays: r.welfare_interval_days, firstDueOn: r.welfare_first_due_on };
        const status = welfareVisitStatus(plan, r.last_welfare_visit_on ?? undefined, today);
        return { caseId: r.case_id, caseNumber: r.case_number, jurisdiction: r.jurisdiction, vulnerabilities: plan.vulnerabilities, lastVisitedOn: r.last_welfare_visit_on, ...status };
      }),
    };
  }
}
