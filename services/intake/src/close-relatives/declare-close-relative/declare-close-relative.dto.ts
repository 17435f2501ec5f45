import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { CLOSE_RELATIONS, type CloseRelation, OFFICIAL_ROLES, type OfficialRole } from '../../domain';
import { IsResidentId } from '../../http/validators';

export class DeclareCloseRelativeDto {
  @ApiProperty({ description: "The officer's own name, as shown in a conflict-of-interest flag" })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  officerName!: string;
  @ApiProperty({ enum: OFFICIAL_ROLES }) @IsIn(OFFICIAL_ROLES) officialRole!: OfficialRole;
  @ApiProperty() @IsResidentId() relativeResidentId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) relativeName!: string;
  @ApiProperty({ enum: CLOSE_RELATIONS }) @IsIn(CLOSE_RELATIONS) relation!: CloseRelation;
}
