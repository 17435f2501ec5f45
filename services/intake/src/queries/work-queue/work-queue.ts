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
import { APPLICATION_ROW, type ApplicationRow, openRows, toListItem } from '../application-row';
import { IntakeReads } from '../intake-reads';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';

export const WORK_QUEUES = ['drafts', 'awaitingMaterials', 'readyForAcceptance', 'acceptedToday'] as const;
export type WorkQueueName = (typeof WORK_QUEUES)[number];
export const WORK_QUEUE_MAX_PAGE_SIZE = 200;

export class WorkQueueDto {
  @ApiProperty({ example: '330106001', description: 'District, street or community code within your jurisdiction' })
  @IsDivisionCode()
  jurisdiction!: string;

  @ApiPropertyOptional({ enum: WORK_QUEUES, description: 'One queue only (default: every queue, each item naming its queue)' })
  @IsOptional()
  @IsIn(WORK_QUEUES)
  queue?: WorkQueueName;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: WORK_QUEUE_MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(WORK_QUEUE_MAX_PAGE_SIZE)
  pageSize?: number;
}

export class WorkQueueQuery {
  constructor(
    readonly jurisdiction: string,
    /** Who reads the queue (its names are recorded in the read log). */
    readonly actor?: Actor,
    readonly paging: { queue?: WorkQueueName; page?: number; pageSize?: number } = {},
  ) {}
}

/**
 * 工作台: drafts, applications awaiting materials, ready for acceptance, and accepted (or reopened on appeal) today, per jurisdiction —
 * paged in SQL (LIMIT/OFFSET over the `applications_queue` index), oldest draft first, with the count of every queue.
 */
@QueryHandler(WorkQueueQuery)
export class WorkQueueHandler implements IQueryHandler<WorkQueueQuery> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    private readonly commands: IntakePipelines,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
    @Inject(IntakeReads) private readonly reads: IntakeReads,
  ) {}

  async execute({ jurisdiction, actor, paging }: WorkQueueQuery) {
    const today = this.commands.time().today;
    const page = paging.page ?? 1;
    const pageSize = paging.pageSize ?? 50;
    const queue = paging.queue ?? null;
    const open = `WITH q AS (
      SELECT CASE WHEN a.status = 'DRAFT' THEN 'drafts'
                  WHEN a.status = 'AWAITING_MATERIALS' THEN 'awaitingMaterials'
                  WHEN a.status IN ('SUBMITTED', 'MATERIALS_SUPPLIED') THEN 'readyForAcceptance'
                  ELSE 'acceptedToday' END AS queue, a.*
        FROM ${quoteIdent(this.schema)}.applications a
       WHERE a.jurisdiction LIKE $1 || '%'
         AND (a.status IN ('DRAFT', 'SUBMITTED', 'AWAITING_MATERIALS', 'MATERIALS_SUPPLIED') OR (a.status = 'ACCEPTED' AND (a.accepted_on = $2 OR a.reopened_on = $2))))`;
    const [{ rows }, counted] = await Promise.all([
      this.pool.query<ApplicationRow & { queue: string }>(
        `${open}
         SELECT a.queue, ${APPLICATION_ROW} FROM q a
          WHERE $3::text IS NULL OR a.queue = $3
          ORDER BY a.drafted_on, a.case_number, a.case_id
          LIMIT $4 OFFSET $5`,
        [jurisdiction, today, queue, pageSize, (page - 1) * pageSize],
      ),
      this.pool.query<{ queue: WorkQueueName; n: string }>(`${open} SELECT queue, count(*)::text AS n FROM q GROUP BY queue`, [jurisdiction, today]),
    ]);
    const counts = Object.fromEntries(WORK_QUEUES.map((k) => [k, 0])) as Record<WorkQueueName, number>;
    for (const r of counted.rows) counts[r.queue] = Number(r.n);
    const total = queue ? counts[queue] : WORK_QUEUES.reduce((sum, k) => sum + counts[k], 0);
    const opened = await openRows(rows, this.hasher);
    if (actor) await this.reads.listed(actor, opened, 'http GET /work-queue');
    return { jurisdiction, date: today, queue, items: opened.map((r) => ({ queue: r.queue, ...toListItem(r) })), total, page, pageSize, counts };
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
  @ApiOperation({ summary: '工作台: drafts, awaiting materials, ready for acceptance, accepted today — paged: { items, total, page, pageSize, counts }' })
  queue(@Query() dto: WorkQueueDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new WorkQueueQuery(dto.jurisdiction, actor, { queue: dto.queue, page: dto.page, pageSize: dto.pageSize }));
  }
}
