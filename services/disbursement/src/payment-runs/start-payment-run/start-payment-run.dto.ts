import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class StartPaymentRunDto {
  @ApiProperty({ example: '440305', description: 'District (区县) division code, 6 digits' })
  @Matches(/^\d{6}$/, { message: 'district must be a 6-digit district code' })
  district!: string;

  @ApiProperty({ example: '2026-03', description: 'Benefit month paid, YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month YYYY-MM' })
  period!: string;

  @ApiPropertyOptional({
    enum: ['MONTHLY', 'SUPPLEMENTARY'],
    description: 'MONTHLY (default): the month of every entitlement, with arrears and offsets. SUPPLEMENTARY (补发批次): only arrears (补发) not yet settled, paid now (period = the current month); one per district and day',
  })
  @IsOptional()
  @IsIn(['MONTHLY', 'SUPPLEMENTARY'], { message: 'kind must be MONTHLY or SUPPLEMENTARY' })
  kind?: 'MONTHLY' | 'SUPPLEMENTARY';
}
