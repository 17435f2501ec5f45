import { Inject, Injectable, Logger } from '@nestjs/common';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import type { VerificationConfig } from '../config';
import type { QueryFailure, VerificationCommandBody } from '../domain';
import { VERIFICATION_MIGRATED, VERIFICATION_SCHEMA } from '../read-models/verification-database';
import { platformActor, VerificationPipeline } from '../commands/verification-pipeline';
import { queryFailure } from '../commands/settings';
import type { PlatformAnswer } from '../platform/platform.port';

/** A submission as the read model knows it: which verification and query it belongs to. */
export interface KnownSubmission {
  submissionId: string;
  verificationId: string;
  requestId: string;
  attempt: number;
  source: string;
  caseId: string;
  jurisdiction: string;
}

export type RecordOutcome = 'recorded' | 'duplicate' | 'ignored';

const FAILURE_OF: Partial<Record<PlatformAnswer['status'], QueryFailure>> = {
  NOT_FOUND: 'MEMBER_NOT_FOUND',
  NOT_COVERED: 'SOURCE_NOT_COVERED',
  ERROR: 'PLATFORM_ERROR',
};

/**
 * Turns a platform answer into a command on its verification, whichever way it came (callback,
 * polling, or in the submission's response). The command id derives from the answer id, so the same
 * answer arriving twice, by any channel, is recorded once.
 */
@Injectable()
export class PlatformAnswerRecorder {
  private readonly logger = new Logger('PlatformAnswers');
  private readonly table: string;

  constructor(
    private readonly pipeline: VerificationPipeline,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(VERIFICATION_SCHEMA) schema: string,
    @Inject(APP_CONFIG) private readonly config: VerificationConfig,
    @Inject(VERIFICATION_MIGRATED) _migrated: unknown,
  ) {
    this.table = quoteIdent(schema);
  }

  async findSubmission(submissionId: string): Promise<KnownSubmission | undefined> {
    const { rows } = await this.pool.query<{
      submission_id: string;
      verification_id: string;
      request_id: string;
      attempt: number;
      source: string;
      case_id: string;
      jurisdiction: string;
    }>(
      `SELECT s.submission_id, s.verification_id, s.request_id, s.attempt, s.source, v.case_id, v.jurisdiction
         FROM ${this.table}.platform_submissions s JOIN ${this.table}.verifications v USING (verification_id)
        WHERE s.submission_id = $1`,
      [submissionId],
    );
    const r = rows[0];
    return r
      ? { submissionId: r.submission_id, verificationId: r.verification_id, requestId: r.request_id, attempt: r.attempt, source: r.source, caseId: r.case_id, jurisdiction: r.jurisdiction }
      : undefined;
  }

  /**
   * Like findSubmission, but waits up to `waitMs` for a submission the read model has not caught up
   * with yet (an answer may overtake the projection of its own submission).
   */
  async awaitSubmission(submissionId: string, waitMs: number): Promise<KnownSubmission | undefined> {
    const until = Date.now() + waitMs;
    for (;;) {
      const found = await this.findSubmission(submissionId);
      if (found || Date.now() >= until) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async record(answer: PlatformAnswer, submission: KnownSubmission, via: 'CALLBACK' | 'POLLING' | 'SUBMISSION'): Promise<RecordOutcome> {
    const failure = FAILURE_OF[answer.status];
    const now = this.pipeline.now();
    const command: VerificationCommandBody = failure
      ? {
          type: 'RecordQueryFailure',
          data: queryFailure(this.config, now, {
            requestId: submission.requestId,
            attempt: submission.attempt,
            failure,
            detail: answer.error ? `${answer.error.code}: ${answer.error.message}`.slice(0, 500) : `platform answered ${answer.status}`,
          }),
        }
      : {
          type: 'RecordSourceResult',
          data: {
            requestId: submission.requestId,
            resultId: answer.answerId,
            submissionId: submission.submissionId,
            complete: answer.status === 'COMPLETE',
            records: answer.records,
            via,
          },
        };
    const result = await this.pipeline.inBackground(submission.verificationId, command, {
      commandId: `answer:${submission.submissionId}:${answer.answerId}`,
      caseId: submission.caseId,
      actor: platformActor(submission.jurisdiction),
      causationId: answer.answerId,
      now,
    });
    const outcome: RecordOutcome = result.alreadyHandled ? 'duplicate' : result.events.length === 0 ? 'ignored' : 'recorded';
    this.logger.log(
      { verificationId: submission.verificationId, requestId: submission.requestId, source: answer.source, status: answer.status, sequence: answer.sequence, records: answer.records.length, via, outcome },
      'platform answer',
    );
    return outcome;
  }
}
