import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { IntakeRuleError, isLeadOverdue } from '../../domain';

export class GetLeadQuery {
  constructor(
    readonly leadId: string,
    readonly actor: Actor,
  ) {}
}

/** A lead with its history (the reporter's identity stays inside intake). */
@QueryHandler(GetLeadQuery)
export class GetLeadHandler implements IQueryHandler<GetLeadQuery> {
  constructor(private readonly commands: IntakePipelines) {}

  async execute({ leadId, actor }: GetLeadQuery) {
    const { state, events } = await this.commands.lead.aggregate(leadId);
    if (state.status === 'NONE') throw new IntakeRuleError('lead_not_found', 'There is no such lead');
    assertJurisdiction(actor, state.jurisdiction);
    return {
      leadId,
      caseId: state.caseId,
      status: state.status,
      jurisdiction: state.jurisdiction,
      reportedOn: state.reportedOn,
      dueOn: state.dueOn,
      dueOnProvisional: state.dueOnProvisional === true,
      ...(state.dueOnProvisional ? { dueOnCalendarMissing: state.dueOnCalendarMissing } : {}),
      overdue: isLeadOverdue(state, this.commands.time().today),
      // The reporter (a neighbour on the hotline…) is confidential: kept in the audit trail, not shown here.
      history: events.map((e) => {
        const { reporter: _reporter, ...data } = e.data as Record<string, unknown>;
        return { type: e.type, data, occurredAt: e.metadata.occurredAt, actor: e.metadata.actor };
      }),
    };
  }
}

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class GetLeadController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':leadId')
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @ApiOperation({ summary: 'A lead and its outcomes' })
  get(@Param('leadId', new ParseUUIDPipe()) leadId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetLeadQuery(leadId, actor));
  }
}
