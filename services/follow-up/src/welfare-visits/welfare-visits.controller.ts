import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { CommandRoute, type Page, PageQueryDto, pageRequest } from '@sa/platform';
import { followUpStreamId } from '../domain';
import { ListMissedVisitsQuery, type MissedVisitItem } from './list-missed-visits.handler';
import { PlanWelfareVisitsCommand } from './plan-welfare-visits.handler';
import { RecordWelfareVisitCommand } from './record-welfare-visit.handler';
import { PlanWelfareVisitsDto, RecordWelfareVisitDto } from './welfare-visits.dto';

const CASE_STREAM = (p: Record<string, string>) => followUpStreamId(p.caseId);

/** 探访关爱: visit plans for vulnerable recipients, visit records, missed-visit list. */
@ApiTags('welfare-visits')
@ApiBearerAuth()
@Controller('follow-up')
export class WelfareVisitsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('cases/:caseId/welfare-visit-plan')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(200)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Plan regular welfare visits for a vulnerable recipient' })
  plan(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() dto: PlanWelfareVisitsDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new PlanWelfareVisitsCommand(caseId, dto, actor));
  }

  @Post('cases/:caseId/welfare-visits')
  @CommandRoute({ stream: CASE_STREAM })
  @HttpCode(201)
  @Roles('community_officer', 'street_officer')
  @ApiOperation({ summary: 'Record a welfare visit' })
  record(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() dto: RecordWelfareVisitDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new RecordWelfareVisitCommand(caseId, dto, actor));
  }

  @Get('jurisdictions/:code/welfare-visits/missed')
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ param: 'code' })
  @ApiOperation({ summary: 'Vulnerable recipients whose welfare visit is overdue, as of today: { items, total, page, pageSize }' })
  missed(@Param('code') code: string, @Query() query: PageQueryDto): Promise<Page<MissedVisitItem>> {
    return this.queryBus.execute(new ListMissedVisitsQuery(code, pageRequest(query)));
  }
}
