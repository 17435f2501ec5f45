import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALL_SOURCES } from '../domain';
import { SourceRecordDto } from '../manual-tasks/manual-tasks.dto';

/** OpenAPI description of the callback body (the controller reads and checks the raw body itself). */
export class PlatformCallbackDto {
  @ApiProperty({ example: '0d4f8c2e-6b1a-4e9f-8a3c-5d2e1f0a9b8c', description: 'Unique id of this answer; the same answer re-delivered carries the same id (idempotency key)' })
  callbackId!: string;
  @ApiProperty({ example: '5c9e…', description: 'Our submission id (the `requestId` of POST /requests)' })
  requestId!: string;
  @ApiProperty({ enum: ALL_SOURCES })
  source!: string;
  @ApiProperty({ example: 1, description: '1, 2, … within the submission' })
  sequence!: number;
  @ApiProperty({
    enum: ['PARTIAL', 'COMPLETE', 'NOT_FOUND', 'NOT_COVERED', 'ERROR'],
    description: 'PARTIAL: more records follow; COMPLETE: the answer is whole (records of all parts count); NOT_FOUND: the registry does not know the person; NOT_COVERED: the platform has no access to the registry; ERROR: the registry failed (we retry)',
  })
  status!: string;
  @ApiProperty({ example: '2025-03-06T10:15:00+08:00' })
  answeredAt!: string;
  @ApiPropertyOptional({ example: 'HD-440305-2025-0008812' })
  platformReportRef?: string;
  @ApiProperty({ type: [SourceRecordDto] })
  records!: SourceRecordDto[];
  @ApiPropertyOptional({ example: { code: 'MEMBER_NOT_FOUND', message: '查无此人' } })
  error?: { code: string; message: string };
}

export class CallbackAcceptedDto {
  @ApiProperty({ enum: ['recorded', 'duplicate', 'ignored'], description: 'duplicate: this answer was already recorded; ignored: it came too late to change anything' })
  status!: string;
}
