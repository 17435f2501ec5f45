import { Controller, Get, Inject, Query } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import type { Pool } from 'pg';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { IsDivisionCode } from '../../http/validators';
import { INTAKE_SCHEMA } from '../../read-models/intake-database';
import { APPLICATION_ROW, type ApplicationRow, openRows, toListItem } from '../application-row';
import { IntakeReads } from '../intake-reads';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';

export class WorkQueueDto {
  @ApiProperty({ example: '330106001', description: 'District, street or community code within your jurisdiction' })
  @IsDivisionCode()
  jurisdiction!: string;
}

export class WorkQueueQuery {
  constructor(
    readonly jurisdiction: string,
    /** Who reads the queue (its names are recorded in the read log). */
    readonly actor?: Actor,
  ) {}
}

/** 工作台: drafts, applications awaiting materials, and applications accepted today, per jurisdiction. */
@QueryHandler(WorkQueueQuery)
export class WorkQueueHandler implements IQueryHandler<WorkQueueQuery> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    private readonly commands: IntakePipelines,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
    @Inject(IntakeReads) private readonly reads: IntakeReads,
  ) {}

  async execute({ jurisdiction, actor }: WorkQueueQuery) {
    const today = this.commands.time().today;
    const { rows } = await this.pool.query<ApplicationRow & { queue: string }>(
      `SELECT CASE WHEN a.status = 'DRAFT' THEN 'drafts'
                   WHEN a.status = 'AWAITING_MATERIALS' THEN 'awaitingMaterials'
                   WHEN a.status IN ('SUBMITTED', 'MATERIALS_SUPPLIED') THEN 'readyForAcceptance'
                   ELSE 'acceptedToday' END AS queue, ${APPLICATION_ROW}
         FROM ${quoteIdent(this.schema)}.applications a
        WHERE a.jurisdiction LIKE $1 || '%'
          AND (a.status IN ('DRAFT', 'SUBMITTED', 'AWAITING_MATERIALS', 'MATERIALS_SUPPLIED') OR (a.status = 'ACCEPTED' AND a.accepted_on = $2))
        ORDER BY a.drafted_on, a.case_number
        LIMIT 1000`,
      [jurisdiction, today],
    );
    const queue = { drafts: [], awaitingMaterials: [], readyForAcceptance: [], acceptedToday: [] } as Record<string, ReturnType<typeof toListItem>[]>;
    const open = await openRows(rows, this.hasher);
    if (actor) await this.reads.listed(actor, open, 'http GET /work-queue');
    for (const r of open) queue[r.queue]!.push(toListItem(r));
    return { jurisdiction, date: today, ...queue };
  }
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('work-queue')
export class WorkQueueController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ query: 'jurisdiction' })
  @ApiOperation({ summary: '工作台: drafts, awaiting materials, ready for acceptance, accepted today' })
  queue(@Query() dto: WorkQueueDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new WorkQueueQuery(dto.jurisdiction, actor));
  }
}
