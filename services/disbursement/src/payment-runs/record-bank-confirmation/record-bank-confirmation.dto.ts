import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class BankConfirmationDto {
  @ApiProperty({ description: 'Return file (CSV: payment_id,reason_code,bank_message; header only when nothing was returned)' })
  @IsString()
  @MaxLength(50_000_000)
  returnFile!: string;

  @ApiPropertyOptional({ description: 'The bank file confirmed (default: the run file)' })
  @IsOptional()
  @IsString()
  fileRef?: string;

  @ApiPropertyOptional({ example: '2026-03-06' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'confirmedOn must be a date YYYY-MM-DD' })
  confirmedOn?: string;
}
