import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class InstalmentDto {
  @ApiProperty({ example: '2026-07' }) @Matches(MONTH, { message: 'dueMonth must be YYYY-MM' }) dueMonth!: string;
  @ApiProperty({ example: 30000, description: 'Integer fen > 0' }) @IsInt() @Min(1) amountFen!: number;
}

export class RecordRepaymentPlanDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (idempotency)' }) @IsOptional() @IsUUID() planId?: string;
  @ApiPropertyOptional({ type: [InstalmentDto], description: 'Explicit instalments adding up to the outstanding overpayment; or instalmentCount + firstDueMonth' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(120)
  @ValidateNested({ each: true })
  @Type(() => InstalmentDto)
  instalments?: InstalmentDto[];
  @ApiPropertyOptional({ example: 6, description: 'Equal monthly instalments (the remainder fen on the first ones)' }) @IsOptional() @IsInt() @Min(1) @Max(120) instalmentCount?: number;
  @ApiPropertyOptional({ example: '2026-07' }) @IsOptional() @Matches(MONTH, { message: 'firstDueMonth must be YYYY-MM' }) firstDueMonth?: string;
  @ApiProperty({ example: '终止保障后多发待遇，与家庭协商分6期退还' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}
