import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { VULNERABILITIES, type Vulnerability } from '../domain';
import { IsLocalDateString } from '../shared/dto';

export class PlanWelfareVisitsDto {
  @ApiProperty({ enum: VULNERABILITIES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(VULNERABILITIES, { each: true }) vulnerabilities!: Vulnerability[];
  @ApiPropertyOptional({ description: 'Days between visits; default: the policy frequency of the vulnerabilities (configuration)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  intervalDays?: number;
  @ApiPropertyOptional({ description: 'Default: one interval from today' }) @IsOptional() @IsLocalDateString() firstDueOn?: string;
}

export class RecordWelfareVisitDto {
  @ApiProperty({ example: '2026-02-10' }) @IsLocalDateString() visitedOn!: string;
  @ApiProperty({ example: '老人身体状况良好，家中有存粮' }) @IsString() @MinLength(1) @MaxLength(4000) note!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) concerns?: string[];
}
