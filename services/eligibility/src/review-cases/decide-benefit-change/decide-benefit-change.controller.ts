import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CaseCommandResponseView, EvidenceRefsDto } from '../shared/dto';
import { DecideBenefitChangeCommand } from './decide-benefit-change.handler';

export class DecideBenefitChangeDto extends EvidenceRefsDto {
  @ApiProperty({ example: '经审核确认' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

@ApiTags('review cases: re-determination')
@Controller('review-cases')
export class DecideBenefitChangeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/benefit-change-decision')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('county_approver')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async decide(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: DecideBenefitChangeDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new DecideBenefitChangeCommand(caseId, dto, actor));
  }
}
