import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Query } from '@nestjs/common';
import { ValidationProblemException } from '@sa/errors';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CaseRead, PersonalRead } from '@sa/platform';
import { verificationStreamId } from '../domain';
import { verificationIdForCase } from '../commands/ids';
import { READER_ROLES } from '../read-models/verification-access';
import { GetVerificationQuery, GetVerificationReportQuery } from './view-verification.handlers';

/** A case number as intake assigns it: `<6-digit division>-<year>-<6-digit sequence>`. */
const CASE_NUMBER = /^\d{6}-\d{4}-\d{6}$/;

@ApiTags('verifications')
@Controller()
export class ViewVerificationController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('cases/:caseId/verification')
  @CaseRead((p) => verificationStreamId(verificationIdForCase(p.caseId)))
  @Roles(...READER_ROLES)
  @PersonalRead({ subject: (_p, body) => (body as { caseId?: string } | undefined)?.caseId })
  @ApiOperation({
    summary: 'A case’s verification (核对) with what is still outstanding',
    description:
      'The current round, every query (member × source) with its state, what still waits for the platform or for an officer, who was not queried and why, every report version and every objection.',
  })
  @ApiOkResponse({ description: 'The verification' })
  @ApiNotFoundResponse({ description: 'No verification for this case (yet)' })
  byCase(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetVerificationQuery({ caseId }, actor));
  }

  @Get('verifications')
  @Roles(...READER_ROLES)
  @PersonalRead({ subject: (_p, body) => (body as { caseId?: string } | undefined)?.caseId })
  @ApiOperation({
    summary: 'The verification of the case with this 案件编号 (?caseNumber=330106-2026-000001)',
    description: 'As `GET /cases/{caseId}/verification`, found by the case number officers know. 400 naming `caseNumber` when malformed, 404 when no verification of that case, 403 outside the jurisdiction.',
  })
  @ApiOkResponse({ description: 'The verification' })
  @ApiNotFoundResponse({ description: 'No verification for this case number' })
  byCaseNumber(@Query('caseNumber') caseNumber: string | undefined, @CurrentActor() actor: Actor) {
    const typed = (caseNumber ?? '').trim();
    if (!CASE_NUMBER.test(typed)) throw new ValidationProblemException([{ field: 'caseNumber', message: 'caseNumber must be a case number such as 330106-2026-000001' }]);
    return this.queryBus.execute(new GetVerificationQuery({ caseNumber: typed }, actor));
  }

  @Get('verifications/:verificationId')
  @CaseRead((p) => verificationStreamId(p.verificationId))
  @Roles(...READER_ROLES)
  @PersonalRead({ subject: (_p, body) => (body as { caseId?: string } | undefined)?.caseId })
  @ApiOperation({ summary: 'A verification with what is still outstanding' })
  @ApiOkResponse({ description: 'The verification' })
  view(@Param('verificationId', new ParseUUIDPipe()) verificationId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetVerificationQuery({ verificationId }, actor));
  }

  @Get('verifications/:verificationId/reports/:version')
  @CaseRead((p) => verificationStreamId(p.verificationId))
  @Roles(...READER_ROLES)
  @PersonalRead({ subject: (_p, body) => (body as { caseId?: string } | undefined)?.caseId })
  @ApiOperation({
    summary: 'One version of the verification report (核对报告)',
    description: 'Every version stays readable; `current` tells whether it is the latest. `report` is the report as published in HouseholdVerified.',
  })
  @ApiOkResponse({ description: 'The report version' })
  @ApiNotFoundResponse({ description: 'No such version' })
  report(
    @Param('verificationId', new ParseUUIDPipe()) verificationId: string,
    @Param('version', new ParseIntPipe()) version: number,
    @CurrentActor() actor: Actor,
  ) {
    return this.queryBus.execute(new GetVerificationReportQuery(verificationId, version, actor));
  }
}
