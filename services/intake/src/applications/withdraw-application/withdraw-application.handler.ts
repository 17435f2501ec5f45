import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { ApplicationCommands } from '../shared/application-commands';
import { type ApplicationSummaryView, summaryOf } from '../shared/application-view';
import { HouseholdReservation } from '../shared/household-reservation';
import type { WithdrawApplicationDto } from './withdraw-application.dto';

export class WithdrawApplicationCommand {
  constructor(
    readonly caseId: string,
    readonly dto: WithdrawApplicationDto,
    readonly actor: Actor,
  ) {}
}

/** Withdrawal at the applicant's (or proxy's) request; the household's reservations are released. */
@CommandHandler(WithdrawApplicationCommand)
export class WithdrawApplicationHandler implements ICommandHandler<WithdrawApplicationCommand, ApplicationSummaryView> {
  constructor(
    private readonly applications: ApplicationCommands,
    private readonly reservation: HouseholdReservation,
  ) {}

  async execute({ caseId, dto, actor }: WithdrawApplicationCommand): Promise<ApplicationSummaryView> {
    const result = await this.applications.execute({
      caseId,
      actor,
      // the withdrawal reason (a code) as the metadata's reason: the household's note is free text, sealed in the
      // event's data while the metadata is stored in clear (issue 18)
      reason: dto.reason,
      evidenceRefs: dto.documentRef ? [dto.documentRef] : [],
      build: () => ({
        type: 'WithdrawApplication',
        data: {
          reason: dto.reason,
          ...(dto.note ? { note: dto.note } : {}),
          requestedBy: dto.requestedBy,
          ...(dto.documentRef ? { documentRef: dto.documentRef } : {}),
        },
      }),
    });
    if (result.state.status === 'WITHDRAWN') await this.reservation.releaseAll(caseId);
    return summaryOf(result.state);
  }
}
