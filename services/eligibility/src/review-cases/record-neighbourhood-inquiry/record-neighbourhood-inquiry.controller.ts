import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';
import { CaseCommandResponseView, DATE, EvidenceRefsDto } from '../shared/dto';
import { RecordNeighbourhoodInquiryCommand } from './record-neighbourhood-inquiry.handler';

/** 邻里访问. */
export class RecordNeighbourhoodInquiryDto extends EvidenceRefsDto {
  @ApiProperty({ example: '2026-03-04' }) @Matches(DATE, { message: 'conductedOn must be a date YYYY-MM-DD' }) conductedOn!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsString({ each: true }) officerIds!: string[];
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) intervieweeCount!: number;
  @ApiProperty({ example: '邻居反映该户确实困难' }) @IsString() @IsNotEmpty() @MaxLength(4000) summary!: string;
}

@ApiTags('review cases: investigation')
@Controller('review-cases')
export class RecordNeighbourhoodInquiryController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/neighbourhood-inquiries')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer', 'community_officer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RecordNeighbourhoodInquiryDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new RecordNeighbourhoodInquiryCommand(caseId, dto, actor));
  }
}
