import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { asHttpError, IntakePipelines, officerRef } from '../../commands/intake-pipelines';
import { applicationDecider } from '../../domain';
import type { ApplicationFormDto } from '../../http/application-form.dto';
import { toApplicationForm } from '../../http/to-application-form';
import { ApplicationCommands } from '../shared/application-commands';
import { type ApplicationSummaryView, summaryOf } from '../shared/application-view';
import { HouseholdReservation } from '../shared/household-reservation';

export class ReviseDraftCommand {
  constructor(
    readonly caseId: string,
    readonly dto: ApplicationFormDto,
    readonly actor: Actor,
  ) {}
}

/** Replaces the draft's form; members added are reserved first (409 if in another open application), members removed are released. */
@CommandHandler(ReviseDraftCommand)
export class ReviseDraftHandler implements ICommandHandler<ReviseDraftCommand, ApplicationSummaryView> {
  constructor(
    private readonly pipelines: IntakePipelines,
    private readonly applications: ApplicationCommands,
    private readonly reservation: HouseholdReservation,
  ) {}

  async execute({ caseId, dto, actor }: ReviseDraftCommand): Promise<ApplicationSummaryView> {
    const time = this.pipelines.time();
    const officer = officerRef(actor);
    const form = toApplicationForm(dto, caseId, officer, undefined);
    const { state } = await this.pipelines.application.aggregate(caseId);
    const revised = { ...form, ...(state.form?.leadId ? { leadId: state.form.leadId } : {}) };
    try {
      applicationDecider.decide(this.pipelines.application.command({ type: 'ReviseDraft', data: { form: revised } }, officer, time.now), state);
    } catch (e) {
      throw asHttpError(e);
    }
    const kept = await this.reservation.reserve(caseId, revised, time.today);
    const result = await this.applications.execute({
      caseId,
      actor,
      build: () => ({ type: 'ReviseDraft', data: { form: revised } }),
    });
    await this.reservation.releaseOthers(caseId, kept);
    return summaryOf(result.state);
  }
}
