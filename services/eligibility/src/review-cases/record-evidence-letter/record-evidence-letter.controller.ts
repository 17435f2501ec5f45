import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CaseCommandResponseView, DATE } from '../shared/dto';
import { RecordEvidenceLetterCommand } from './record-evidence-letter.handler';

/** 信函索证. */
export class RecordEvidenceLetterDto {
  @ApiProperty({ example: '2026-03-04' }) @Matches(DATE, { message: 'sentOn must be a date YYYY-MM-DD' }) sentOn!: string;
  @ApiProperty({ example: '某物业公司' }) @IsString() @IsNotEmpty() @MaxLength(200) addressee!: string;
  @ApiProperty({ example: '核实申请人工作及收入情况' }) @IsString() @IsNotEmpty() @MaxLength(2000) purpose!: string;
  @ApiPropertyOptional({ example: 'doc:letter/2026/0310-reply' }) @IsOptional() @IsString() @MaxLength(256) replyRef?: string;
}

@ApiTags('review cases: investigation')
@Controller('review-cases')
export class RecordEvidenceLetterController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/evidence-letters')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RecordEvidenceLetterDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new RecordEvidenceLetterCommand(caseId, dto, actor));
  }
}
