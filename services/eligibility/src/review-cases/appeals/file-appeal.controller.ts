import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { randomUUID } from 'node:crypto';
import { reviewCaseStreamId } from '../../domain';
import { CaseCommandGateway } from '../shared/case-command-gateway';
import { CaseCommandResponseView } from '../shared/dto';
import { FileAppealDto } from './appeals.dto';

@ApiTags('review cases: appeals')
@Controller('review-cases')
export class FileAppealController {
  constructor(private readonly gateway: CaseCommandGateway) {}

  /** 行政复议 / 行政诉讼 filed by the household: refused when late (the limit named) unless a legal reason for the delay is recorded. */
  @Post(':caseId/appeals')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('county_approver', 'street_officer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async file(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() dto: FileAppealDto, @CurrentActor() actor: Actor) {
    const appealId = dto.appealId ?? randomUUID();
    const out = await this.gateway.execute(
      { caseId, actor },
      {
        reason: dto.reason,
        evidenceRefs: dto.evidenceRefs ?? [],
        build: () => ({
          type: 'FileAppeal',
          data: {
            appealId,
            kind: dto.kind,
            contestedDecisionId: dto.contestedDecisionId,
            filedOn: dto.filedOn,
            noticeReceivedOn: dto.noticeReceivedOn,
            reason: dto.reason,
            evidenceRefs: dto.evidenceRefs ?? [],
            lateFilingReason: dto.lateFilingReason ?? null,
          },
        }),
      },
    );
    return { ...out.response, appealId, appeal: (out.state.appeals ?? []).find((a) => a.appealId === appealId) ?? null };
  }
}
