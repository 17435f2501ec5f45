import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class RecordRepaymentDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (idempotency)' }) @IsOptional() @IsUUID() repaymentId?: string;
  @ApiProperty({ example: 30000, description: 'Integer fen > 0, at most the plan balance' }) @IsInt() @Min(1) amountFen!: number;
  @ApiProperty({ example: '2026-07-05' }) @Matches(DATE, { message: 'receivedOn must be YYYY-MM-DD' }) receivedOn!: string;
  @ApiProperty({ example: 'doc:receipt/2026/0705-01', description: 'The receipt or bank slip (document reference)' }) @IsString() @IsNotEmpty() @MaxLength(256) evidenceRef!: string;
  @ApiProperty({ example: '第1期退款' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}
