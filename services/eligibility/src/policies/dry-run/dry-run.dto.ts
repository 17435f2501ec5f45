import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INCOME_TYPES } from '../../domain';
import { DATE, DIVISION, ExtremePovertyDto } from '../../review-cases/shared/dto';

const PROGRAMS = ['MINIMUM_LIVING_ALLOWANCE', 'EXTREME_POVERTY_SUPPORT', 'TEMPORARY_ASSISTANCE', 'LOW_INCOME_MARGINAL'] as const;
const CATEGORIES = ['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE'] as const;
const WORK = ['FULL', 'PARTIAL', 'NONE'] as const;
const EXCLUSIONS = ['IMPRISONED', 'COMPULSORY_DRUG_REHABILITATION', 'CLERGY_LIVING_APART', 'OBLIGED_SUPPORTER_LIVING_APART', 'OTHER'] as const;
const ASSET_KINDS = ['BANK_DEPOSIT', 'CASH', 'SECURITIES', 'INSURANCE', 'HOUSING_FUND', 'CLAIM', 'OTHER'] as const;

export class DisabilityDto {
  @ApiProperty({ enum: [1, 2, 3, 4] }) @IsIn([1, 2, 3, 4]) grade!: 1 | 2 | 3 | 4;
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES) category!: (typeof CATEGORIES)[number];
}

export class SevereIllnessDto {
  @ApiProperty() @IsString() @IsNotEmpty() condition!: string;
}

export class DryRunMemberDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(64) memberId!: string;
  @ApiPropertyOptional({ example: '张伟' }) @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiProperty({ example: '1980-03-12' }) @Matches(DATE, { message: 'birthDate must be a date YYYY-MM-DD' }) birthDate!: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() included?: boolean;
  @ApiPropertyOptional({ enum: EXCLUSIONS }) @IsOptional() @IsIn(EXCLUSIONS) exclusionReason?: (typeof EXCLUSIONS)[number];
  @ApiPropertyOptional({ type: DisabilityDto }) @IsOptional() @ValidateNested() @Type(() => DisabilityDto) disability?: DisabilityDto;
  @ApiPropertyOptional({ type: SevereIllnessDto }) @IsOptional() @ValidateNested() @Type(() => SevereIllnessDto) severeIllness?: SevereIllnessDto;
  @ApiProperty({ enum: WORK }) @IsIn(WORK) workAbility!: (typeof WORK)[number];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) suitableWorkRefusals?: number;
}

export class DryRunHouseholdDto {
  @ApiPropertyOptional({ description: 'Defaults to the first member' }) @IsOptional() @IsString() applicantMemberId?: string;
  @ApiProperty({ type: [DryRunMemberDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DryRunMemberDto)
  members!: DryRunMemberDto[];
}

export class IncomeDto {
  @ApiProperty() @IsString() @IsNotEmpty() memberId!: string;
  @ApiProperty({ enum: Object.keys(INCOME_TYPES) }) @IsIn(Object.keys(INCOME_TYPES)) type!: keyof typeof INCOME_TYPES;
  @ApiProperty({ description: 'Monthly average over the 12 months before the application, fen' }) @IsInt() @Min(0) monthlyAverageFen!: number;
}

export class FinancialAssetDto {
  @ApiPropertyOptional() @IsOptional() @IsString() memberId?: string;
  @ApiProperty({ enum: ASSET_KINDS }) @IsIn(ASSET_KINDS) kind!: (typeof ASSET_KINDS)[number];
  @ApiProperty() @IsInt() @Min(0) valueFen!: number;
}

export class VehicleDto {
  @ApiPropertyOptional() @IsOptional() @IsString() memberId?: string;
  @ApiProperty() @IsInt() @Min(0) valueFen!: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() soleLivelihood?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabilityVehicle?: boolean;
}

export class BusinessDto {
  @ApiPropertyOptional() @IsOptional() @IsString() memberId?: string;
  @ApiProperty({ description: 'May be negative (a loss)' }) @IsInt() annualProfitFen!: number;
}

export class HomeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() memberId?: string;
  @ApiProperty() @IsNumber() @Min(0) areaSqm!: number;
}

export class DryRunFactsDto {
  @ApiPropertyOptional({ type: [IncomeDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => IncomeDto) incomes?: IncomeDto[];
  @ApiPropertyOptional({ type: [FinancialAssetDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FinancialAssetDto)
  financialAssets?: FinancialAssetDto[];
  @ApiPropertyOptional({ type: [VehicleDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => VehicleDto) vehicles?: VehicleDto[];
  @ApiPropertyOptional({ type: [BusinessDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => BusinessDto) businesses?: BusinessDto[];
  @ApiPropertyOptional({ type: [HomeDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => HomeDto) homes?: HomeDto[];
}

export class DryRunTemporaryDto {
  @ApiProperty({ enum: ['EMERGENCY', 'EXPENDITURE'] }) @IsIn(['EMERGENCY', 'EXPENDITURE']) assistanceType!: 'EMERGENCY' | 'EXPENDITURE';
  @ApiProperty() @IsInt() @Min(0) requestedAmountFen!: number;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(24) instalmentMonths?: number;
}

/** Evaluates a household against a policy version without opening a case. */
export class DryRunDto {
  @ApiProperty({ enum: PROGRAMS }) @IsIn(PROGRAMS) program!: (typeof PROGRAMS)[number];
  @ApiPropertyOptional({ example: '330106-2026-01', description: 'The version to apply (else the one in force for jurisdiction on onDate)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  policyVersion?: string;
  @ApiPropertyOptional({ example: '330106001001' }) @IsOptional() @Matches(DIVISION, { message: 'jurisdiction must be a 6, 9 or 12-digit division code' }) jurisdiction?: string;
  @ApiPropertyOptional({ example: '2026-03-16', description: 'Assessment date (default today)' })
  @IsOptional()
  @Matches(DATE, { message: 'onDate must be a date YYYY-MM-DD' })
  onDate?: string;
  @ApiProperty({ type: DryRunHouseholdDto }) @ValidateNested() @Type(() => DryRunHouseholdDto) household!: DryRunHouseholdDto;
  @ApiPropertyOptional({ type: DryRunFactsDto }) @IsOptional() @ValidateNested() @Type(() => DryRunFactsDto) facts?: DryRunFactsDto;
  @ApiPropertyOptional({ type: ExtremePovertyDto }) @IsOptional() @ValidateNested() @Type(() => ExtremePovertyDto) extremePoverty?: ExtremePovertyDto;
  @ApiPropertyOptional({ type: DryRunTemporaryDto }) @IsOptional() @ValidateNested() @Type(() => DryRunTemporaryDto) temporary?: DryRunTemporaryDto;
  @ApiPropertyOptional({ enum: ['STABLE', 'UNSTABLE', 'INTENSIVE'] }) @IsOptional() @IsIn(['STABLE', 'UNSTABLE', 'INTENSIVE']) reviewClass?:
    | 'STABLE'
    | 'UNSTABLE'
    | 'INTENSIVE';
}
