import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertJurisdiction, CurrentActor, Roles, type Actor } from '@sa/auth';
import { Inject } from '@nestjs/common';
import { CommandRoute } from '@sa/platform';
import { VerificationQueries } from '../queries/verification-queries';
import { CLOCK, type Clock } from '@sa/time';
import { nowInstant } from '../shared/clock';
import { VerificationPipeline } from '../commands/verification-pipeline';
import { verificationStreamId, type SourceRecord } from '../domain';
import { OFFICER_ROLES, READER_ROLES, verificationFor } from './access';
import { CompleteManualTaskDto, ManualTaskQueryDto } from './dtos';

@ApiTags('manual tasks (信函索证)')
@Controller()
export class ManualTasksController {
  constructor(
    private readonly queries: VerificationQueries,
    private readonly pipeline: VerificationPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('manual-tasks')
  @Roles(...READER_ROLES)
  @ApiOperation({
    summary: 'Manual verification tasks in your jurisdiction',
    description: 'Queries the platform could not answer (timeouts, outages, sources it does not cover …): an officer establishes the facts from documents (evidence letters, 信函索证). Oldest due first.',
  })
  async list(@Query() query: ManualTaskQueryDto, @CurrentActor() actor: Actor) {
    const jurisdiction = query.jurisdiction ?? actor.jurisdiction;
    assertJurisdiction(actor, jurisdiction, 'jurisdiction');
    return { tasks: await this.queries.tasks(jurisdiction, query.status, query.limit ?? 50, query.offset ?? 0) };
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
  async complete(
    @Param('verificationId', new ParseUUIDPipe()) verificationId: string,
    @Param('taskId') taskId: string,
    @Body() body: CompleteManualTaskDto,
    @CurrentActor() actor: Actor,
  ) {
    const header = await verificationFor(this.queries, verificationId, actor);
    const result = await this.pipeline.handle(
      verificationId,
      {
        type: 'CompleteManualTask',
        data: {
          taskId,
          outcome: body.outcome,
          records: body.records as unknown as SourceRecord[],
          documentRef: body.documentRef,
          ...(body.note ? { note: body.note } : {}),
          completedBy: { id: actor.id, role: actor.role },
          completedAt: nowInstant(this.clock),
        },
      },
      header.caseId,
      { actor, evidenceRefs: [body.documentRef] },
    );
    const report = result.events.find((e) => e.type === 'VerificationReportCompleted');
    return {
      taskId,
      status: result.state.tasks[taskId]?.status ?? 'COMPLETED',
      ...(report && report.type === 'VerificationReportCompleted' ? { reportVersion: report.data.reportVersion } : {}),
    };
  }
}
