import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { CaseCommandGateway } from '../shared/case-command-gateway';
import { CaseCommandResponseView, EvidenceRefsDto, WrittenReasonDto } from '../shared/dto';

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
}

@ApiTags('review cases: decision')
@Controller('review-cases')
export class DecideCaseController {
  constructor(private readonly gateway: CaseCommandGateway) {}

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
    const decisionId = randomUUID();
    const out = await this.gateway.execute(
      { caseId, actor },
      {
        needsPolicy: true,
        reason: dto.reason,
        evidenceRefs: dto.evidenceRefs ?? [],
        build: ({ actor: by, today, policy }) => ({
          type: 'DecideCase',
          data: {
            decisionId,
            outcome: dto.outcome,
            policy: policy!,
            recipient: dto.recipient ?? null,
            ...(dto.reasons ? { reasons: dto.reasons } : {}),
            reason: dto.reason,
            evidenceRefs: dto.evidenceRefs ?? [],
            actor: by,
            on: today,
          },
        }),
      },
    );
    return { ...out.response, decision: out.state.decision };
  }
}
