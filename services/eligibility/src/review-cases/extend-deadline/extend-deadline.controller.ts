import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CaseCommandResponseView } from '../shared/dto';
import { ExtendDeadlineCommand } from './extend-deadline.handler';

export class ExtendDeadlineDto {
  @ApiProperty({ example: '核对平台公积金数据未反馈，需信函索证' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

@ApiTags('review cases: decision')
@Controller('review-cases')
export class ExtendDeadlineController {
  constructor(private readonly commandBus: CommandBus) {}

  /** Extends the decision deadline once (30 → 45 working days by national rule) for a recorded reason. */
  @Post(':caseId/deadline-extension')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_reviewer', 'county_approver')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async extend(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: ExtendDeadlineDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new ExtendDeadlineCommand(caseId, dto, actor));
  }
}
