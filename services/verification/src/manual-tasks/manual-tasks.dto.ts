import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const CODE = /^[A-Z][A-Z0-9_]*$/;

export class MonthRangeDto {
  @ApiProperty({ example: '2024-03' }) @Matches(MONTH, { message: 'from must be a month YYYY-MM' }) from!: string;
  @ApiProperty({ example: '2025-02' }) @Matches(MONTH, { message: 'to must be a month YYYY-MM' }) to!: string;
}

export class VehicleDto {
  @ApiProperty({ enum: ['PASSENGER_CAR', 'MOTORCYCLE', 'TRUCK', 'AGRICULTURAL', 'DISABILITY_VEHICLE', 'VESSEL', 'OTHER'] })
  @IsIn(['PASSENGER_CAR', 'MOTORCYCLE', 'TRUCK', 'AGRICULTURAL', 'DISABILITY_VEHICLE', 'VESSEL', 'OTHER'])
  vehicleType!: string;
  @ApiPropertyOptional({ example: '浙A·***88' }) @IsOptional() @IsString() @MaxLength(32) plateMasked?: string;
  @ApiPropertyOptional({ example: '2020-08-15' }) @IsOptional() @Matches(DATE) registeredOn?: string;
  @ApiProperty({ enum: ['DEPRECIATED_PURCHASE_PRICE', 'INSURED_VALUE', 'APPRAISAL', 'DECLARED'] })
  @IsIn(['DEPRECIATED_PURCHASE_PRICE', 'INSURED_VALUE', 'APPRAISAL', 'DECLARED'])
  valuationBasis!: string;
  @ApiProperty({ enum: ['PRIVATE', 'COMMERCIAL', 'DISABILITY_ADAPTED'] }) @IsIn(['PRIVATE', 'COMMERCIAL', 'DISABILITY_ADAPTED']) usage!: string;
}

export class BusinessDto {
  @ApiProperty({ example: '西湖区陈记五金店' }) @IsString() @MinLength(1) @MaxLength(500) name!: string;
  @ApiProperty({ example: '92330106MA2CDE3F4G', description: '统一社会信用代码' }) @IsString() registrationNumber!: string;
  @ApiProperty({ enum: ['INDIVIDUAL_BUSINESS', 'COMPANY', 'FARMER_COOPERATIVE', 'OTHER'] }) @IsIn(['INDIVIDUAL_BUSINESS', 'COMPANY', 'FARMER_COOPERATIVE', 'OTHER']) entityType!: string;
  @ApiProperty({ enum: ['OWNER', 'SHAREHOLDER', 'LEGAL_REPRESENTATIVE'] }) @IsIn(['OWNER', 'SHAREHOLDER', 'LEGAL_REPRESENTATIVE']) role!: string;
  @ApiProperty({ enum: ['ACTIVE', 'SUSPENDED', 'DEREGISTERED'] }) @IsIn(['ACTIVE', 'SUSPENDED', 'DEREGISTERED']) status!: string;
  @ApiPropertyOptional({ description: 'fen' }) @IsOptional() @IsInt() @Min(0) registeredCapitalFen?: number;
  @ApiPropertyOptional({ description: 'fen, may be negative' }) @IsOptional() @IsInt() annualNetProfitFen?: number;
}

export class HomeDto {
  @ApiProperty({ example: 56.4 }) @IsNumber() @Min(0) @Max(100000) floorAreaSqm!: number;
  @ApiProperty({ enum: ['RESIDENTIAL', 'COMMERCIAL', 'OTHER'] }) @IsIn(['RESIDENTIAL', 'COMMERCIAL', 'OTHER']) usage!: string;
  @ApiPropertyOptional({ example: '330106001001' }) @IsOptional() @Matches(/^([0-9]{6}|[0-9]{9}|[0-9]{12})$/) location?: string;
  @ApiPropertyOptional({ example: '2015-06-30' }) @IsOptional() @Matches(DATE) acquiredOn?: string;
}

/** One fact, as an officer enters it from a document or a platform sends it. Money in integer fen. */
export class SourceRecordDto {
  @ApiProperty({ enum: ['INCOME', 'ASSET', 'STATUS', 'EXPENDITURE'] }) @IsIn(['INCOME', 'ASSET', 'STATUS', 'EXPENDITURE']) category!: 'INCOME' | 'ASSET' | 'STATUS' | 'EXPENDITURE';
  @ApiProperty({ example: 'HOUSING_FUND', description: 'Income type (INCOME), asset kind (ASSET) or an upper-case code' })
  @Matches(CODE, { message: 'kind must be an upper-case code' })
  @MaxLength(64)
  kind!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ description: 'Integer fen: income over `period`, or a balance/value at `asOf`', example: 1234500 }) @IsOptional() @IsInt() valueFen?: number;
  @ApiPropertyOptional({ description: 'Non-money quantity, e.g. floor area in m²' }) @IsOptional() @IsNumber() @Min(0) quantity?: number;
  @ApiPropertyOptional({ type: MonthRangeDto }) @IsOptional() @ValidateNested() @Type(() => MonthRangeDto) period?: MonthRangeDto;
  @ApiPropertyOptional({ example: '2025-03-06' }) @IsOptional() @Matches(DATE, { message: 'asOf must be a date YYYY-MM-DD' }) asOf?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) sourceRecordRef?: string;
  @ApiPropertyOptional({ type: VehicleDto }) @IsOptional() @ValidateNested() @Type(() => VehicleDto) vehicle?: VehicleDto;
  @ApiPropertyOptional({ type: BusinessDto }) @IsOptional() @ValidateNested() @Type(() => BusinessDto) business?: BusinessDto;
  @ApiPropertyOptional({ type: HomeDto }) @IsOptional() @ValidateNested() @Type(() => HomeDto) home?: HomeDto;
}

export class CompleteManualTaskDto {
  @ApiProperty({ enum: ['FIGURES_ENTERED', 'NOT_OBTAINABLE'], description: 'FIGURES_ENTERED: the facts established from the document; NOT_OBTAINABLE: they could not be (listed as an unanswered source)' })
  @IsIn(['FIGURES_ENTERED', 'NOT_OBTAINABLE'])
  outcome!: 'FIGURES_ENTERED' | 'NOT_OBTAINABLE';
  @ApiProperty({ type: [SourceRecordDto], description: 'The figures, as the document states them (empty: the document confirms there is nothing)' })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SourceRecordDto)
  records!: SourceRecordDto[];
  @ApiProperty({ example: 'doc:letter/2025/0042', description: 'The document the figures come from (reply to the evidence letter, certificate …)' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  documentRef!: string;
  @ApiPropertyOptional({ example: '公积金中心书面回函' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) note?: string;
}

export class ManualTaskQueryDto {
  @ApiPropertyOptional({ enum: ['OPEN', 'COMPLETED', 'CANCELLED'] }) @IsOptional() @IsIn(['OPEN', 'COMPLETED', 'CANCELLED']) status?: string;
  @ApiPropertyOptional({ description: 'Division code within your jurisdiction (default: yours)' })
  @IsOptional()
  @Matches(/^[0-9]{6}([0-9]{3}){0,2}$/)
  jurisdiction?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  /** Why the names are read, recorded in the read log (`@PersonalRead`, which checks it: 2–200 characters). */
  @ApiPropertyOptional({ description: 'Why the personal data is read (2–200 characters), recorded in the read log; default 经办查阅' }) @IsOptional() @IsString() purpose?: string;
}
