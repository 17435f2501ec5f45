import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  ASSET_KINDS,
  AssetKind,
  CHANNELS,
  Channel,
  CONSENT_SIGNERS,
  CONSENT_SOURCES,
  ConsentSigner,
  ConsentSource,
  CUSTODY_KINDS,
  CustodyKind,
  DISABILITY_CATEGORIES,
  DISABILITY_GRADES,
  DisabilityCategory,
  DisabilityGrade,
  EDUCATION_LEVELS,
  EducationLevel,
  EMERGENCY_CAUSES,
  EmergencyCause,
  EMPLOYMENT_STATUSES,
  EmploymentStatus,
  EXPENDITURE_KINDS,
  ExpenditureKind,
  INCOME_TYPES,
  IncomeType,
  MAX_MEMBERS,
  PROGRAMS,
  Program,
  PROXY_KINDS,
  ProxyKind,
  RELATIONS,
  Relation,
  TEMPORARY_ASSISTANCE_TYPES,
  TemporaryAssistanceType,
  VEHICLE_USES,
  VehicleUse,
  WORK_ABILITIES,
  WorkAbility,
} from '../domain';
import { IsBankAccountNumber, IsDivisionCode, IsFen, IsLocalDate, IsResidentId, IsYearMonth } from './validators';

const NAME = 100;
const TEXT = 500;
const LONG_TEXT = 4000;
const REF = 256;

export class EmploymentDto {
  @ApiProperty({ enum: EMPLOYMENT_STATUSES }) @IsIn(EMPLOYMENT_STATUSES) status!: EmploymentStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) employer?: string;
  @ApiPropertyOptional({ enum: EDUCATION_LEVELS, description: 'For STUDENT: level of full-time education' })
  @IsOptional()
  @IsIn(EDUCATION_LEVELS)
  educationLevel?: EducationLevel;
}

export class CustodyDto {
  @ApiProperty({ enum: CUSTODY_KINDS }) @IsIn(CUSTODY_KINDS) kind!: CustodyKind;
  @ApiProperty({ example: '2024-05-01' }) @IsLocalDate() since!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(REF) documentRef?: string;
}

export class DisabilityDto {
  @ApiProperty({ enum: DISABILITY_GRADES }) @IsIn(DISABILITY_GRADES) grade!: DisabilityGrade;
  @ApiProperty({ enum: DISABILITY_CATEGORIES }) @IsIn(DISABILITY_CATEGORIES) category!: DisabilityCategory;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(REF) certificateRef?: string;
}

export class SevereIllnessDto {
  @ApiProperty({ example: '尿毒症' }) @IsString() @MinLength(1) @MaxLength(TEXT) condition!: string;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() diagnosedOn?: string;
  @ApiPropertyOptional({ description: 'Diagnosis; listed as missing in the notice when absent' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(REF)
  evidenceRef?: string;
}

export class MemberDto {
  @ApiPropertyOptional({ description: 'UUID of the person on this application; derived from case and resident ID when absent' })
  @IsOptional()
  @IsUUID()
  memberId?: string;
  @ApiProperty({ example: '33010619800315001X' }) @IsResidentId() residentId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(NAME) name!: string;
  @ApiProperty({ enum: RELATIONS, description: 'Relation to the applicant' }) @IsIn(RELATIONS) relation!: Relation;
  @ApiProperty() @IsBoolean() livesWithApplicant!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() unableToLiveIndependently?: boolean;
  @ApiPropertyOptional({ description: 'Declared legal duty of support (grandparents, siblings, others)' })
  @IsOptional()
  @IsBoolean()
  legalDutyOfSupport?: boolean;
  @ApiPropertyOptional({ type: CustodyDto }) @IsOptional() @ValidateNested() @Type(() => CustodyDto) custody?: CustodyDto;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() clergyLivingApartSince?: string;
  @ApiPropertyOptional({ type: DisabilityDto }) @IsOptional() @ValidateNested() @Type(() => DisabilityDto) disability?: DisabilityDto;
  @ApiPropertyOptional({ type: SevereIllnessDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SevereIllnessDto)
  severeIllness?: SevereIllnessDto;
  @ApiProperty({ enum: WORK_ABILITIES }) @IsIn(WORK_ABILITIES) workAbility!: WorkAbility;
  @ApiProperty({ type: EmploymentDto }) @ValidateNested() @Type(() => EmploymentDto) employment!: EmploymentDto;
}

export class SupporterDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() memberId?: string;
  @ApiProperty() @IsResidentId() residentId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(NAME) name!: string;
  @ApiProperty({ enum: RELATIONS.filter((r) => r !== 'APPLICANT') })
  @IsIn(RELATIONS.filter((r) => r !== 'APPLICANT'))
  relation!: Exclude<Relation, 'APPLICANT'>;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) address?: string;
  @ApiProperty({ enum: WORK_ABILITIES }) @IsIn(WORK_ABILITIES) workAbility!: WorkAbility;
  @ApiProperty({ type: EmploymentDto }) @ValidateNested() @Type(() => EmploymentDto) employment!: EmploymentDto;
}

export class HouseholdDto {
  @ApiProperty({ example: '330106001001', description: 'Community of the registered residence (户籍所在地)' })
  @IsDivisionCode([12])
  registeredResidence!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(TEXT) address!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) phone?: string;
  @ApiProperty({ type: [MemberDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members!: MemberDto[];
  @ApiPropertyOptional({ type: [SupporterDto], description: 'Legally obliged supporters living apart' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => SupporterDto)
  supporters?: SupporterDto[];
}

export class DeclaredIncomeDto {
  @ApiProperty() @IsResidentId() residentId!: string;
  @ApiProperty({ enum: INCOME_TYPES }) @IsIn(INCOME_TYPES) type!: IncomeType;
  @ApiProperty({ example: '2026-01' }) @IsYearMonth() month!: string;
  @ApiProperty({ description: 'fen' }) @IsFen() amountFen!: number;
}

export class DeclaredAssetDto {
  @ApiProperty({ enum: ASSET_KINDS }) @IsIn(ASSET_KINDS) kind!: AssetKind;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @IsResidentId({ each: true }) ownerResidentIds!: string[];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(TEXT) description!: string;
  @ApiPropertyOptional({ description: 'fen' }) @IsOptional() @IsFen() valueFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) floorAreaSqm?: number;
  @ApiPropertyOptional({ enum: VEHICLE_USES }) @IsOptional() @IsIn(VEHICLE_USES) vehicleUse?: VehicleUse;
  @ApiPropertyOptional({ description: 'signed fen' }) @IsOptional() @IsFen({ signed: true }) annualProfitFen?: number;
}

export class DeclarationDto {
  @ApiProperty({ type: [DeclaredIncomeDto] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => DeclaredIncomeDto)
  income!: DeclaredIncomeDto[];
  @ApiProperty({ type: [DeclaredAssetDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DeclaredAssetDto)
  assets!: DeclaredAssetDto[];
  @ApiPropertyOptional({ description: 'The signed declaration; listed as missing in the notice when absent' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(REF)
  documentRef?: string;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() signedOn?: string;
}

export class BankAccountDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(TEXT) bankName!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(NAME) holderName!: string;
  @ApiProperty() @IsResidentId() holderResidentId!: string;
  @ApiProperty({ example: '6228480402564890018' }) @IsBankAccountNumber() accountNumber!: string;
}

export class IdentityDocumentDto {
  @ApiProperty() @IsResidentId() residentId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(REF) documentRef!: string;
}

export class SignedDocumentDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(REF) documentRef!: string;
  @ApiProperty() @IsLocalDate() signedOn!: string;
}

export class ConsentDto {
  @ApiProperty() @IsResidentId() residentId!: string;
  @ApiProperty() @IsLocalDate() signedOn!: string;
  @ApiPropertyOptional({ enum: CONSENT_SIGNERS, default: 'SELF' }) @IsOptional() @IsIn(CONSENT_SIGNERS) signedBy?: ConsentSigner;
  @ApiProperty({ enum: CONSENT_SOURCES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(CONSENT_SOURCES, { each: true }) sources!: ConsentSource[];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(REF) documentRef!: string;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() validUntil?: string;
}

export class ProxyDto {
  @ApiProperty({ enum: PROXY_KINDS }) @IsIn(PROXY_KINDS) kind!: ProxyKind;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(NAME) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsResidentId() residentId?: string;
  @ApiProperty() @IsResidentId() onBehalfOfResidentId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(LONG_TEXT) reason!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(REF) authorisationDocumentRef?: string;
}

export class TemporaryAssistanceDto {
  @ApiProperty({ enum: TEMPORARY_ASSISTANCE_TYPES }) @IsIn(TEMPORARY_ASSISTANCE_TYPES) type!: TemporaryAssistanceType;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(LONG_TEXT) description!: string;
  @ApiPropertyOptional({ enum: EMERGENCY_CAUSES }) @IsOptional() @IsIn(EMERGENCY_CAUSES) cause?: EmergencyCause;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() incidentOn?: string;
  @ApiProperty() @IsBoolean() emergencyAdvanceRequested!: boolean;
  @ApiPropertyOptional({ enum: EXPENDITURE_KINDS }) @IsOptional() @IsIn(EXPENDITURE_KINDS) expenditureKind?: ExpenditureKind;
  @ApiPropertyOptional({ description: 'fen, last 12 months' }) @IsOptional() @IsFen() essentialExpenditureFen?: number;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(REF, { each: true })
  expenditureEvidenceRefs?: string[];
  @ApiPropertyOptional({ description: 'fen' }) @IsOptional() @IsFen() requestedAmountFen?: number;
}

/** The unified application form (社会救助一表申请) as officers send it. */
export class ApplicationFormDto {
  @ApiProperty({ example: '330106001001', description: 'Community where the application is made' })
  @IsDivisionCode([12])
  jurisdiction!: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: Channel;
  @ApiProperty({ enum: PROGRAMS }) @IsIn(PROGRAMS) program!: Program;
  @ApiPropertyOptional({ type: TemporaryAssistanceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemporaryAssistanceDto)
  temporaryAssistance?: TemporaryAssistanceDto;
  @ApiProperty({ type: HouseholdDto }) @ValidateNested() @Type(() => HouseholdDto) household!: HouseholdDto;
  @ApiProperty({ type: DeclarationDto }) @ValidateNested() @Type(() => DeclarationDto) declaration!: DeclarationDto;
  @ApiPropertyOptional({ type: BankAccountDto }) @IsOptional() @ValidateNested() @Type(() => BankAccountDto) bankAccount?: BankAccountDto;
  @ApiPropertyOptional({ type: [IdentityDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => IdentityDocumentDto)
  identityDocuments?: IdentityDocumentDto[];
  @ApiPropertyOptional({ type: SignedDocumentDto }) @IsOptional() @ValidateNested() @Type(() => SignedDocumentDto) commitment?: SignedDocumentDto;
  @ApiPropertyOptional({ type: [ConsentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEMBERS * 2)
  @ValidateNested({ each: true })
  @Type(() => ConsentDto)
  consents?: ConsentDto[];
  @ApiPropertyOptional({ type: ProxyDto }) @IsOptional() @ValidateNested() @Type(() => ProxyDto) proxy?: ProxyDto;
}
