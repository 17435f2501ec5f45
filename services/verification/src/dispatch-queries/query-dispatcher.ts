import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { VerificationSource } from '@sa/contracts';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG } from '@sa/platform';
import type { Pool } from 'pg';
import type { VerificationConfig } from '../config';
import { addMilliseconds, type VerificationCommandBody } from '../domain';
import { isDomainErrorLike } from '../commands/domain-errors';
import { VERIFICATION_MIGRATED, VERIFICATION_SCHEMA } from '../read-models/verification-database';
import { PlatformAnswerRecorder, type KnownSubmission } from '../platform-callbacks/answer-recorder';
import { VERIFICATION_PLATFORM, type VerificationPlatform } from '../platform/platform.port';
import { CLOCK, type Clock } from '@sa/time';
import { systemActor, VerificationPipeline } from '../commands/verification-pipeline';
import { submissionIdFor } from '../commands/ids';
import { queryFailure } from '../commands/settings';

interface DueRow {
  verification_id: string;
  request_id: string;
  attempts: number;
  source: VerificationSource;
  case_id: string;
  jurisdiction: string;
}

interface OutRow extends DueRow {
  current_submission_id: string;
  answer_due_at: Date | null;
  submitted_at: Date;
}

/**
 * The dispatcher: submits the queries that are due (new ones, and retries after their back-off),
 * polls submitted queries whose callback is late, and times out a submission the platform did not
 * answer in time (which spends one attempt of the retry budget; the domain then retries or hands the
 * query to an officer). One instance at a time (PostgreSQL advisory lock per tick).
 *
 * Every step is a command whose id follows from the submission id, so a crash anywhere repeats the
 * step without doing it twice. Submissions are recorded before the HTTP call (write-ahead): if the
 * process dies in between, the poll finds the platform does not know the submission and it is retried.
 */
@Injectable()
export class QueryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('QueryDispatcher');
  private readonly s: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Submission id → earliest time of its next poll (polls of one late query are spaced). */
  private readonly nextPoll = new Map<string, number>();

  constructor(
    private readonly pipeline: VerificationPipeline,
    private readonly answers: PlatformAnswerRecorder,
    @Inject(VERIFICATION_PLATFORM) private readonly platform: VerificationPlatform,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(VERIFICATION_SCHEMA) schema: string,
    @Inject(APP_CONFIG) private readonly config: VerificationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(VERIFICATION_MIGRATED) _migrated: unknown,
  ) {
    this.s = quoteIdent(schema);
  }

  onApplicationBootstrap(): void {
    if (this.config.VERIFICATION_DISPATCHER_ENABLED) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.logger.error({ err: String(err) }, 'dispatcher tick failed'))
        .finally(() => this.schedule(this.config.VERIFICATION_DISPATCH_INTERVAL_MS));
    }, ms);
  }

  /** One pass: submit what is due, poll what is late. Exposed for tests. */
  async tick(): Promise<void> {
    const client = await this.pool.connect();
    let locked = false;
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`sa.verification.dispatcher:${this.s}`]);
      locked = rows[0]?.ok === true;
      if (!locked) return;
      await this.submitDue();
      await this.pollLate();
    } finally {
      if (locked) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`sa.verification.dispatcher:${this.s}`]).catch(() => undefined);
      client.release();
    }
  }

  private async submitDue(): Promise<void> {
    const { rows } = await this.pool.query<DueRow>(
      `SELECT r.verification_id, r.request_id, r.attempts, r.source, v.case_id, v.jurisdiction
         FROM ${this.s}.verification_requests r JOIN ${this.s}.verifications v USING (verification_id)
        WHERE r.status = 'PENDING' AND r.next_attempt_at <= $1
        ORDER BY r.next_attempt_at LIMIT 50`,
      [this.clock.now()],
    );
    for (const row of rows) {
      if (this.stopped) return;
      try {
        await this.submitOne(row);
      } catch (err) {
        if (isDomainErrorLike(err)) this.logger.debug?.({ requestId: row.request_id, code: err.code }, 'query no longer due');
        else this.logger.warn({ requestId: row.request_id, err: String(err) }, 'could not submit a query; trying again later');
      }
    }
  }

  private async submitOne(row: DueRow): Promise<void> {
    const run = (command: VerificationCommandBody, commandId: string, now: string) =>
      this.pipeline.inBackground(row.verification_id, command, { commandId, caseId: row.case_id, actor: systemActor(row.jurisdiction), now });
    const now = this.pipeline.now();

    if (!this.platform.covers(row.source)) {
      await run(
        {
          type: 'RecordQueryFailure',
          data: queryFailure(this.config, now, {
            requestId: row.request_id,
            attempt: row.attempts,
            failure: 'SOURCE_NOT_COVERED',
            detail: `the configured platform does not answer for ${row.source} (VERIFICATION_PLATFORM_SOURCES)`,
          }),
        },
        `not-covered:${row.verification_id}:${row.request_id}`,
        now,
      );
      return;
    }
    if (!this.platform.available(row.source)) return; // circuit open: wait, spend no attempt

    const attempt = row.attempts + 1;
    const submissionId = submissionIdFor(row.verification_id, row.request_id, attempt);
    const recorded = await run(
      {
        type: 'RecordSubmission',
        data: { requestId: row.request_id, attempt, submissionId, answerDueAt: addMilliseconds(now, this.config.VERIFICATION_ANSWER_TIMEOUT_MS) },
      },
      `submit:${submissionId}`,
      now,
    );
    if (!recorded.written && !recorded.alreadyHandled) return;
    const state = recorded.state;
    const request = state.requests[row.request_id]!;
    const round = state.rounds[request.round - 1]!;
    const member = round.members.find((m) => m.memberId === request.memberId);
    if (!member?.residentId) return; // not queryable (the domain never asks for such a member)

    const outcome = await this.platform.submit({
      submissionId,
      residentId: member.residentId,
      name: member.name,
      source: request.source,
      purpose: request.purpose,
      consentRef: request.consentId,
      consentDocumentRef: request.consentDocumentRef,
      referencePeriod: round.referencePeriod,
      callbackUrl: this.config.VERIFICATION_CALLBACK_URL,
    });
    const submission: KnownSubmission = {
      submissionId,
      verificationId: row.verification_id,
      requestId: row.request_id,
      attempt,
      source: row.source,
      caseId: row.case_id,
      jurisdiction: row.jurisdiction,
    };
    if (outcome.kind === 'accepted') {
      this.logger.log({ verificationId: row.verification_id, requestId: row.request_id, source: row.source, attempt }, 'query submitted');
      for (const answer of outcome.answers) await this.answers.record(answer, submission, 'SUBMISSION');
      return;
    }
    const failure = outcome.kind === 'failed' ? outcome.failure : 'PLATFORM_ERROR';
    this.logger.warn({ verificationId: row.verification_id, requestId: row.request_id, source: row.source, attempt, failure, detail: outcome.detail }, 'query submission failed');
    const failedAt = this.pipeline.now();
    await run(
      { type: 'RecordQueryFailure', data: queryFailure(this.config, failedAt, { requestId: row.request_id, attempt, failure, detail: outcome.detail.slice(0, 500) }) },
      `submit-failed:${submissionId}`,
      failedAt,
    );
  }

  private async pollLate(): Promise<void> {
    const now = this.clock.now();
    const graceBefore = new Date(now.getTime() - this.config.VERIFICATION_CALLBACK_GRACE_MS);
    const { rows } = await this.pool.query<OutRow>(
      `SELECT r.verification_id, r.request_id, r.attempts, r.source, r.current_submission_id, r.answer_due_at, r.submitted_at,
              v.case_id, v.jurisdiction
         FROM ${this.s}.verification_requests r JOIN ${this.s}.verifications v USING (verification_id)
        WHERE r.status IN ('SUBMITTED', 'PARTIAL') AND r.current_submission_id IS NOT NULL
          AND (r.submitted_at <= $1 OR r.answer_due_at <= $2)
        ORDER BY r.submitted_at LIMIT 100`,
      [graceBefore, now],
    );
    for (const row of rows) {
      if (this.stopped) return;
      try {
        await this.pollOne(row, now);
      } catch (err) {
        if (!isDomainErrorLike(err)) this.logger.warn({ requestId: row.request_id, err: String(err) }, 'could not poll a query; trying again later');
      }
    }
    for (const [id, at] of this.nextPoll) if (at < now.getTime() - 86_400_000) this.nextPoll.delete(id);
  }

  private async pollOne(row: OutRow, now: Date): Promise<void> {
    const submission: KnownSubmission = {
      submissionId: row.current_submission_id,
      verificationId: row.verification_id,
      requestId: row.request_id,
      attempt: row.attempts,
      source: row.source,
      caseId: row.case_id,
      jurisdiction: row.jurisdiction,
    };
    const due = this.nextPoll.get(row.current_submission_id) ?? 0;
    let settled = false;
    if (due <= now.getTime() && this.platform.available(row.source)) {
      this.nextPoll.set(row.current_submission_id, now.getTime() + this.config.VERIFICATION_POLL_INTERVAL_MS);
      const outcome = await this.platform.poll(row.current_submission_id, row.source);
      if (outcome.kind === 'answers') {
        for (const answer of outcome.answers) await this.answers.record(answer, submission, 'POLLING');
        settled = outcome.answers.some((a) => a.status !== 'PARTIAL');
        if (outcome.answers.length > 0) this.logger.log({ requestId: row.request_id, answers: outcome.answers.length }, 'late answers found by polling');
      } else if (outcome.kind === 'unknown') {
        // The platform never got (or lost) this submission: a failed attempt, retried within the budget.
        const failedAt = this.pipeline.now();
        await this.pipeline.inBackground(
          row.verification_id,
          {
            type: 'RecordQueryFailure',
            data: queryFailure(this.config, failedAt, { requestId: row.request_id, attempt: row.attempts, failure: 'PLATFORM_ERROR', detail: 'the platform does not know this submission' }),
          },
          { commandId: `lost:${row.current_submission_id}`, caseId: row.case_id, actor: systemActor(row.jurisdiction), now: failedAt },
        );
        return;
      }
    }
    if (!settled && row.answer_due_at && row.answer_due_at.getTime() <= now.getTime()) {
      this.logger.warn({ verificationId: row.verification_id, requestId: row.request_id, source: row.source, attempt: row.attempts }, 'query timed out');
      const failedAt = this.pipeline.now();
      await this.pipeline.inBackground(
        row.verification_id,
        {
          type: 'RecordQueryFailure',
          data: queryFailure(this.config, failedAt, {
            requestId: row.request_id,
            attempt: row.attempts,
            failure: 'TIMEOUT',
            detail: `no answer within ${Math.round(this.config.VERIFICATION_ANSWER_TIMEOUT_MS / 1000)} s`,
          }),
        },
        { commandId: `timeout:${row.current_submission_id}`, caseId: row.case_id, actor: systemActor(row.jurisdiction), now: failedAt },
      );
    }
  }
}
