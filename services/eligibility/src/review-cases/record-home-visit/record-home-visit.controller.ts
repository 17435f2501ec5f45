import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { randomUUID } from 'node:crypto';
import { CaseCommandGateway } from '../shared/case-command-gateway';
import { CaseCommandResponseView } from '../shared/dto';
import { RecordHomeVisitDto } from './record-home-visit.dto';

@ApiTags('review cases: investigation')
@Controller('review-cases')
export class RecordHomeVisitController {
  constructor(private readonly gateway: CaseCommandGateway) {}

  /** Records a home visit (入户调查). County officers record the county's own visit in a conflict-of-interest case. */
  @Post(':caseId/home-visits')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('street_officer', 'community_officer', 'county_approver')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() dto: RecordHomeVisitDto,
    @CurrentActor() actor: Actor,
  ) {
    const visitId = randomUUID();
    const out = await this.gateway.execute(
      { caseId, actor },
      {
        build: () => ({
          type: 'RecordHomeVisit',
          data: {
            visitId,
            visitedOn: dto.visitedOn,
            officers: dto.officers,
            findings: dto.findings,
            signatureRefs: dto.signatureRefs,
            householdSignatureRef: dto.householdSignatureRef ?? null,
            evidenceRefs: dto.evidenceRefs ?? [],
          },
        }),
      },
    );
    return { ...out.response, visitId };
  }
}
