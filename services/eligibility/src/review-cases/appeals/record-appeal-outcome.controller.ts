import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { randomUUID } from 'node:crypto';
import { reviewCaseStreamId } from '../../domain';
import { CaseCommandGateway } from '../shared/case-command-gateway';
import { CaseCommandResponseView } from '../shared/dto';
import { RecordAppealOutcomeDto } from './appeals.dto';

@ApiTags('review cases: appeals')
@Controller('review-cases')
export class RecordAppealOutcomeController {
  constructor(private readonly gateway: CaseCommandGateway) {}

  /**
   * The review body's / court's outcome. REVOKED / CHANGED carry the new decision: a BenefitChangeDecided
   * linked to the appeal under the policy in force today (county_approver), published as BenefitChanged; on a
   * refusal, the approval the body orders (CaseApproved from the month after the refusal, AssistanceGranted v2).
   */
  @Post(':caseId/appeals/:appealId/outcome')
  @CommandRoute({ stream: (p) => reviewCaseStreamId(p.caseId) })
  @Roles('county_approver', 'street_officer')
  @ApiCreatedResponse({ type: CaseCommandResponseView })
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('appealId', new ParseUUIDPipe()) appealId: string,
    @Body() dto: RecordAppealOutcomeDto,
    @CurrentActor() actor: Actor,
  ) {
    const newDecisionId = dto.newDecision ? randomUUID() : null;
    const out = await this.gateway.execute(
      { caseId, actor },
      {
        needsPolicy: dto.newDecision !== undefined,
        reason: dto.reason,
        evidenceRefs: [dto.documentRef, ...(dto.evidenceRefs ?? [])],
        build: ({ policy }) => ({
          type: 'RecordAppealOutcome',
          data: {
            appealId,
            outcome: dto.outcome,
            documentRef: dto.documentRef,
            documentDate: dto.documentDate,
            reason: dto.reason,
            evidenceRefs: dto.evidenceRefs ?? [],
            newDecision: dto.newDecision
              ? {
                  decisionId: newDecisionId!,
                  effectiveFrom: dto.newDecision.effectiveFrom ?? '',
                  eligible: dto.newDecision.eligible,
                  monthlyAmountFen: dto.newDecision.monthlyAmountFen ?? null,
                  recipient: dto.newDecision.recipient ?? null,
                }
              : null,
            policy,
          },
        }),
      },
    );
    // A change of the benefit (BenefitChangeDecided), or the approval a revoked refusal becomes (CaseApproved).
    const decided = out.events.find((e) => e.type === 'BenefitChangeDecided' || e.type === 'CaseApproved');
    return {
      ...out.response,
      appealId,
      appeal: (out.state.appeals ?? []).find((a) => a.appealId === appealId) ?? null,
      newDecision: decided ? decided.data : null,
    };
  }
}
