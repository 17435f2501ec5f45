import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CaseCommandResponseView } from '../shared/dto';
import { SubmitForDecisionCommand } from './submit-for-decision.handler';

export class SubmitForDecisionDto {
  @ApiProperty({ example: '经审核，情况属实，公示无异议，报区民政局审核确认' }) @IsString() @IsNotEmpty() @MaxLength(4000) reviewNote!: string;
}

@ApiTags('review cases: decision')
@Controller('review-cases')
export class SubmitForDecisionController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 审核: the street office's reviewer sends the file to the county. */
  @Post(':caseId/submission')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_reviewer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async submit(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: SubmitForDecisionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new SubmitForDecisionCommand(caseId, dto, actor));
  }
}
