import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { randomUUID } from 'node:crypto';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import { toChange } from '../shared/dto';
import type { ReportChangeDto } from './report-change.dto';

export class ReportChangeCommand {
  constructor(
    readonly caseId: string,
    readonly dto: ReportChangeDto,
    readonly actor: Actor,
  ) {}
}

/** 家庭情况变化报告 / 数据预警: record the change; an ad-hoc review opens when none is open. */
@CommandHandler(ReportChangeCommand)
export class ReportChangeHandler implements ICommandHandler<ReportChangeCommand> {
  constructor(private readonly commands: FollowUpPipelines) {}

  async execute({ caseId, dto, actor }: ReportChangeCommand) {
    await this.commands.caseFor(actor, caseId);
    const reportId = this.commands.newId();
    const result = await this.commands.followUp.handle(caseId, {
      type: 'ReportChange',
      data: { reportId, reviewId: randomUUID(), source: dto.source, changes: dto.changes.map(toChange), ...(dto.changedOn ? { changedOn: dto.changedOn } : {}) },
    });
    return { caseId, reportId, reviewId: result.state.openReview?.reviewId };
  }
}
