import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CaseCommandResponseView, EvidenceRefsDto } from '../shared/dto';
import { FileObjectionCommand } from './file-objection.handler';

/** 异议 received during the notice; the objector's identity is not recorded here. */
export class FileObjectionDto extends EvidenceRefsDto {
  @ApiProperty({ example: '有居民反映申请人有稳定收入' }) @IsString() @IsNotEmpty() @MaxLength(4000) summary!: string;
}

@ApiTags('review cases: opinion and notice')
@Controller('review-cases')
export class FileObjectionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/objections')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer', 'street_reviewer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async file(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: FileObjectionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new FileObjectionCommand(caseId, dto, actor));
  }
}
