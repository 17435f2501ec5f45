import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { ApplicationCommands } from '../shared/application-commands';
import { type ApplicationSummaryView, summaryOf } from '../shared/application-view';
import type { RequestMaterialsDto } from './request-materials.dto';

export class RequestMaterialsCommand {
  constructor(
    readonly caseId: string,
    readonly dto: RequestMaterialsDto,
    readonly actor: Actor,
  ) {}
}

/** The one-time notice for a submitted application the system found complete; refused once a notice was issued. */
@CommandHandler(RequestMaterialsCommand)
export class RequestMaterialsHandler implements ICommandHandler<RequestMaterialsCommand, ApplicationSummaryView> {
  constructor(private readonly applications: ApplicationCommands) {}

  async execute({ caseId, dto, actor }: RequestMaterialsCommand): Promise<ApplicationSummaryView> {
    const result = await this.applications.execute({
      caseId,
      actor,
      reason: dto.reason,
      build: () => ({ type: 'RequestMaterials', data: { items: dto.items, reason: dto.reason } }),
    });
    return summaryOf(result.state);
  }
}
