import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ALL_SOURCES } from '../domain';

const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const CODE = /^[A-Z][A-Z0-9_]*$/;

export class ObjectedItemDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) memberId!: string;
  @ApiProperty({ enum: ALL_SOURCES }) @IsIn([...ALL_SOURCES]) source!: (typeof ALL_SOURCES)[number];
  @ApiPropertyOptional({ example: 'WAGES' }) @IsOptional() @Matches(CODE) @MaxLength(64) kind?: string;
  @ApiPropertyOptional({ example: '2024 年 9 月起已离职' }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class FileObjectionDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (a retried request with the same id files nothing twice)' })
  @IsOptional()
  @IsUUID()
  objectionId?: string;
  @ApiProperty({ example: 1, description: 'The report version objected to (must be the current one)' }) @IsInt() @Min(1) reportVersion!: number;
  @ApiProperty({ type: [ObjectedItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ObjectedItemDto)
  items!: ObjectedItemDto[];
  @ApiProperty({ example: '2024 年 9 月起已离职，无工资收入' }) @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
  @ApiProperty({ example: ['doc:objection/2025/0007'], description: 'The household’s evidence (at least one document)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  evidenceRefs!: string[];
  @ApiPropertyOptional({ example: '2025-03-10', description: 'When the household objected (default: today, Asia/Shanghai)' })
  @IsOptional()
  @Matches(DATE)
  raisedOn?: string;
}
