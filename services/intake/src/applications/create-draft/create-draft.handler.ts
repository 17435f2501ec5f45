import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { currentCommandScope, uuidV5 } from '@sa/eventstore';
import { randomUUID } from 'node:crypto';
import { CaseNumberAllocator } from '../../case-numbers/case-number-allocator';
import { IntakePipelines, asHttpError, officerRef } from '../../commands/intake-pipelines';
import {
  applicationDecider,
  districtOf,
  IntakeRuleError,
  leadDecider,
  type ApplicationCommandBody,
  type EarlierCase,
  type LeadCommandBody,
} from '../../domain';
import { INTAKE_ID_NAMESPACE, toApplicationForm } from '../../http/to-application-form';
import { type ApplicationSummaryView, summaryOf } from '../shared/application-view';
import { EarlierCases } from '../shared/earlier-cases';
import { HouseholdReservation } from '../shared/household-reservation';
import type { CreateApplicationDto } from './create-draft.dto';

export class CreateDraftCommand {
  constructor(
    readonly dto: CreateApplicationDto,
    readonly actor: Actor,
  ) {}
}

/**
 * Records a draft: validate → reserve the household's members (409 if one is in another open
 * application) → allocate the case number (idempotent per case id) → append `ApplicationDrafted`.
 * From a lead: the lead's reserved case id is used and the lead is marked converted.
 */
@CommandHandler(CreateDraftCommand)
export class CreateDraftHandler implements ICommandHandler<CreateDraftCommand, ApplicationSummaryView> {
  constructor(
    private readonly pipelines: IntakePipelines,
    private readonly reservation: HouseholdReservation,
    private readonly caseNumbers: CaseNumberAllocator,
    private readonly earlierCases: EarlierCases,
  ) {}

  async execute({ dto, actor }: CreateDraftCommand): Promise<ApplicationSummaryView> {
    const time = this.pipelines.time();
    const officer = officerRef(actor);

    const lead = dto.leadId ? await this.pipelines.lead.aggregate(dto.leadId) : undefined;
    if (dto.leadId && lead?.state.status === 'NONE') {
      throw new IntakeRuleError('lead_not_found', 'There is no such lead', [{ field: 'leadId', message: 'no lead has this id' }]);
    }
    const caseId = (dto.caseId ?? lead?.state.caseId ?? randomUUID()).toLowerCase();
    const form = toApplicationForm(dto, caseId, officer, dto.leadId);
    const district = districtOf(form.jurisdiction);
    const year = Number(time.today.slice(0, 4));

    const draft = (caseNumber: string, earlierCase?: EarlierCase): ApplicationCommandBody => ({
      type: 'CreateDraft',
      data: {
        caseId,
        caseNumber,
        form,
        ...(earlierCase ? { earlierCase } : {}),
      },
    });
    const convert = (caseNumber: string): LeadCommandBody => ({
      type: 'ConvertLeadToApplication',
      data: {
        caseId,
        caseNumber,
        applicationJurisdiction: form.jurisdiction,
      },
    });
    // Every rule first, before anything is reserved or allocated: bad input leaves no trace.
    const existing = await this.pipelines.application.aggregate(caseId);
    if (existing.state.status === 'NONE') {
      try {
        applicationDecider.decide(this.pipelines.application.command(draft(`${district}-${year}-000000`), officer, time.now), existing.state);
        if (lead && dto.leadId) leadDecider.decide(this.pipelines.lead.command(convert(`${district}-${year}-000000`), officer, time.now), lead.state);
      } catch (e) {
        throw asHttpError(e);
      }
    }

    const reserved = await this.reservation.reserve(caseId, form, time.today);
    // After the reservation: a member of a closed case is free only once the closure is projected.
    const earlierCase = await this.earlierCases.latestFor(reserved, caseId);
    const caseNumber = await this.caseNumbers.allocate(caseId, district, year);
    // Without an Idempotency-Key the draft's command id derives from the case id (a retried draft of one case is one draft).
    const scope = currentCommandScope();
    const commandId = scope?.keyed ? scope.commandId : uuidV5(`${caseId}/draft`, INTAKE_ID_NAMESPACE);
    const result = await this.pipelines.application.handle(caseId, draft(caseNumber, earlierCase), { actor: officer, now: time.now, commandId });
    if (dto.leadId && lead) {
      await this.pipelines.lead.handle(dto.leadId, convert(caseNumber), {
        actor: officer,
        now: time.now,
        commandId: uuidV5(`${caseId}/convert-lead/${dto.leadId}`, INTAKE_ID_NAMESPACE),
        correlationId: lead.state.caseId ?? caseId,
      });
    }
    return summaryOf(result.state);
  }
}
