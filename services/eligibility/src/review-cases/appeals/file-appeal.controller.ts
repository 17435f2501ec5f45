import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { CaseCommandResponseView } from '../shared/dto';
import { FileAppealDto } from './appeals.dto';
import { FileAppealCommand } from './file-appeal.handler';

@ApiTags('review cases: appeals')
@Controller('review-cases')
export class FileAppealController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 行政复议 / 行政诉讼 filed by the household: refused when late (the limit named) unless a legal reason for the delay is recorded. */
  @Post(':caseId/appeals')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('county_approver', 'street_officer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async file(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() dto: FileAppealDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new FileAppealCommand(caseId, dto, actor));
  }
}
