import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { HARDSHIP_KINDS, type HardshipKind, LEAD_SOURCES, LEAD_URGENCIES, type LeadSource, type LeadUrgency, PROGRAMS, type Program } from '../../domain';
import { IsDivisionCode, IsResidentId } from '../../http/validators';

export class LeadSubjectDto {
  @ApiProperty({ example: '赵大爷' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsResidentId() residentId?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) address!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) phone?: string;
}

export class LeadReporterDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) gridId?: string;
}

export class ReportLeadDto {
  @ApiPropertyOptional({ description: 'Lead id chosen by the client (UUID), for retries' }) @IsOptional() @IsUUID() leadId?: string;
  @ApiProperty({ enum: LEAD_SOURCES }) @IsIn(LEAD_SOURCES) source!: LeadSource;
  @ApiPropertyOptional({ description: 'Hotline ticket, data-alert id or grid id (required for DATA_ALERT)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  sourceRef?: string;
  @ApiProperty({ example: '330106001001' }) @IsDivisionCode([12]) jurisdiction!: string;
  @ApiProperty({ type: LeadSubjectDto }) @ValidateNested() @Type(() => LeadSubjectDto) subject!: LeadSubjectDto;
  @ApiPropertyOptional({ type: LeadReporterDto, description: 'Confidential; never published' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadReporterDto)
  reporter?: LeadReporterDto;
  @ApiProperty({ enum: HARDSHIP_KINDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HARDSHIP_KINDS.length)
  @IsIn(HARDSHIP_KINDS, { each: true })
  hardships!: HardshipKind[];
  @ApiProperty({ enum: LEAD_URGENCIES }) @IsIn(LEAD_URGENCIES) urgency!: LeadUrgency;
  @ApiPropertyOptional({ enum: PROGRAMS }) @IsOptional() @IsIn(PROGRAMS) suggestedProgram?: Program;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) description!: string;
}
