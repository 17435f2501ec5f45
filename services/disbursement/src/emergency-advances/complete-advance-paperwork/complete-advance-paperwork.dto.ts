import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class CompleteAdvanceDto {
  @ApiProperty({ description: 'The temporary-assistance decision that completes the file' }) @IsUUID() decisionId!: string;
}
