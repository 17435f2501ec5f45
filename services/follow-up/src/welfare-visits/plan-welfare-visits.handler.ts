import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { InjectConfig } from '@sa/platform';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import type { FollowUpConfig } from '../config';
import { addDays, visitIntervalDays } from '../domain';
import type { PlanWelfareVisitsDto } from './welfare-visits.dto';

export class PlanWelfareVisitsCommand {
  constructor(
    readonly caseId: string,
    readonly dto: PlanWelfareVisitsDto,
    readonly actor: Actor,
  ) {}
}

/** 探访计划: regular visits at the policy frequency of the recipient's vulnerabilities (the most frequent applies). */
@CommandHandler(PlanWelfareVisitsCommand)
export class PlanWelfareVisitsHandler implements ICommandHandler<PlanWelfareVisitsCommand> {
  constructor(
    private readonly commands: FollowUpPipelines,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  async execute({ caseId, dto, actor }: PlanWelfareVisitsCommand) {
    await this.commands.caseFor(actor, caseId);
    const { now, today } = this.commands.time();
    const intervalDays =
      dto.intervalDays ??
      visitIntervalDays(dto.vulnerabilities, {
        ELDERLY_LIVING_ALONE: this.config.FOLLOW_UP_VISIT_DAYS_ELDERLY_LIVING_ALONE,
        SEVERE_DISABILITY: this.config.FOLLOW_UP_VISIT_DAYS_SEVERE_DISABILITY,
        CHILD_IN_DIFFICULTY: this.config.FOLLOW_UP_VISIT_DAYS_CHILD_IN_DIFFICULTY,
      });
    const firstDueOn = dto.firstDueOn ?? addDays(today, intervalDays);
    await this.commands.followUp.handle(caseId, { type: 'PlanWelfareVisits', data: { vulnerabilities: dto.vulnerabilities, intervalDays, firstDueOn } }, { now });
    return { caseId, intervalDays, firstDueOn };
  }
}
