import { Body, Controller, Headers, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CaseCommandGateway } from '../shared/case-command-gateway';
import { CaseCommandResponseView } from '../shared/dto';
import { IDEMPOTENCY_KEY, IF_MATCH, withEtag } from '../shared/http';
import { RecordHomeVisitDto } from './record-home-visit.dto';

@ApiTags('review cases: investigation')
@Controller('review-cases')
export class RecordHomeVisitController {
  constructor(private readonly gateway: CaseCommandGateway) {}

  /** Records a home visit (入户调查). County officers record the county's own visit in a conflict-of-interest case. */
  @Post(':caseId/home-visits')
  @Roles('street_officer', 'community_officer', 'county_approver')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RecordHomeVisitDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
    @Headers(IDEMPOTENCY_KEY) idempotencyKey?: string,
    @Headers(IF_MATCH) ifMatch?: string,
  ) {
    const visitId = randomUUID();
    const out = await this.gateway.execute(
      { caseId, actor, idempotencyKey, ifMatch },
      {
        build: ({ actor: by, today }) => ({
          type: 'RecordHomeVisit',
          data: {
            visitId,
            visitedOn: dto.visitedOn,
            officers: dto.officers,
            findings: dto.findings,
            signatureRefs: dto.signatureRefs,
            householdSignatureRef: dto.householdSignatureRef ?? null,
            evidenceRefs: dto.evidenceRefs ?? [],
            actor: by,
            on: today,
          },
        }),
      },
    );
    return withEtag(res, { ...out.response, visitId });
  }
}
