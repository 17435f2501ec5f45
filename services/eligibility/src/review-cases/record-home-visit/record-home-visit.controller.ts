import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { CaseCommandResponseView } from '../shared/dto';
import { RecordHomeVisitDto } from './record-home-visit.dto';
import { RecordHomeVisitCommand } from './record-home-visit.handler';

@ApiTags('review cases: investigation')
@Controller('review-cases')
export class RecordHomeVisitController {
  constructor(private readonly commandBus: CommandBus) {}

  /** Records a home visit (入户调查). County officers record the county's own visit in a conflict-of-interest case. */
  @Post(':caseId/home-visits')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer', 'community_officer', 'county_approver')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RecordHomeVisitDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new RecordHomeVisitCommand(caseId, dto, actor));
  }
}
