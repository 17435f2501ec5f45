import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CaseCommandResponseView, ExtremePovertyDto, TemporaryRequestDto, WrittenReasonDto } from '../shared/dto';
import { IssueInitialOpinionCommand } from './issue-initial-opinion.handler';

/** 初审意见: approval with the rule engine's amount, or refusal with written reasons. */
export class IssueInitialOpinionDto {
  @ApiProperty({ enum: ['APPROVE', 'REFUSE'] }) @IsIn(['APPROVE', 'REFUSE']) proposal!: 'APPROVE' | 'REFUSE';
  @ApiPropertyOptional({ type: [WrittenReasonDto], description: 'Refusal: written reasons (default: the rules’ reasons)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => WrittenReasonDto)
  reasons?: WrittenReasonDto[];
  @ApiPropertyOptional({ example: '建议纳入低保' }) @IsOptional() @IsString() @MaxLength(4000) note?: string;
  @ApiPropertyOptional({ type: ExtremePovertyDto, description: '特困: self-care assessment and supporters' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExtremePovertyDto)
  extremePoverty?: ExtremePovertyDto;
  @ApiPropertyOptional({ type: TemporaryRequestDto }) @IsOptional() @ValidateNested() @Type(() => TemporaryRequestDto) temporary?: TemporaryRequestDto;
  @ApiPropertyOptional({ enum: ['STABLE', 'UNSTABLE', 'INTENSIVE'], description: 'Review class chosen by the officers instead of the rule’s' })
  @IsOptional()
  @IsIn(['STABLE', 'UNSTABLE', 'INTENSIVE'])
  reviewClass?: 'STABLE' | 'UNSTABLE' | 'INTENSIVE';
}

@ApiTags('review cases: opinion and notice')
@Controller('review-cases')
export class IssueInitialOpinionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/opinions')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async issue(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: IssueInitialOpinionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new IssueInitialOpinionCommand(caseId, dto, actor));
  }
}
