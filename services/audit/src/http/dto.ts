import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Min, MinLength, ValidateIf, IsISO8601 } from 'class-validator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class VerifyDto {
  @ApiPropertyOptional({ description: 'Verify this stream only, e.g. reviewCase-<uuid>' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9]*-.+$/, { message: 'streamId must look like <category>-<id>' })
  streamId?: string;

  @ApiPropertyOptional({ description: 'Verify every stream of this case (a read of the case: needs a purpose)' })
  @IsOptional()
  @Matches(UUID, { message: 'caseId must be a UUID' })
  caseId?: string;
}

export class CheckpointDto {
  @ApiProperty({ nullable: true, description: 'commit/prepare of the last event included' })
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Matches(/^-?\d+\/-?\d+$/, { message: 'globalPosition must be commit/prepare' })
  globalPosition!: string | null;

  @ApiProperty()
  @Matches(/^[0-9a-f]{64}$/, { message: 'lastHash must be 64 lower-case hex digits' })
  lastHash!: string;

  @ApiProperty()
  @IsInt()
  @Min(0)
  eventCount!: number;

  @ApiProperty()
  @IsISO8601()
  takenAt!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() takenBy?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) trigger?: string;
}
