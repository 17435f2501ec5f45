import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import AsyncLock from 'async-lock';
import { ProblemException, PROBLEM_TYPES } from '@sa/errors';
import type { PlatformAnswer } from '../platform/platform.port';
import { PlatformAnswerRecorder } from './answer-recorder';
import type { CallbackAcceptedDto } from './platform-callback.dto';

/** How long a callback for a submission the read model has not seen yet waits for it. */
const SUBMISSION_WAIT_MS = 2000;

/** A signed, well-formed answer of the platform, delivered by callback. */
export class RecordPlatformAnswerCommand {
  constructor(readonly answer: PlatformAnswer) {}
}

/**
 * Records a callback's answer on its verification (through `PlatformAnswerRecorder`, as polling and submission
 * responses are): 404 for a submission we never made, 400 when the source does not match it, 503 + Retry-After
 * when the verification stayed contended through the retries.
 */
@CommandHandler(RecordPlatformAnswerCommand)
export class RecordPlatformAnswerHandler implements ICommandHandler<RecordPlatformAnswerCommand> {
  private readonly logger = new Logger('PlatformCallbacks');
  /**
   * The callbacks of one submission are recorded in the order they arrive (async-lock, FIFO per submission id):
   * the platform sends PARTIAL 1 … PARTIAL n-1, COMPLETE n a moment apart, and a COMPLETE recorded before a PARTIAL
   * of its own submission would settle the query and leave the later part ignored (its records lost). Without the
   * queue the parts, all waiting for the read model to show their submission, raced each other on the append.
   * In-process only: the event store's expected revision still guards appends across instances.
   */
  private readonly inArrivalOrder = new AsyncLock({ maxPending: 10_000, timeout: 30_000 });

  constructor(private readonly recorder: PlatformAnswerRecorder) {}

  async execute({ answer }: RecordPlatformAnswerCommand): Promise<CallbackAcceptedDto> {
    try {
      return await this.inArrivalOrder.acquire(answer.submissionId, () => this.record(answer));
    } catch (err) {
      // Queued too long behind the submission's other callbacks: the platform delivers again.
      if (err instanceof Error && /^async-lock timed out|^Too many pending tasks/.test(err.message)) {
        throw new ProblemException(503, { detail: 'The verification is busy; deliver the callback again.' }, { 'Retry-After': '1' });
      }
      throw err;
    }
  }

  private async record(answer: PlatformAnswer): Promise<CallbackAcceptedDto> {
    const submission = await this.recorder.awaitSubmission(answer.submissionId, SUBMISSION_WAIT_MS);
    if (!submission) {
      this.logger.warn({ requestId: answer.submissionId, callbackId: answer.answerId, source: answer.source }, 'platform callback refused: unknown request id');
      throw new ProblemException(404, { detail: `Unknown requestId ${answer.submissionId}.` });
    }
    if (submission.source !== answer.source) {
      this.logger.warn({ requestId: answer.submissionId, expected: submission.source, got: answer.source }, 'platform callback refused: wrong source');
      throw new ProblemException(400, {
        type: PROBLEM_TYPES.validation,
        title: 'The callback is not valid',
        detail: `source ${answer.source} does not match the query (${submission.source}).`,
        errors: [{ field: 'source', message: `must be ${submission.source}` }],
      });
    }
    try {
      return { status: await this.recorder.record(answer, submission, 'CALLBACK') };
    } catch (err) {
      // Still contended after the retries: not the platform's fault; it should deliver again.
      if (err instanceof Error && err.name === 'WrongExpectedRevisionError') {
        throw new ProblemException(503, { detail: 'The verification is busy; deliver the callback again.' }, { 'Retry-After': '1' });
      }
      throw err;
    }
  }
}
