import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { CaseCommandResponseView, DATE, EvidenceRefsDto } from '../shared/dto';
import { ResolveObjectionCommand } from './resolve-objection.handler';

export class AppraisalDto {
  @ApiProperty({ example: '2026-03-10' }) @Matches(DATE, { message: 'heldOn must be a date YYYY-MM-DD' }) heldOn!: string;
  @ApiProperty() @IsInt() @Min(1) participants!: number;
  @ApiProperty() @IsInt() @Min(0) inFavour!: number;
  @ApiProperty() @IsInt() @Min(0) against!: number;
}

/** Re-investigation (重新调查) or community appraisal (民主评议); then a new opinion and a new notice follow. */
export class ResolveObjectionDto extends EvidenceRefsDto {
  @ApiProperty({ enum: ['REINVESTIGATION', 'COMMUNITY_APPRAISAL'] }) @IsIn(['REINVESTIGATION', 'COMMUNITY_APPRAISAL']) method!:
    | 'REINVESTIGATION'
    | 'COMMUNITY_APPRAISAL';
  @ApiProperty({ enum: ['UPHELD', 'REJECTED'] }) @IsIn(['UPHELD', 'REJECTED']) outcome!: 'UPHELD' | 'REJECTED';
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) findings!: string;
  @ApiPropertyOptional({ type: AppraisalDto }) @IsOptional() @ValidateNested() @Type(() => AppraisalDto) appraisal?: AppraisalDto;
}

@ApiTags('review cases: opinion and notice')
@Controller('review-cases')
export class ResolveObjectionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/objections/:objectionId/resolution')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer', 'street_reviewer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async resolve(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('objectionId', new ParseUUIDPipe()) objectionId: string,
    @Body() dto: ResolveObjectionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new ResolveObjectionCommand(caseId, objectionId, dto, actor));
  }
}
