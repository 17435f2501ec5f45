import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute, PersonalRead } from '@sa/platform';
import { verificationStreamId } from '../domain';
import { OFFICER_ROLES, READER_ROLES } from '../read-models/verification-access';
import { CompleteManualTaskCommand } from './complete-manual-task.handler';
import { ListManualTasksQuery } from './list-manual-tasks.handler';
import { CompleteManualTaskDto, ManualTaskQueryDto } from './manual-tasks.dto';

@ApiTags('manual tasks (信函索证)')
@Controller()
export class ManualTasksController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get('manual-tasks')
  @Roles(...READER_ROLES)
  @PersonalRead({ list: 'tasks' })
  @ApiOperation({
    summary: 'Manual verification tasks in your jurisdiction',
    description: 'Queries the platform could not answer (timeouts, outages, sources it does not cover …): an officer establishes the facts from documents (evidence letters, 信函索证). Oldest due first.',
  })
  list(@Query() query: ManualTaskQueryDto, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new ListManualTasksQuery(query, actor));
  }

  @Post('verifications/:verificationId/manual-tasks/:taskId/complete')
  @CommandRoute({ stream: (p) => verificationStreamId(p.verificationId) })
  @HttpCode(200)
  @Roles(...OFFICER_ROLES)
  @ApiOperation({
    summary: 'Complete a manual task with the figures and the document they come from',
    description:
      'Money in integer fen. When this was the last thing the round waited for, the report is complete and `reportVersion` names the new version (published as HouseholdVerified). Completing the same task again with the same document changes nothing.',
  })
  @ApiOkResponse({ description: '{ taskId, status, reportVersion? }' })
  complete(
    @Param('verificationId', new ParseUUIDPipe()) verificationId: string,
    @Param('taskId') taskId: string,
    @Body() body: CompleteManualTaskDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.commandBus.execute(new CompleteManualTaskCommand(verificationId, taskId, body, actor));
  }
}
