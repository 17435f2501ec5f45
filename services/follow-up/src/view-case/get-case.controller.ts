import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { CaseRead, PersonalRead } from '@sa/platform';
import { followUpStreamId } from '../domain';
import { GetCaseQuery } from './get-case.handler';

/** The follow-up case as of now (from its stream), with its ETag. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('follow-up/cases')
export class GetCaseController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId')
  @CaseRead((p) => followUpStreamId(p.caseId))
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @PersonalRead()
  @ApiOperation({ summary: 'A follow-up case' })
  get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetCaseQuery(caseId, actor));
  }
}
