import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { CommandRoute } from '@sa/platform';
import { reviewCaseStreamId } from '../../domain';
import { CaseCommandResponseView } from '../shared/dto';
import { RecordAppealOutcomeDto } from './appeals.dto';
import { RecordAppealOutcomeCommand } from './record-appeal-outcome.handler';

@ApiTags('review cases: appeals')
@Controller('review-cases')
export class RecordAppealOutcomeController {
  constructor(private readonly commandBus: CommandBus) {}

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
    return this.commandBus.execute(new RecordAppealOutcomeCommand(caseId, appealId, dto, actor));
  }
}
