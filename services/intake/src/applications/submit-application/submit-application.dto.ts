import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class SubmitApplicationDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Items the officer adds to the one-time notice beyond what the form shows missing (e.g. an illegible copy)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  additionalMissingItems?: string[];
}
