import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { RecipientDto } from '../decide-case/decide-case.controller';
import { DATE, EvidenceRefsDto } from '../shared/dto';

const KINDS = ['ADMINISTRATIVE_REVIEW', 'LITIGATION'] as const;
const OUTCOMES = ['UPHELD', 'REVOKED', 'CHANGED', 'WITHDRAWN'] as const;

/** 行政复议 / 行政诉讼 the household filed against a decision of the case, as the officer records it. */
export class FileAppealDto extends EvidenceRefsDto {
  @ApiPropertyOptional({ description: 'Chosen by the caller (default: a new id); recording the same id twice is one appeal' })
  @IsOptional()
  @IsUUID()
  appealId?: string;
  @ApiProperty({ enum: KINDS, description: '行政复议 (60 days) or 行政诉讼 (6 months) from the day the household received the decision' })
  @IsIn(KINDS)
  kind!: (typeof KINDS)[number];
  @ApiProperty({ description: 'The contested decision (approval, refusal or benefit change) of this case' }) @IsUUID() contestedDecisionId!: string;
  @ApiProperty({ example: '2026-04-20' }) @Matches(DATE, { message: 'filedOn must be a date YYYY-MM-DD' }) filedOn!: string;
  @ApiProperty({ example: '2026-03-18', description: 'The day the household received the decision' })
  @Matches(DATE, { message: 'noticeReceivedOn must be a date YYYY-MM-DD' })
  noticeReceivedOn!: string;
  @ApiProperty({ example: '家庭实际支出未计入，保障金额偏低' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiPropertyOptional({ example: '申请人住院治疗，耽误期限', description: 'Filed after the limit: the legal reason for the delay (else refused)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  lateFilingReason?: string;
}

/** The new decision a REVOKED / CHANGED outcome gives. */
export class AppealNewDecisionDto {
  @ApiPropertyOptional({
    example: '2026-04-01',
    description:
      'The new decision applies from this date (its month); months already paid are settled as arrears or overpayment. Required for a change of a benefit; ' +
      'for a revoked refusal, default (and earliest) the month after the refusal — the month the original application would have started',
  })
  @IsOptional()
  @Matches(DATE, { message: 'newDecision.effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom?: string;
  @ApiProperty({ description: 'Whether the household is eligible under the new decision' }) @IsBoolean() eligible!: boolean;
  @ApiPropertyOptional({ description: 'fen / month, with eligible: true' })
  @ValidateIf((o: AppealNewDecisionDto) => o.eligible === true)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  monthlyAmountFen?: number;
  @ApiPropertyOptional({ type: RecipientDto, description: 'A revoked / changed refusal: the payee the approval names (an included member); refused otherwise' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient?: RecipientDto;
}

export class RecordAppealOutcomeDto extends EvidenceRefsDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome!: (typeof OUTCOMES)[number];
  @ApiProperty({ example: '杭上政复决字〔2026〕第12号', description: '复议决定书 / 判决书 number' }) @IsString() @IsNotEmpty() @MaxLength(200) documentRef!: string;
  @ApiProperty({ example: '2026-06-10' }) @Matches(DATE, { message: 'documentDate must be a date YYYY-MM-DD' }) documentDate!: string;
  @ApiProperty({ example: '复议机关变更原决定：月保障金额应为1500元' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiPropertyOptional({ type: AppealNewDecisionDto, description: 'REVOKED / CHANGED: the new decision (required there, refused otherwise)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AppealNewDecisionDto)
  newDecision?: AppealNewDecisionDto;
}
