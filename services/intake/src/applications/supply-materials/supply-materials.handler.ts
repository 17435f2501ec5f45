import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { toConsent, toDeclaration } from '../../http/to-application-form';
import { ApplicationCommands } from '../shared/application-commands';
import { type ApplicationSummaryView, summaryOf } from '../shared/application-view';
import type { SupplyMaterialsDto } from './supply-materials.dto';

export class SupplyMaterialsCommand {
  constructor(
    readonly caseId: string,
    readonly dto: SupplyMaterialsDto,
    readonly actor: Actor,
  ) {}
}

/** Records materials supplied against the notice; the application is complete when nothing is outstanding. */
@CommandHandler(SupplyMaterialsCommand)
export class SupplyMaterialsHandler implements ICommandHandler<SupplyMaterialsCommand, ApplicationSummaryView> {
  constructor(private readonly applications: ApplicationCommands) {}

  async execute({ caseId, dto, actor }: SupplyMaterialsCommand): Promise<ApplicationSummaryView> {
    const result = await this.applications.execute({
      caseId,
      actor,
      build: () => ({
        type: 'SupplyMaterials',
        data: {
          documents: (dto.documents ?? []).map((d) => ({ itemKey: d.itemKey, documentRef: d.documentRef })),
          consents: (dto.consents ?? []).map((c) => toConsent(caseId, c)),
          ...(dto.declaration ? { declaration: toDeclaration(dto.declaration) } : {}),
        },
      }),
    });
    return summaryOf(result.state);
  }
}
