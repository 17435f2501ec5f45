import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import type { CircumstanceChangeKind } from '@sa/contracts';

export const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const CHANGE_KINDS: CircumstanceChangeKind[] = [
  'INCOME',
  'ASSETS',
  'MEMBER_JOINED',
  'MEMBER_LEFT',
  'MEMBER_DECEASED',
  'HEALTH',
  'DISABILITY',
  'EMPLOYMENT',
  'ADDRESS',
  'OTHER',
];

/** One change in circumstances (new job, member moved out, death, property bought …). */
export class CircumstanceChangeDto {
  @ApiProperty({ enum: CHANGE_KINDS }) @IsIn(CHANGE_KINDS) kind!: CircumstanceChangeKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() memberId?: string;
  @ApiProperty({ example: '长子于2026年3月在本市就业，月工资4500元' }) @IsString() @MinLength(1) @MaxLength(2000) description!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsString({ each: true }) evidenceRefs?: string[];
}

export const toChange = (c: CircumstanceChangeDto) => ({
  kind: c.kind,
  ...(c.memberId ? { memberId: c.memberId } : {}),
  description: c.description,
  ...(c.evidenceRefs && c.evidenceRefs.length > 0 ? { evidenceRefs: c.evidenceRefs } : {}),
});

export const IsLocalDateString = () => Matches(LOCAL_DATE, { message: '$property must be a date YYYY-MM-DD' });
