import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { asHttpError, IntakeCommands, officerRef } from '../../commands/intake-commands';
import { applicationDecider, applicationStreamId } from '../../domain';
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
    readonly idempotencyKey?: string,
  ) {}
}

/** Replaces the draft's form; members added are reserved first (409 if in another open application), members removed are released. */
@CommandHandler(ReviseDraftCommand)
export class ReviseDraftHandler implements ICommandHandler<ReviseDraftCommand, ApplicationSummaryView> {
  constructor(
    private readonly commands: IntakeCommands,
    private readonly applications: ApplicationCommands,
    private readonly reservation: HouseholdReservation,
  ) {}

  async execute({ caseId, dto, actor, idempotencyKey }: ReviseDraftCommand): Promise<ApplicationSummaryView> {
    const time = this.commands.time();
    const officer = officerRef(actor);
    const form = toApplicationForm(dto, caseId, officer, undefined);
    const { state } = await this.commands.load(applicationStreamId(caseId), applicationDecider);
    const revised = { ...form, ...(state.form?.leadId ? { leadId: state.form.leadId } : {}) };
    try {
      applicationDecider.decide({ type: 'ReviseDraft', form: revised, actor: officer, now: time.now }, state);
    } catch (e) {
      throw asHttpError(e);
    }
    const kept = await this.reservation.reserve(caseId, revised, time.today);
    const result = await this.applications.execute({
      caseId,
      actor,
      idempotencyKey,
      build: ({ officer: o, time: t }) => ({ type: 'ReviseDraft', form: revised, actor: o, now: t.now }),
    });
    await this.reservation.releaseOthers(caseId, kept);
    return summaryOf(result.state);
  }
}
