import { Controller, Get, Inject, Query } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { ValidationProblemException } from '@sa/errors';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Pool } from 'pg';
import { checkResidentId, isMaskedResidentId } from '../../domain';
import { CASE_READER_ROLES } from '../../http/roles';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';
import { INTAKE_SCHEMA } from '../../read-models/intake-database';
import { APPLICATION_ROW, type ApplicationRow, openRows, toListItem } from '../application-row';
import { IntakeReads } from '../intake-reads';

export class SearchApplicationsDto {
  @ApiPropertyOptional({ example: '330106-2026-000123' })
  @IsOptional()
  @Matches(/^\d{6}-\d{4}-\d{6}$/, { message: 'caseNumber must look like 330106-2026-000123' })
  caseNumber?: string;

  @ApiPropertyOptional({ description: 'A full resident ID or its masked form `3301**********123X`' })
  @IsOptional()
  @IsString()
  @MinLength(18)
  @MaxLength(18)
  residentId?: string;

  @ApiPropertyOptional({ example: '张伟' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) applicantName?: string;
}

export class SearchApplicationsQuery {
  constructor(
    readonly criteria: SearchApplicationsDto,
    readonly actor: Actor,
  ) {}
}

/** Search within the officer's jurisdiction by case number, resident ID (full or masked) or applicant name. */
@QueryHandler(SearchApplicationsQuery)
export class SearchApplicationsHandler implements IQueryHandler<SearchApplicationsQuery> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
    @Inject(IntakeReads) private readonly reads: IntakeReads,
  ) {}

  async execute({ criteria, actor }: SearchApplicationsQuery) {
    const s = quoteIdent(this.schema);
    const where: string[] = [`a.jurisdiction LIKE $1 || '%'`];
    const params: unknown[] = [actor.jurisdiction];
    if (criteria.caseNumber) {
      params.push(criteria.caseNumber);
      where.push(`a.case_number = $${params.length}`);
    }
    if (criteria.residentId) {
      const id = criteria.residentId.toUpperCase();
      if (isMaskedResidentId(id)) {
        params.push(id);
        where.push(`EXISTS (SELECT 1 FROM ${s}.application_people p WHERE p.case_id = a.case_id AND p.resident_id_masked = $${params.length})`);
      } else if (checkResidentId(id).valid) {
        params.push(this.hasher.hash(id));
        where.push(`EXISTS (SELECT 1 FROM ${s}.application_people p WHERE p.case_id = a.case_id AND p.resident_id_hash = $${params.length})`);
      } else {
        throw new ValidationProblemException([{ field: 'residentId', message: 'residentId must be a valid resident ID or its masked form 3301**********123X' }]);
      }
    }
    if (criteria.applicantName) {
      params.push(this.hasher.nameIndex(criteria.applicantName));
      where.push(`a.applicant_name_index = $${params.length}`);
    }
    if (params.length === 1) {
      throw new ValidationProblemException([{ field: 'caseNumber', message: 'give a caseNumber, a residentId or an applicantName' }]);
    }
    const { rows } = await this.pool.query<ApplicationRow>(
      `SELECT ${APPLICATION_ROW} FROM ${s}.applications a WHERE ${where.join(' AND ')} ORDER BY a.drafted_on DESC, a.case_number DESC LIMIT 100`,
      params,
    );
    const open = await openRows(rows, this.hasher);
    await this.reads.listed(actor, open, 'http GET /applications (search)');
    return { items: open.map(toListItem) };
  }
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class SearchApplicationsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: 'Search by case number, resident ID (full or masked) or applicant name, within your jurisdiction' })
  search(@Query() criteria: SearchApplicationsDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new SearchApplicationsQuery(criteria, actor));
  }
}
