import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { WITHDRAWAL_REASONS, WITHDRAWAL_REQUESTERS, type WithdrawalReason, type WithdrawalRequester } from '../../domain';

export class WithdrawApplicationDto {
  @ApiProperty({ enum: WITHDRAWAL_REASONS }) @IsIn(WITHDRAWAL_REASONS) reason!: WithdrawalReason;
  @ApiPropertyOptional({ description: 'Required when the reason is OTHER' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(4000) note?: string;
  @ApiProperty({ enum: WITHDRAWAL_REQUESTERS }) @IsIn(WITHDRAWAL_REQUESTERS) requestedBy!: WithdrawalRequester;
  @ApiPropertyOptional({ description: 'The written withdrawal request; required once the application is submitted' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  documentRef?: string;
}
