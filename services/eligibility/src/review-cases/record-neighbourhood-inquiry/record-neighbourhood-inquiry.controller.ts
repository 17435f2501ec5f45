import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { CaseCommandGateway } from '../shared/case-command-gateway';
import { CaseCommandResponseView, DATE, EvidenceRefsDto } from '../shared/dto';

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
  constructor(private readonly gateway: CaseCommandGateway) {}

  @Post(':caseId/neighbourhood-inquiries')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer', 'community_officer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RecordNeighbourhoodInquiryDto,
    @CurrentActor() actor: Actor,
  ) {
    const inquiryId = randomUUID();
    const out = await this.gateway.execute(
      { caseId, actor },
      {
        build: () => ({
          type: 'RecordNeighbourhoodInquiry',
          data: { inquiryId, ...dto, evidenceRefs: dto.evidenceRefs ?? [] },
        }),
      },
    );
    return { ...out.response, inquiryId };
  }
}
