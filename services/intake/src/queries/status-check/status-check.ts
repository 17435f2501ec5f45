import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { Matches } from 'class-validator';
import type { Pool } from 'pg';
import { OFFICER_ROLES } from '../../http/roles';
import { IsResidentId } from '../../http/validators';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';
import { INTAKE_SCHEMA } from '../../read-models/intake-database';

export class StatusCheckDto {
  @ApiProperty({ example: '330106-2026-000123' })
  @Matches(/^\d{6}-\d{4}-\d{6}$/, { message: 'caseNumber must look like 330106-2026-000123' })
  caseNumber!: string;

  @ApiProperty({ description: 'Resident ID of the applicant or of a member of the household' }) @IsResidentId() residentId!: string;
}

export class StatusCheckQuery {
  /** `jurisdiction`: the caller's; only applications inside it are found. */
  constructor(
    readonly dto: StatusCheckDto,
    readonly jurisdiction: string,
  ) {}
}

/** The prefix of the divisions a jurisdiction covers: a province (`330000`) covers `33…`. */
export function jurisdictionPrefix(jurisdiction: string): string {
  return /^\d{2}0000$/.test(jurisdiction) ? jurisdiction.slice(0, 2) : jurisdiction;
}

const STATUS_LABELS: Record<string, string> = {
  DRAFT: '申请登记中',
  SUBMITTED: '已提交，待受理',
  AWAITING_MATERIALS: '待补正材料',
  MATERIALS_SUPPLIED: '材料已补齐，待受理',
  ACCEPTED: '已受理，审核中',
  REJECTED: '不予受理',
  WITHDRAWN: '已撤回',
  CLOSED: '已办结（不予批准、终止或撤回），可重新申请',
};

/**
 * 进度查询: an applicant asks at any counter. Both the case number and the resident ID of someone
 * on the application must match; the answer reveals the status, the outstanding items and the
 * acceptance date, nothing else. A mismatch looks exactly like an unknown case number, and so does
 * an application outside the caller's jurisdiction (the counter of another district cannot probe it).
 */
@QueryHandler(StatusCheckQuery)
export class StatusCheckHandler implements IQueryHandler<StatusCheckQuery> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
  ) {}

  async execute({ dto, jurisdiction }: StatusCheckQuery) {
    const s = quoteIdent(this.schema);
    const { rows } = await this.pool.query<{ status: string; accepted_on: string | null; outstanding_items: { label: string }[] }>(
      `SELECT a.status, to_char(a.accepted_on, 'YYYY-MM-DD') AS accepted_on, a.outstanding_items
         FROM ${s}.applications a
        WHERE a.case_number = $1
          AND starts_with(a.jurisdiction, $3)
          AND EXISTS (SELECT 1 FROM ${s}.application_people p WHERE p.case_id = a.case_id AND p.resident_id_hash = $2)`,
      [dto.caseNumber, this.hasher.hash(dto.residentId), jurisdictionPrefix(jurisdiction)],
    );
    const row = rows[0];
    if (!row) {
      throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, detail: 'No application matches this case number and resident ID.' });
    }
    return {
      caseNumber: dto.caseNumber,
      status: row.status,
      statusLabel: STATUS_LABELS[row.status] ?? row.status,
      outstandingItems: row.status === 'AWAITING_MATERIALS' ? row.outstanding_items.map((i) => i.label) : [],
      ...(row.accepted_on ? { acceptedOn: row.accepted_on } : {}),
    };
  }
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('application-status-checks')
export class StatusCheckController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post()
  @HttpCode(200)
  @Roles(...OFFICER_ROLES)
  @ApiOperation({ summary: '进度查询: status of an application by case number + resident ID (reveals the status only)' })
  check(@Body() dto: StatusCheckDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new StatusCheckQuery(dto, actor.jurisdiction));
  }
}
