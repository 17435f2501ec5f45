import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { ApplicationCommands } from '../shared/application-commands';
import { type ApplicationSummaryView, summaryOf } from '../shared/application-view';
import { HouseholdReservation } from '../shared/household-reservation';
import type { RejectApplicationDto } from './reject-application.dto';

export class RejectApplicationCommand {
  constructor(
    readonly caseId: string,
    readonly dto: RejectApplicationDto,
    readonly actor: Actor,
  ) {}
}

/** 不予受理 with its ground and written reason; the household's reservations are released. */
@CommandHandler(RejectApplicationCommand)
export class RejectApplicationHandler implements ICommandHandler<RejectApplicationCommand, ApplicationSummaryView> {
  constructor(
    private readonly applications: ApplicationCommands,
    private readonly reservation: HouseholdReservation,
  ) {}

  async execute({ caseId, dto, actor }: RejectApplicationCommand): Promise<ApplicationSummaryView> {
    const result = await this.applications.execute({
      caseId,
      actor,
      reason: dto.reason,
      evidenceRefs: dto.evidenceRefs,
      build: () => ({
        type: 'RejectApplicationAtIntake',
        data: {
          ground: dto.ground,
          reason: dto.reason,
          ...(dto.otherCaseNumber ? { otherCaseNumber: dto.otherCaseNumber } : {}),
          evidenceRefs: dto.evidenceRefs ?? [],
        },
      }),
    });
    if (result.state.status === 'REJECTED') await this.reservation.releaseAll(caseId);
    return summaryOf(result.state);
  }
}
