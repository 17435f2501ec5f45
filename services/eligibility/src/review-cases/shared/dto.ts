import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { REFUSAL_REASON_CODES } from '../../domain';

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DIVISION = /^\d{6}(\d{3}){0,2}$/;

export class OfficerDto {
  @ApiProperty({ example: 'officer-street-002' }) @IsString() @IsNotEmpty() @MaxLength(128) id!: string;
  @ApiProperty({ example: '330106001', description: 'The officer’s jurisdiction (6 digits: a county officer)' })
  @Matches(DIVISION, { message: 'jurisdiction must be a 6, 9 or 12-digit division code' })
  jurisdiction!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) name?: string;
}

export class WrittenReasonDto {
  @ApiProperty({ enum: REFUSAL_REASON_CODES }) @IsIn(REFUSAL_REASON_CODES as string[]) code!: (typeof REFUSAL_REASON_CODES)[number];
  @ApiProperty({ example: '家庭人均月收入1100元，高于低保标准1000元' }) @IsString() @IsNotEmpty() @MaxLength(2000) description!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() memberId?: string;
}

export class EvidenceRefsDto {
  @ApiPropertyOptional({ type: [String], example: ['doc:visit/2026/0304-photos'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  evidenceRefs?: string[];
}

export class SupporterDto {
  @ApiProperty({ example: '儿子' }) @IsString() @IsNotEmpty() relation!: string;
  @ApiProperty() @IsBoolean() ableToSupport!: boolean;
}

const ABILITY = ['ABLE', 'UNABLE'];
export class SelfCareDto {
  @ApiProperty({ enum: ABILITY }) @IsIn(ABILITY) EATING!: 'ABLE' | 'UNABLE';
  @ApiProperty({ enum: ABILITY }) @IsIn(ABILITY) DRESSING!: 'ABLE' | 'UNABLE';
  @ApiProperty({ enum: ABILITY }) @IsIn(ABILITY) BED_TRANSFER!: 'ABLE' | 'UNABLE';
  @ApiProperty({ enum: ABILITY }) @IsIn(ABILITY) TOILETING!: 'ABLE' | 'UNABLE';
  @ApiProperty({ enum: ABILITY }) @IsIn(ABILITY) INDOOR_WALKING!: 'ABLE' | 'UNABLE';
  @ApiProperty({ enum: ABILITY }) @IsIn(ABILITY) BATHING!: 'ABLE' | 'UNABLE';
}

const SUPPLY_MODES = ['CENTRALIZED', 'DISPERSED'] as const;

export class ExtremePovertyDto {
  @ApiProperty() @IsString() @IsNotEmpty() memberId!: string;
  @ApiProperty({ type: SelfCareDto }) @ValidateNested() @Type(() => SelfCareDto) selfCare!: SelfCareDto;
  @ApiProperty({ type: [SupporterDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => SupporterDto) supporters!: SupporterDto[];
  @ApiPropertyOptional({
    enum: SUPPLY_MODES,
    description: '供养方式: CENTRALIZED 集中供养 / DISPERSED 分散供养 (the care standard of a policy with careStandardsBySupplyMode follows it)',
  })
  @IsOptional()
  @IsIn(SUPPLY_MODES, { message: 'extremePoverty.supplyMode must be CENTRALIZED (集中供养) or DISPERSED (分散供养)' })
  supplyMode?: (typeof SUPPLY_MODES)[number];
}

export class TemporaryRequestDto {
  @ApiPropertyOptional({ description: 'fen' }) @IsOptional() @IsInt() @Min(0) requestedAmountFen?: number;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt() @Min(1) instalmentMonths?: number;
}

export class CaseCommandResponseView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'OPINION_ISSUED' }) status!: string;
  @ApiProperty({ description: 'Stream revision after the command; send it back as If-Match' }) revision!: number;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty() alreadyHandled!: boolean;
}

