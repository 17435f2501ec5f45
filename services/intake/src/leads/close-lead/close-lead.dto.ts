import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { LEAD_CLOSE_REASONS, type LeadCloseReason } from '../../domain';

export class CloseLeadDto {
  @ApiProperty({ enum: LEAD_CLOSE_REASONS }) @IsIn(LEAD_CLOSE_REASONS) reason!: LeadCloseReason;
  @ApiProperty({ example: '子女按月给付赡养费，生活有保障' }) @IsString() @MinLength(1) @MaxLength(4000) note!: string;
}
