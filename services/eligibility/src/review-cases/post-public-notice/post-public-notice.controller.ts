import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CaseCommandResponseView } from '../shared/dto';
import { PostPublicNoticeCommand } from './post-public-notice.handler';

/** 公示: the text is generated (masked); the officer says where it is posted. */
export class PostPublicNoticeDto {
  @ApiProperty({ example: '某社区居务公开栏' }) @IsString() @IsNotEmpty() @MaxLength(200) location!: string;
}

@ApiTags('review cases: opinion and notice')
@Controller('review-cases')
export class PostPublicNoticeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/public-notices')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer', 'street_reviewer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async post(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: PostPublicNoticeDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new PostPublicNoticeCommand(caseId, dto, actor));
  }
}
