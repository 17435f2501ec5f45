import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CaseCommandResponseView, DATE, EvidenceRefsDto, WrittenReasonDto } from '../shared/dto';
import { DecideCaseCommand } from './decide-case.handler';

export class RecipientDto {
  @ApiProperty() @IsUUID() memberId!: string;
  @ApiProperty({ example: 'bank-account:7c1e9a', description: 'Reference in the bank-account registry (never the number)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  bankAccountRef!: string;
  @ApiPropertyOptional({ example: '6222 **** **** 1234' })
  @IsOptional()
  @Matches(/^[0-9* ]{1,64}$/, { message: 'bankAccountMasked must show digits and * only' })
  bankAccountMasked?: string;
}

export class CollectiveApproverDto {
  @ApiProperty({ example: 'officer-county-001' }) @IsString() @IsNotEmpty() @MaxLength(128) id!: string;
  @ApiProperty({ example: '王某某' }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiPropertyOptional({ example: '分管副局长' }) @IsOptional() @IsString() @MaxLength(100) position?: string;
}

/** 一事一议: temporary assistance above the usual cap, decided collectively (the policy's ceiling and approver count apply). */
export class CollectiveDecisionDto {
  @ApiProperty({ description: 'fen: the amount decided, above the usual cap and at most the 一事一议 ceiling' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;
  @ApiProperty({ type: [CollectiveApproverDto], description: 'Everyone who decided (at least the policy’s minimumApprovers, default 3)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CollectiveApproverDto)
  approvers!: CollectiveApproverDto[];
  @ApiProperty({ example: '2026-03-14' }) @Matches(DATE, { message: 'collectiveDecision.meetingOn must be a date YYYY-MM-DD' }) meetingOn!: string;
  @ApiProperty({ example: 'doc:minutes/2026/局务会-07' }) @IsString() @IsNotEmpty() @MaxLength(256) minutesRef!: string;
  @ApiProperty({ example: '自付医疗费用超过常规救助上限，经集体研究一事一议' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

/** 审核确认: approval (amount recomputed by the rules under the policy in force today) or refusal with written reasons. */
export class DecideCaseDto extends EvidenceRefsDto {
  @ApiProperty({ enum: ['APPROVE', 'REFUSE'] }) @IsIn(['APPROVE', 'REFUSE']) outcome!: 'APPROVE' | 'REFUSE';
  @ApiPropertyOptional({ type: RecipientDto, description: 'Approval: the payee' }) @IsOptional() @ValidateNested() @Type(() => RecipientDto) recipient?: RecipientDto;
  @ApiPropertyOptional({ type: [WrittenReasonDto], description: 'Refusal: written reasons (default: the opinion’s)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => WrittenReasonDto)
  reasons?: WrittenReasonDto[];
  @ApiProperty({ example: '经审核确认，符合最低生活保障条件' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiPropertyOptional({ type: CollectiveDecisionDto, description: '一事一议 (temporary assistance above the usual cap)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CollectiveDecisionDto)
  collectiveDecision?: CollectiveDecisionDto;
}

@ApiTags('review cases: decision')
@Controller('review-cases')
export class DecideCaseController {
  constructor(private readonly commandBus: CommandBus) {}

  /** By the county (county_approver), or by the street office for small temporary assistance (street_reviewer). */
  @Post(':caseId/decision')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('county_approver', 'street_reviewer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async decide(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: DecideCaseDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new DecideCaseCommand(caseId, dto, actor));
  }
}
