import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength, MinLength } from 'class-validator';

export class RequestMaterialsDto {
  @ApiProperty({ type: [String], example: ['户口簿复印件不清晰，请重新提供'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  items!: string[];

  @ApiProperty({ example: '复印件无法辨认' }) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
}
