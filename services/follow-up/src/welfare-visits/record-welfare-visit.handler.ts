import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { FollowUpPipelines } from '../commands/follow-up-pipelines';
import { welfareVisitStatus } from '../domain';
import type { RecordWelfareVisitDto } from './welfare-visits.dto';

export class RecordWelfareVisitCommand {
  constructor(
    readonly caseId: string,
    readonly dto: RecordWelfareVisitDto,
    readonly actor: Actor,
  ) {}
}

/** 探访记录: the officer who visited is the caller; answers when the next visit is due. */
@CommandHandler(RecordWelfareVisitCommand)
export class RecordWelfareVisitHandler implements ICommandHandler<RecordWelfareVisitCommand> {
  constructor(private readonly commands: FollowUpPipelines) {}

  async execute({ caseId, dto, actor }: RecordWelfareVisitCommand) {
    await this.commands.caseFor(actor, caseId);
    const visitId = this.commands.newId();
    const { now, today } = this.commands.time();
    const result = await this.commands.followUp.handle(caseId, {
      type: 'RecordWelfareVisit',
      data: { visitId, visitedOn: dto.visitedOn, note: dto.note, concerns: dto.concerns ?? [] },
    }, { now });
    const st = result.state;
    return { caseId, visitId, nextDueOn: st.welfarePlan ? welfareVisitStatus(st.welfarePlan, st.lastWelfareVisitOn, today).nextDueOn : undefined };
  }
}
