import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ConsentDto, DeclarationDto } from '../../http/application-form.dto';

export class SuppliedDocumentDto {
  @ApiProperty({ example: 'SIGNED_COMMITMENT', description: 'Key of an outstanding item of the notice' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  itemKey!: string;

  @ApiProperty({ example: 'doc:commitment:2026-000123' }) @IsString() @MinLength(1) @MaxLength(256) documentRef!: string;
}

export class SupplyMaterialsDto {
  @ApiPropertyOptional({ type: [SuppliedDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SuppliedDocumentDto)
  documents?: SuppliedDocumentDto[];

  @ApiPropertyOptional({ type: [ConsentDto], description: 'Verification consents named in the notice' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ConsentDto)
  consents?: ConsentDto[];

  @ApiPropertyOptional({ type: DeclarationDto, description: 'The signed declaration of income and property, with its content' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeclarationDto)
  declaration?: DeclarationDto;
}
