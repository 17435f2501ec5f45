import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { INTAKE_REJECTION_GROUNDS, type IntakeRejectionGround } from '../../domain';

export class RejectApplicationDto {
  @ApiProperty({ enum: INTAKE_REJECTION_GROUNDS }) @IsIn(INTAKE_REJECTION_GROUNDS) ground!: IntakeRejectionGround;
  @ApiProperty({ description: 'Written reason given to the applicant (不予受理理由)' }) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
  @ApiPropertyOptional({ description: 'For OPEN_APPLICATION_EXISTS: the open application of the same household' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  otherCaseNumber?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(256, { each: true })
  evidenceRefs?: string[];
}
