import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { normaliseResidentId } from '../../domain';
import { OfficerRelativesCommands } from '../officer-relatives-commands';
import type { WithdrawCloseRelativeDto } from './withdraw-close-relative.dto';

export class WithdrawCloseRelativeCommand {
  constructor(
    readonly dto: WithdrawCloseRelativeDto,
    readonly actor: Actor,
  ) {}
}

@CommandHandler(WithdrawCloseRelativeCommand)
export class WithdrawCloseRelativeHandler implements ICommandHandler<WithdrawCloseRelativeCommand> {
  constructor(private readonly relatives: OfficerRelativesCommands) {}

  execute({ dto, actor }: WithdrawCloseRelativeCommand) {
    return this.relatives.execute(actor, () => ({
      type: 'WithdrawCloseRelative',
      data: {
        relativeResidentId: normaliseResidentId(dto.relativeResidentId),
        reason: dto.reason,
      },
    }));
  }
}
