import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsLocalDate } from '../../http/validators';

export class RecordLeadContactDto {
  @ApiProperty({ example: '2026-03-03' }) @IsLocalDate() contactedOn!: string;
  @ApiProperty({ example: '已上门核实，建议申请特困供养' }) @IsString() @MinLength(1) @MaxLength(4000) note!: string;
}
