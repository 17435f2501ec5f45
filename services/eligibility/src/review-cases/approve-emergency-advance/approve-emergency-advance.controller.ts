import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CaseCommandResponseView, EvidenceRefsDto } from '../shared/dto';
import { RecipientDto } from '../decide-case/decide-case.controller';
import { ApproveEmergencyAdvanceCommand } from './approve-emergency-advance.handler';

/** 先行救助: the advance decided on the case; disbursement pays it by its advanceId, nothing else. */
export class ApproveEmergencyAdvanceDto extends EvidenceRefsDto {
  @ApiProperty({ description: 'Chosen by the caller; approving the same id twice is one approval' }) @IsUUID() advanceId!: string;
  @ApiProperty({ description: "fen; at most the case's limit under the policy in force (policy limit, the amount requested, advances before)" })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;
  @ApiProperty({ type: RecipientDto, description: 'The payee: an included member of the household' }) @ValidateNested() @Type(() => RecipientDto) recipient!: RecipientDto;
  @ApiProperty({ example: '火灾，房屋受损，先行救助' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

@ApiTags('review cases: decision')
@Controller('review-cases')
export class ApproveEmergencyAdvanceController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/emergency-advance')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('county_approver', 'street_reviewer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async approve(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: ApproveEmergencyAdvanceDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new ApproveEmergencyAdvanceCommand(caseId, dto, actor));
  }
}
