import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { randomUUID } from 'node:crypto';
import { shanghaiDate, verificationStreamId } from '../domain';
import { VerificationQueries } from '../queries/verification-queries';
import { APP_CONFIG, CommandRoute } from '@sa/platform';
import type { VerificationConfig } from '../config';
import { CLOCK, type Clock } from '@sa/time';
import { nowInstant } from '../shared/clock';
import { VerificationPipeline } from '../commands/verification-pipeline';
import { taskSettings } from '../shared/settings';
import { OFFICER_ROLES, verificationFor } from './access';
import { FileObjectionDto } from './dtos';

@ApiTags('objections (异议)')
@Controller()
export class ObjectionsController {
  constructor(
    private readonly queries: VerificationQueries,
    private readonly pipeline: VerificationPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: VerificationConfig,
  ) {}

  @Post('verifications/:verificationId/objections')
  @CommandRoute({ stream: (p) => verificationStreamId(p.verificationId) })
  @HttpCode(202)
  @Roles(...OFFICER_ROLES)
  @ApiOperation({
    summary: 'File the household’s objection to the current report, with its evidence',
    description:
      'The objected member × source pairs are re-checked (purpose OBJECTION). If the re-check changes the figures, a corrected report version follows (HouseholdVerified, purpose OBJECTION) and VerificationObjectionResolved says UPHELD or PARTIALLY_UPHELD; otherwise REJECTED and the report stays.',
  })
  @ApiAcceptedResponse({ description: '{ objectionId, status: RECHECKING }' })
  async file(@Param('verificationId', new ParseUUIDPipe()) verificationId: string, @Body() body: FileObjectionDto, @CurrentActor() actor: Actor) {
    const header = await verificationFor(this.queries, verificationId, actor);
    const objectionId = body.objectionId ?? randomUUID();
    const now = nowInstant(this.clock);
    const result = await this.pipeline.handle(
      verificationId,
      {
        type: 'FileObjection',
        data: {
          objectionId,
          reportVersion: body.reportVersion,
          items: body.items.map((i) => ({ memberId: i.memberId, source: i.source, ...(i.kind ? { kind: i.kind } : {}), ...(i.note ? { note: i.note } : {}) })),
          reason: body.reason,
          evidenceRefs: body.evidenceRefs,
          raisedOn: body.raisedOn ?? shanghaiDate(now),
          filedAt: now,
          filedBy: { id: actor.id, role: actor.role },
          tasks: taskSettings(this.config),
        },
      },
      header.caseId,
      { actor, reason: body.reason, evidenceRefs: body.evidenceRefs },
    );
    const objection = result.state.objections[objectionId];
    return { objectionId, status: objection?.status === 'OPEN' ? 'RECHECKING' : (objection?.status ?? 'RECHECKING'), round: objection?.round };
  }
}
