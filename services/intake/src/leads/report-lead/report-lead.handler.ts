import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { uuidV5 } from '@sa/eventstore';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '@sa/platform';
import { WORKING_DAY_CALENDAR, type WorkingDays } from '@sa/time';
import type { IntakeConfig } from '../../config';
import { normaliseResidentId } from '../../domain';
import { INTAKE_ID_NAMESPACE } from '../../http/to-application-form';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';
import { ResidentReservations } from '../../reservations/resident-reservations';
import { LeadCommands, leadSummary } from '../shared/lead-commands';
import { leadDueOn } from '../shared/lead-due-dates';
import type { ReportLeadDto } from './report-lead.dto';

export class ReportLeadCommand {
  constructor(
    readonly dto: ReportLeadDto,
    readonly actor: Actor,
  ) {}
}

/**
 * 主动发现: records a hardship lead. The outcome is due a configured number of working days later
 * (holidays and make-up working days per the national calendar). A lead about someone already in an
 * open application is tied to that case; otherwise a case id is reserved for the application to come.
 */
@CommandHandler(ReportLeadCommand)
export class ReportLeadHandler implements ICommandHandler<ReportLeadCommand> {
  constructor(
    private readonly leads: LeadCommands,
    private readonly reservations: ResidentReservations,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
    // The managed national calendar (`knows` a year): a due date through a missing year is marked provisional.
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDays & { knows?: (year: number) => boolean },
  ) {}

  async execute({ dto, actor }: ReportLeadCommand) {
    const leadId = (dto.leadId ?? randomUUID()).toLowerCase();
    const holder = dto.subject.residentId ? await this.reservations.holderOf(this.hasher.hash(dto.subject.residentId)) : undefined;
    const existingCase = holder?.caseNumber ? { caseId: holder.caseId, caseNumber: holder.caseNumber } : undefined;
    const reservedCaseId = uuidV5(`${leadId}/case`, INTAKE_ID_NAMESPACE);
    const result = await this.leads.execute({
      leadId,
      actor,
      commandId: uuidV5(`${leadId}/report`, INTAKE_ID_NAMESPACE),
      correlationId: existingCase?.caseId ?? reservedCaseId,
      build: ({ time }) => ({
        type: 'ReportLead',
        data: {
          leadId,
          reservedCaseId,
          ...(existingCase ? { existingCase } : {}),
          source: dto.source,
          ...(dto.sourceRef ? { sourceRef: dto.sourceRef } : {}),
          jurisdiction: dto.jurisdiction,
          subject: {
          name: dto.subject.name,
          address: dto.subject.address,
          ...(dto.subject.residentId ? { residentId: normaliseResidentId(dto.subject.residentId) } : {}),
          ...(dto.subject.phone ? { phone: dto.subject.phone } : {}),
        },
          ...(dto.reporter ? { reporter: { ...dto.reporter } } : {}),
          hardships: dto.hardships,
          urgency: dto.urgency,
          ...(dto.suggestedProgram ? { suggestedProgram: dto.suggestedProgram } : {}),
          description: dto.description,
          ...leadDueOn(this.calendar, time.today, this.config.INTAKE_LEAD_DUE_WORKING_DAYS),
        },
      }),
    });
    return leadSummary(result.state);
  }
}
