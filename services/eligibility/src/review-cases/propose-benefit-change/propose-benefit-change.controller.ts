import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import type { BenefitChangeReasonCode } from '@sa/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CaseCommandResponseView } from '../shared/dto';
import { ProposeBenefitChangeCommand } from './propose-benefit-change.handler';

export const BENEFIT_CHANGE_REASON_CODES: BenefitChangeReasonCode[] = [
  'INCOME_INCREASED',
  'INCOME_DECREASED',
  'HOUSEHOLD_SIZE_CHANGED',
  'MEMBER_DECEASED',
  'ASSETS_ABOVE_LIMIT',
  'STANDARD_ADJUSTED',
  'SUPPLEMENT_CHANGED',
  'REFUSED_SUITABLE_WORK',
  'FALSE_DECLARATION',
  'HOUSEHOLD_UNREACHABLE',
  'MOVED_AWAY',
  'IMPRISONED',
  'REGAINED_WORK_ABILITY',
  'SUPPORTER_ABLE',
  'AGED_OUT',
  'CIRCUMSTANCES_RESTORED',
  'HOUSEHOLD_REQUEST',
  'OTHER',
];

export class ChangeReasonDto {
  @ApiProperty({ enum: BENEFIT_CHANGE_REASON_CODES }) @IsIn(BENEFIT_CHANGE_REASON_CODES) code!: BenefitChangeReasonCode;
  @ApiProperty({ example: '申请人稳定就业，家庭人均收入超过低保标准，按规定渐退' }) @IsString() @IsNotEmpty() @MaxLength(2000) description!: string;
}

export class ProposeBenefitChangeDto {
  @ApiProperty({ type: ChangeReasonDto, description: 'The written reasons to the household' })
  @ValidateNested()
  @Type(() => ChangeReasonDto)
  reason!: ChangeReasonDto;
}

@ApiTags('review cases: re-determination')
@Controller('review-cases')
export class ProposeBenefitChangeController {
  constructor(private readonly commandBus: CommandBus) {}

  /** The rules give the change (increase, decrease, taper, suspension, termination, resumption); the officer proposes it. */
  @Post(':caseId/benefit-change-proposals')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async propose(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: ProposeBenefitChangeDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new ProposeBenefitChangeCommand(caseId, dto, actor));
  }
}
