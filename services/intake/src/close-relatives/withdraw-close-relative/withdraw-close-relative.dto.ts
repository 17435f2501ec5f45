import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsResidentId } from '../../http/validators';

export class WithdrawCloseRelativeDto {
  @ApiProperty() @IsResidentId() relativeResidentId!: string;
  @ApiProperty({ example: '已离婚' }) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
}
