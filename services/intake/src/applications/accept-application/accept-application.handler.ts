import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { ApplicationCommands } from '../shared/application-commands';
import { type ApplicationSummaryView, summaryOf } from '../shared/application-view';
import { DeclaredRelatives } from '../shared/declared-relatives';

export class AcceptApplicationCommand {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/** 受理: accepts a complete application with every required consent; the acceptance date starts the decision clock. */
@CommandHandler(AcceptApplicationCommand)
export class AcceptApplicationHandler implements ICommandHandler<AcceptApplicationCommand, ApplicationSummaryView> {
  constructor(
    private readonly applications: ApplicationCommands,
    private readonly relatives: DeclaredRelatives,
  ) {}

  async execute({ caseId, actor }: AcceptApplicationCommand): Promise<ApplicationSummaryView> {
    const result = await this.applications.execute({
      caseId,
      actor,
      reason: '申请材料齐全，符合受理条件，予以受理',
      build: async ({ state }) => ({
        type: 'AcceptApplication',
        data: {
          declaredRelatives: state.form ? await this.relatives.among(state.form.household.members) : [],
        },
      }),
    });
    return summaryOf(result.state);
  }
}
