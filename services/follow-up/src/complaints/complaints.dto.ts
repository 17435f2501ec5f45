import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import type { ComplaintAction, ComplaintChannel, ComplaintOutcome, ComplaintSubject } from '../domain';
import { IsLocalDateString } from '../shared/dto';
import { PageQueryDto } from '@sa/platform';

const CHANNELS: ComplaintChannel[] = ['HOTLINE', 'LETTER', 'ONLINE', 'IN_PERSON', 'REFERRAL'];
const SUBJECTS: ComplaintSubject[] = ['WRONGFUL_BENEFIT', 'OFFICER_MISCONDUCT', 'SERVICE_QUALITY', 'OTHER'];
const OUTCOMES: ComplaintOutcome[] = ['SUBSTANTIATED', 'PARTIALLY_SUBSTANTIATED', 'UNSUBSTANTIATED', 'REFERRED'];
const ACTIONS: ComplaintAction[] = ['CHANGE_REQUESTED', 'REVERIFICATION_REQUESTED', 'DISCIPLINARY_REFERRAL', 'RECOVERY_RECOMMENDED', 'NONE'];
const ROLES = ['community_officer', 'street_officer', 'street_reviewer', 'county_approver'];

export class ComplainantDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(30) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
}

export class FileComplaintDto {
  @ApiProperty({ enum: ['CASE', 'OFFICER'] }) @IsIn(['CASE', 'OFFICER']) about!: 'CASE' | 'OFFICER';
  @ApiPropertyOptional() @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) officerId?: string;
  @ApiProperty({ example: '440305001001', description: 'The community concerned (12 digits); for a case, its own jurisdiction is used' })
  @Matches(/^\d{12}$/)
  community!: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: ComplaintChannel;
  @ApiProperty({ enum: SUBJECTS }) @IsIn(SUBJECTS) subject!: ComplaintSubject;
  @ApiProperty() @IsBoolean() anonymous!: boolean;
  @ApiPropertyOptional({ type: ComplainantDto }) @IsOptional() @ValidateNested() @Type(() => ComplainantDto) complainant?: ComplainantDto;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(8000) allegation!: string;
  @ApiProperty({ example: '2026-03-01' }) @IsLocalDateString() receivedOn!: string;
}

export class AssignInvestigatorDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) investigatorId!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) investigatorRole!: string;
  @ApiProperty({ example: '440305001' }) @Matches(/^(\d{6}|\d{9}|\d{12})$/) investigatorJurisdiction!: string;
}

export class ResolveComplaintDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome!: ComplaintOutcome;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(8000) findings!: string;
  @ApiProperty({ enum: ACTIONS, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(ACTIONS, { each: true }) actions!: ComplaintAction[];
  @ApiProperty() @IsBoolean() fraudSuspected!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) estimatedOverpaymentFen?: number;
}

export const LIST_STATUSES = ['RECEIVED', 'UNDER_INVESTIGATION', 'RESOLVED'] as const;

/** `?status=&page=&pageSize=` of the complaints list. */
export class ListComplaintsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LIST_STATUSES })
  @IsOptional()
  @IsIn(LIST_STATUSES, { message: `status must be one of ${LIST_STATUSES.join(', ')}` })
  status?: (typeof LIST_STATUSES)[number];
}
