import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CheckJurisdiction, Roles } from '@sa/auth';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DIVISION } from '../shared/dto';
import { ListCalendarMissing, ListCases, ListDueSoon, ListOverdue } from './list-cases.handler';

const STATUSES = ['INVESTIGATING', 'OPINION_ISSUED', 'IN_NOTICE', 'SUBMITTED', 'APPROVED', 'REFUSED', 'WITHDRAWN'];
const PROGRAMS = ['MINIMUM_LIVING_ALLOWANCE', 'EXTREME_POVERTY_SUPPORT', 'TEMPORARY_ASSISTANCE', 'LOW_INCOME_MARGINAL'];
const READERS = ['street_officer', 'street_reviewer', 'county_approver', 'community_officer', 'auditor'] as const;

export class JurisdictionQuery {
  @ApiProperty({ example: '330106001', description: 'Cases in this division and below' })
  @Matches(DIVISION, { message: 'jurisdiction must be a 6, 9 or 12-digit division code' })
  jurisdiction!: string;
}

export class ListCasesQuery extends JurisdictionQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: string;
  @ApiPropertyOptional({ enum: PROGRAMS }) @IsOptional() @IsIn(PROGRAMS) program?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

@ApiTags('review cases')
@Controller('review-cases')
export class ListCasesController {
  constructor(private readonly queryBus: QueryBus) {}

  /** Case list of a jurisdiction (read model; a moment behind the case files). */
  @Get()
  @Roles(...READERS)
  @CheckJurisdiction({ query: 'jurisdiction' })
  @ApiOkResponse({ description: '{ total, items }' })
  list(@Query() q: ListCasesQuery) {
    return this.queryBus.execute(new ListCases(q));
  }

  /** Open cases whose decision deadline falls within the next working days (configurable, 5 by default). */
  @Get('queues/due-soon')
  @Roles(...READERS)
  @CheckJurisdiction({ query: 'jurisdiction' })
  async dueSoon(@Query() q: JurisdictionQuery) {
    return this.queryBus.execute(new ListDueSoon(q.jurisdiction));
  }

  /** Open cases past their decision deadline (30 working days from acceptance, 45 when extended). */
  @Get('queues/overdue')
  @Roles(...READERS)
  @CheckJurisdiction({ query: 'jurisdiction' })
  async overdue(@Query() q: JurisdictionQuery) {
    return this.queryBus.execute(new ListOverdue(q.jurisdiction));
  }

  /**
   * Cases with a deadline left open (decision deadline, or the written notice of a refusal or a
   * benefit change) because the holiday schedule of `calendar_missing` is not published yet.
   */
  @Get('queues/calendar-missing')
  @Roles(...READERS)
  @CheckJurisdiction({ query: 'jurisdiction' })
  async calendarMissing(@Query() q: JurisdictionQuery) {
    return this.queryBus.execute(new ListCalendarMissing(q.jurisdiction));
  }
}
