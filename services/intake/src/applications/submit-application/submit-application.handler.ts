import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { ApplicationCommands } from '../shared/application-commands';
import { type ApplicationSummaryView, summaryOf } from '../shared/application-view';
import { DeclaredRelatives } from '../shared/declared-relatives';
import { HouseholdReservation } from '../shared/household-reservation';
import type { SubmitApplicationDto } from './submit-application.dto';

export class SubmitApplicationCommand {
  constructor(
    readonly caseId: string,
    readonly dto: SubmitApplicationDto,
    readonly actor: Actor,
  ) {}
}

/**
 * Submits the application: the household is assessed on the application date, officers' declared
 * close relatives flag a conflict of interest, and when anything is missing the one notice listing
 * every missing item is issued. Grounds for rejection at intake reject it at once (reservations released).
 */
@CommandHandler(SubmitApplicationCommand)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplicationCommand, ApplicationSummaryView> {
  constructor(
    private readonly applications: ApplicationCommands,
    private readonly relatives: DeclaredRelatives,
    private readonly reservation: HouseholdReservation,
  ) {}

  async execute({ caseId, dto, actor }: SubmitApplicationCommand): Promise<ApplicationSummaryView> {
    const result = await this.applications.execute({
      caseId,
      actor,
      build: async ({ state }) => ({
        type: 'SubmitApplication',
        data: {
          additionalMissingItems: dto.additionalMissingItems ?? [],
          declaredRelatives: state.form ? await this.relatives.among(state.form.household.members) : [],
        },
      }),
    });
    if (result.state.status === 'REJECTED') await this.reservation.releaseAll(caseId);
    return summaryOf(result.state);
  }
}
