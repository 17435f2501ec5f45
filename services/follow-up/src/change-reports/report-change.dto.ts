import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';
import type { ChangeReportSource } from '../domain';
import { CircumstanceChangeDto, IsLocalDateString } from '../shared/dto';

export class ReportChangeDto {
  @ApiProperty({ enum: ['HOUSEHOLD', 'DATA_ALERT'], description: "The household's own report, or a data alert (death, property, vehicle, business registration …)" })
  @IsIn(['HOUSEHOLD', 'DATA_ALERT'])
  source!: ChangeReportSource;
  @ApiProperty({ type: [CircumstanceChangeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => CircumstanceChangeDto)
  changes!: CircumstanceChangeDto[];
  @ApiPropertyOptional({ example: '2026-03-15' }) @IsOptional() @IsLocalDateString() changedOn?: string;
}
