import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { APP_CONFIG } from '@sa/platform';
import { randomUUID } from 'node:crypto';
import { VerificationPipeline } from '../commands/verification-pipeline';
import { manualTaskDue } from '../commands/settings';
import type { VerificationConfig } from '../config';
import { verificationFor } from '../read-models/verification-access';
import { VerificationQueries } from '../read-models/verification-queries';
import type { FileObjectionDto } from './file-objection.dto';

export class FileObjectionCommand {
  constructor(
    readonly verificationId: string,
    readonly dto: FileObjectionDto,
    readonly actor: Actor,
  ) {}
}

/** 异议: the household objects to the current report with evidence; the objected pairs are re-checked. */
@CommandHandler(FileObjectionCommand)
export class FileObjectionHandler implements ICommandHandler<FileObjectionCommand> {
  constructor(
    private readonly queries: VerificationQueries,
    private readonly pipeline: VerificationPipeline,
    @Inject(APP_CONFIG) private readonly config: VerificationConfig,
  ) {}

  async execute({ verificationId, dto, actor }: FileObjectionCommand) {
    const header = await verificationFor(this.queries, verificationId, actor);
    const objectionId = dto.objectionId ?? randomUUID();
    const now = this.pipeline.now();
    const result = await this.pipeline.handle(
      verificationId,
      {
        type: 'FileObjection',
        data: {
          objectionId,
          reportVersion: dto.reportVersion,
          items: dto.items.map((i) => ({ memberId: i.memberId, source: i.source, ...(i.kind ? { kind: i.kind } : {}), ...(i.note ? { note: i.note } : {}) })),
          reason: dto.reason,
          evidenceRefs: dto.evidenceRefs,
          ...(dto.raisedOn ? { raisedOn: dto.raisedOn } : {}),
          ...manualTaskDue(this.config, now),
        },
      },
      header.caseId,
      { actor, reason: dto.reason, evidenceRefs: dto.evidenceRefs, now },
    );
    const objection = result.state.objections[objectionId];
    return { objectionId, status: objection?.status === 'OPEN' ? 'RECHECKING' : (objection?.status ?? 'RECHECKING'), round: objection?.round };
  }
}
