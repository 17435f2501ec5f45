import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class RequestBankAccountChangeDto {
  @ApiProperty()
  @IsUUID()
  memberId!: string;

  @ApiProperty({ example: '王芳' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ description: 'Reference into the bank-account registry (never the account number)' })
  @Matches(/^\S{4,128}$/, { message: 'bankAccountRef must be a reference of 4–128 characters without spaces' })
  bankAccountRef!: string;

  @ApiPropertyOptional({ example: '6222 **** **** 1234' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  bankAccountMasked?: string;

  @ApiProperty({ example: 'doc:payee-change/2026/0320', description: "The household's written request for the change (document reference): the evidence" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  householdRequestRef!: string;

  @ApiProperty({ example: '原账户已销户，申请人申请变更收款账户' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({ description: 'Client-chosen id (idempotency)' })
  @IsOptional()
  @IsUUID()
  changeId?: string;
}
