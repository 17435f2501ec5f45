import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DATE, EvidenceRefsDto, OfficerDto } from '../shared/dto';

/** 入户调查: at least two officers (checked by the rules), their signed record and the household's signature. */
export class RecordHomeVisitDto extends EvidenceRefsDto {
  @ApiProperty({ example: '2026-03-04' }) @Matches(DATE, { message: 'visitedOn must be a date YYYY-MM-DD' }) visitedOn!: string;
  @ApiProperty({ type: [OfficerDto], description: 'The visiting officers: at least two different ones' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => OfficerDto)
  officers!: OfficerDto[];
  @ApiProperty({ example: '家中陈设简陋，与申报情况一致' }) @IsString() @IsNotEmpty() @MaxLength(4000) findings!: string;
  @ApiProperty({ type: [String], example: ['doc:visit/2026/0304-signed'], description: 'Scans of the visit record signed by the officers' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  signatureRefs!: string[];
  @ApiPropertyOptional({ example: 'doc:visit/2026/0304-household' }) @IsOptional() @IsString() @MaxLength(256) householdSignatureRef?: string;
}
