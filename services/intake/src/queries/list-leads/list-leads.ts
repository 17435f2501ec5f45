import { Controller, Get, Inject, Query } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Pool } from 'pg';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { IsDivisionCode } from '../../http/validators';
import { INTAKE_SCHEMA } from '../../read-models/intake-database';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';
import { IntakeReads } from '../intake-reads';

export const LEAD_LIST_STATUSES = ['OPEN', 'REPORTED', 'CONTACTED', 'CONVERTED', 'CLOSED', 'ALL'] as const;
export type LeadListStatus = (typeof LEAD_LIST_STATUSES)[number];

export class ListLeadsDto {
  @ApiProperty({ example: '330106001' }) @IsDivisionCode() jurisdiction!: string;
  @ApiPropertyOptional({ enum: LEAD_LIST_STATUSES, default: 'OPEN', description: 'OPEN = reported or contacted, not yet converted or closed' })
  @IsOptional()
  @IsIn(LEAD_LIST_STATUSES)
  status?: LeadListStatus;
  @ApiPropertyOptional({ default: 20, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class ListLeadsQuery {
  constructor(
    readonly criteria: ListLeadsDto,
    readonly actor: Actor,
  ) {}
}

/**
 * 主动发现 worklist: the leads of a jurisdiction, paged on the server — open ones (no outcome yet)
 * by default, the most urgent and the earliest due first. The reporter's identity is never listed.
 */
@QueryHandler(ListLeadsQuery)
export class ListLeadsHandler implements IQueryHandler<ListLeadsQuery> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    private readonly commands: IntakePipelines,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
    @Inject(IntakeReads) private readonly reads: IntakeReads,
  ) {}

  async execute({ criteria, actor }: ListLeadsQuery) {
    const today = this.commands.time().today;
    const status = criteria.status ?? 'OPEN';
    const limit = criteria.limit ?? 20;
    const offset = criteria.offset ?? 0;
    const statuses = status === 'ALL' ? ['REPORTED', 'CONTACTED', 'CONVERTED', 'CLOSED'] : status === 'OPEN' ? ['REPORTED', 'CONTACTED'] : [status];
    const { rows } = await this.pool.query<{
      lead_id: string;
      case_id: string;
      jurisdiction: string;
      source: string;
      status: string;
      urgency: string;
      subject_name: string;
      hardships: string[];
      reported_on: string;
      due_on: string;
      due_on_provisional: boolean;
      last_outcome_on: string | null;
      converted_case_number: string | null;
      overdue: boolean;
      total: string;
    }>(
      `SELECT lead_id::text AS lead_id, case_id::text AS case_id, jurisdiction, source, status, urgency, subject_name, hardships,
              to_char(reported_on, 'YYYY-MM-DD') AS reported_on, to_char(due_on, 'YYYY-MM-DD') AS due_on, due_on_provisional,
              to_char(last_outcome_on, 'YYYY-MM-DD') AS last_outcome_on, converted_case_number,
              (status = 'REPORTED' AND due_on < $3::date) AS overdue,
              count(*) OVER () AS total
         FROM ${quoteIdent(this.schema)}.leads
        WHERE jurisdiction LIKE $1 || '%' AND status = ANY($2::text[])
        ORDER BY (status = 'REPORTED' AND due_on < $3::date) DESC, (urgency = 'URGENT') DESC, due_on, reported_on, lead_id
        LIMIT $4 OFFSET $5`,
      [criteria.jurisdiction, statuses, today, limit, offset],
    );
    const names = await Promise.all(rows.map((r) => this.hasher.open(r.subject_name, 'leads.subject_name')));
    if (rows.length > 0) {
      await this.reads.record(
        actor,
        rows.map((r) => ({ subject: r.case_id, persons: [], fields: ['leads.subject_name'] })),
        'http GET /leads',
      );
    }
    // Past the last page the window count is absent: count on its own.
    const total =
      rows.length > 0
        ? Number(rows[0]!.total)
        : Number(
            (
              await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(this.schema)}.leads WHERE jurisdiction LIKE $1 || '%' AND status = ANY($2::text[])`, [
                criteria.jurisdiction,
                statuses,
              ])
            ).rows[0]!.n,
          );
    return {
      jurisdiction: criteria.jurisdiction,
      status,
      date: today,
      total,
      limit,
      offset,
      items: rows.map((r, i) => ({
        leadId: r.lead_id,
        caseId: r.case_id,
        jurisdiction: r.jurisdiction,
        source: r.source,
        status: r.status,
        urgency: r.urgency,
        subjectName: names[i]!,
        hardships: r.hardships,
        reportedOn: r.reported_on,
        dueOn: r.due_on,
        // A Monday–Friday estimate through a year whose holiday schedule is not published (暂按周一至周五推算).
        dueOnProvisional: r.due_on_provisional,
        lastOutcomeOn: r.last_outcome_on,
        convertedCaseNumber: r.converted_case_number,
        overdue: r.overdue,
      })),
    };
  }
}

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class ListLeadsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver')
  @CheckJurisdiction({ query: 'jurisdiction' })
  @ApiOperation({ summary: '主动发现 worklist: the leads of a jurisdiction, paged (open ones by default, overdue and urgent first)' })
  list(@Query() dto: ListLeadsDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new ListLeadsQuery(dto, actor));
  }
}
