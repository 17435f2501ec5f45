import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecommendedOutcome } from '@sa/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import type { ReviewFinding, ReviewTriggerKind } from '../domain';
import { CircumstanceChangeDto, IsLocalDateString } from '../shared/dto';

const TRIGGERS: ReviewTriggerKind[] = ['CHANGE_REPORT', 'COMPLAINT', 'DATA_ALERT', 'PAYMENT_RETURNED', 'OTHER'];
const FINDINGS: ReviewFinding[] = ['NO_MATERIAL_CHANGE', 'CHANGE_FOUND', 'HOUSEHOLD_UNREACHABLE'];
const OUTCOMES: RecommendedOutcome[] = ['NO_CHANGE', 'INCREASE', 'DECREASE', 'TAPER', 'SUSPENSION', 'TERMINATION'];

export class OpenReviewDto {
  @ApiProperty({ enum: ['PERIODIC', 'AD_HOC'] }) @IsIn(['PERIODIC', 'AD_HOC']) reviewType!: 'PERIODIC' | 'AD_HOC';
  @ApiPropertyOptional({ enum: TRIGGERS, description: 'For AD_HOC: what prompted it' }) @IsOptional() @IsIn(TRIGGERS) triggerKind?: ReviewTriggerKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() triggerRefId?: string;
}

export class RequestReverificationDto {
  @ApiPropertyOptional({ type: [String], description: 'Only these members (default: every member with a recertification consent)' })
  @IsOptional()
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class RecordReviewVisitDto {
  @ApiProperty({ example: '2026-08-05' }) @IsLocalDateString() visitedOn!: string;
  @ApiProperty({ type: [String], description: 'At least two officers' }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsString({ each: true }) officerIds!: string[];
  @ApiProperty({ example: '入户核查，家庭成员在家，生活状况与申报一致' }) @IsString() @MinLength(1) @MaxLength(4000) note!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reportRef?: string;
}

export class ConcludeReviewDto {
  @ApiProperty({ enum: FINDINGS }) @IsIn(FINDINGS) finding!: ReviewFinding;
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) recommendation!: RecommendedOutcome;
  @ApiProperty({ type: [String], description: 'Written reasons to the household (required for any proposal)' })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  reasons!: string[];
  @ApiProperty({ type: [CircumstanceChangeDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => CircumstanceChangeDto) changes!: CircumstanceChangeDto[];
  @ApiProperty({ example: '经入户核查和家庭经济状况核对，家庭情况无明显变化' }) @IsString() @MinLength(1) @MaxLength(4000) summary!: string;
}
