import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { normaliseResidentId } from '../../domain';
import { OfficerRelativesCommands } from '../officer-relatives-commands';
import type { DeclareCloseRelativeDto } from './declare-close-relative.dto';

export class DeclareCloseRelativeCommand {
  constructor(
    readonly dto: DeclareCloseRelativeDto,
    readonly actor: Actor,
  ) {}
}

/** 近亲属备案: an officer declares a close relative; applications with that person are flagged. */
@CommandHandler(DeclareCloseRelativeCommand)
export class DeclareCloseRelativeHandler implements ICommandHandler<DeclareCloseRelativeCommand> {
  constructor(private readonly relatives: OfficerRelativesCommands) {}

  execute({ dto, actor }: DeclareCloseRelativeCommand) {
    return this.relatives.execute(actor, () => ({
      type: 'DeclareCloseRelative',
      data: {
        officerName: dto.officerName,
        officialRole: dto.officialRole,
        relativeResidentId: normaliseResidentId(dto.relativeResidentId),
        relativeName: dto.relativeName,
        relation: dto.relation,
      },
    }));
  }
}
