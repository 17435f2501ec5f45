import { Controller, Get, Inject, Query } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { IsDivisionCode } from '../../http/validators';
import { INTAKE_SCHEMA } from '../../read-models/intake-database';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';
import { IntakeReads } from '../intake-reads';

export class OverdueLeadsDto {
  @ApiProperty({ example: '330106001' }) @IsDivisionCode() jurisdiction!: string;
}

export class OverdueLeadsQuery {
  constructor(
    readonly jurisdiction: string,
    readonly actor?: Actor,
  ) {}
}

/** Leads with no outcome recorded after their due date, oldest first. */
@QueryHandler(OverdueLeadsQuery)
export class OverdueLeadsHandler implements IQueryHandler<OverdueLeadsQuery> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    private readonly commands: IntakePipelines,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
    @Inject(IntakeReads) private readonly reads: IntakeReads,
  ) {}

  async execute({ jurisdiction, actor }: OverdueLeadsQuery) {
    const today = this.commands.time().today;
    const { rows } = await this.pool.query<{
      lead_id: string;
      case_id: string;
      jurisdiction: string;
      source: string;
      urgency: string;
      subject_name: string;
      hardships: string[];
      reported_on: string;
      due_on: string;
      due_on_provisional: boolean;
      days_overdue: number;
    }>(
      `SELECT lead_id::text AS lead_id, case_id::text AS case_id, jurisdiction, source, urgency, subject_name, hardships,
              to_char(reported_on, 'YYYY-MM-DD') AS reported_on, to_char(due_on, 'YYYY-MM-DD') AS due_on, due_on_provisional,
              ($2::date - due_on) AS days_overdue
         FROM ${quoteIdent(this.schema)}.leads
        WHERE jurisdiction LIKE $1 || '%' AND status = 'REPORTED' AND due_on < $2::date
        ORDER BY due_on, reported_on, lead_id
        LIMIT 1000`,
      [jurisdiction, today],
    );
    const names = await Promise.all(rows.map((r) => this.hasher.open(r.subject_name, 'leads.subject_name')));
    if (actor && rows.length > 0) {
      await this.reads.record(
        actor,
        rows.map((r) => ({ subject: r.case_id, persons: [], fields: ['leads.subject_name'] })),
        'http GET /leads/overdue',
      );
    }
    return {
      jurisdiction,
      date: today,
      items: rows.map((r, i) => ({
        leadId: r.lead_id,
        caseId: r.case_id,
        jurisdiction: r.jurisdiction,
        source: r.source,
        urgency: r.urgency,
        subjectName: names[i]!,
        hardships: r.hardships,
        reportedOn: r.reported_on,
        dueOn: r.due_on,
        dueOnProvisional: r.due_on_provisional,
        daysOverdue: r.days_overdue,
      })),
    };
  }
}

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class OverdueLeadsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('overdue')
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @CheckJurisdiction({ query: 'jurisdiction' })
  @ApiOperation({ summary: 'Overdue leads: no outcome recorded after the due date' })
  overdue(@Query() dto: OverdueLeadsDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new OverdueLeadsQuery(dto.jurisdiction, actor));
  }
}
