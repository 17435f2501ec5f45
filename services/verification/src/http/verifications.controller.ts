import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertJurisdiction, CurrentActor, Roles, type Actor } from '@sa/auth';
import { CaseRead } from '@sa/platform';
import { verificationStreamId } from '../domain';
import { VerificationQueries } from '../queries/verification-queries';
import { verificationIdForCase } from '../shared/ids';
import { logAuditorRead, notFound, READER_ROLES, verificationFor } from './access';

@ApiTags('verifications')
@Controller()
export class VerificationsController {
  constructor(private readonly queries: VerificationQueries) {}

  @Get('cases/:caseId/verification')
  @CaseRead((p) => verificationStreamId(verificationIdForCase(p.caseId)))
  @Roles(...READER_ROLES)
  @ApiOperation({
    summary: 'A case’s verification (核对) with what is still outstanding',
    description:
      'The current round, every query (member × source) with its state, what still waits for the platform or for an officer, who was not queried and why, every report version and every objection.',
  })
  @ApiOkResponse({ description: 'The verification' })
  @ApiNotFoundResponse({ description: 'No verification for this case (yet)' })
  async byCase(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    const header = await this.queries.byCase(caseId);
    if (!header) throw notFound(`No verification for case ${caseId}.`);
    assertJurisdiction(actor, header.jurisdiction, 'caseId');
    logAuditorRead(actor, 'verification', { caseId });
    return this.queries.view(header.verificationId);
  }

  @Get('verifications/:verificationId')
  @CaseRead((p) => verificationStreamId(p.verificationId))
  @Roles(...READER_ROLES)
  @ApiOperation({ summary: 'A verification with what is still outstanding' })
  @ApiOkResponse({ description: 'The verification' })
  async view(@Param('verificationId', new ParseUUIDPipe()) verificationId: string, @CurrentActor() actor: Actor) {
    await verificationFor(this.queries, verificationId, actor);
    logAuditorRead(actor, 'verification', { verificationId });
    return this.queries.view(verificationId);
  }

  @Get('verifications/:verificationId/reports/:version')
  @CaseRead((p) => verificationStreamId(p.verificationId))
  @Roles(...READER_ROLES)
  @ApiOperation({
    summary: 'One version of the verification report (核对报告)',
    description: 'Every version stays readable; `current` tells whether it is the latest. `report` is the report as published in HouseholdVerified.',
  })
  @ApiOkResponse({ description: 'The report version' })
  @ApiNotFoundResponse({ description: 'No such version' })
  async report(
    @Param('verificationId', new ParseUUIDPipe()) verificationId: string,
    @Param('version', new ParseIntPipe()) version: number,
    @CurrentActor() actor: Actor,
  ) {
    await verificationFor(this.queries, verificationId, actor);
    const report = await this.queries.report(verificationId, version);
    if (!report) throw notFound(`Verification ${verificationId} has no report version ${version}.`);
    logAuditorRead(actor, 'verification report', { verificationId, version });
    return report;
  }
}
