import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { VerificationPipeline } from '../commands/verification-pipeline';
import type { SourceRecord } from '../domain';
import { verificationFor } from '../read-models/verification-access';
import { VerificationQueries } from '../read-models/verification-queries';
import type { CompleteManualTaskDto } from './manual-tasks.dto';

export class CompleteManualTaskCommand {
  constructor(
    readonly verificationId: string,
    readonly taskId: string,
    readonly dto: CompleteManualTaskDto,
    readonly actor: Actor,
  ) {}
}

/** 信函索证: an officer enters the figures a document established (or that they could not be obtained). */
@CommandHandler(CompleteManualTaskCommand)
export class CompleteManualTaskHandler implements ICommandHandler<CompleteManualTaskCommand> {
  constructor(
    private readonly queries: VerificationQueries,
    private readonly pipeline: VerificationPipeline,
  ) {}

  async execute({ verificationId, taskId, dto, actor }: CompleteManualTaskCommand) {
    const header = await verificationFor(this.queries, verificationId, actor);
    const result = await this.pipeline.handle(
      verificationId,
      {
        type: 'CompleteManualTask',
        data: {
          taskId,
          outcome: dto.outcome,
          records: dto.records as unknown as SourceRecord[],
          documentRef: dto.documentRef,
          ...(dto.note ? { note: dto.note } : {}),
        },
      },
      header.caseId,
      { actor, evidenceRefs: [dto.documentRef] },
    );
    const report = result.events.find((e) => e.type === 'VerificationReportCompleted');
    return {
      taskId,
      status: result.state.tasks[taskId]?.status ?? 'COMPLETED',
      ...(report && report.type === 'VerificationReportCompleted' ? { reportVersion: report.data.reportVersion } : {}),
    };
  }
}
