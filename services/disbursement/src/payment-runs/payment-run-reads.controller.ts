import { Controller, Get, Inject, Logger, Optional, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError } from '@sa/decider';
import { ValidationProblemException } from '@sa/errors';
import { EVENT_STORE, type EventStore } from '@sa/eventstore';
import type { KeyStore } from '@sa/crypto';
import { APP_CONFIG, CASEWORK_READ_PURPOSE, KEY_STORE, statedPurpose } from '@sa/platform';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import type { DisbursementConfig } from '../config';
import { DISBURSEMENT_MIGRATED } from '../read-models/tokens';
import { paymentRunView, type PaymentRunView } from './payment-run.service';
import { findAfterIssuing } from './run-tail';
import { paging, type Page } from '../shared/paging';

/**
 * Read side of the payment runs for the workbench (发放页面): a district's runs by month (paged), the
 * bank-file lines of a run with the decision each traces to, and the bank file itself (streamed, with
 * the SHA-256 recorded in `BankFileWritten` as its digest; every download recorded in `bank_file_reads`).
 * Reads only: the commands are one folder each (start-payment-run/, record-bank-confirmation/, complete-payment-run/, reissue-payment/).
 */
export interface PaymentRunListItem extends PaymentRunView {
  startedAt: string;
  updatedAt: string;
  /** Regular payments of the run per programme (integer fen). */
  programs: { program: string; paymentCount: number; amountFen: number }[];
}

export interface PaymentLineView {
  paymentId: string;
  kind: string;
  status: string;
  caseId: string;
  caseNumber: string;
  program: string;
  jurisdiction: string;
  period: string;
  amountFen: number;
  /** The eligibility decision (`decisionId` of AssistanceGranted / BenefitChanged) this line pays. */
  decisionId: string | null;
  issuedOn: string;
  bankFileRef: string | null;
  returnReason: string | null;
  reissueOf: string | null;
  reissuedBy: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const dateText = (v: unknown): string => (v instanceof Date ? new Date(v.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : String(v));

@ApiTags('payment runs')
@ApiBearerAuth()
@Controller('disbursement/payment-runs')
export class PaymentRunReadsController {
  private readonly logger = new Logger(PaymentRunReadsController.name);
  private readonly s: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: DisbursementConfig,
    @Inject(DISBURSEMENT_MIGRATED) _migrated: unknown,
    @Optional() @Inject(KEY_STORE) private readonly keys: KeyStore | null = null,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  @Get()
  @Roles('disbursement_officer', 'auditor')
  @ApiOperation({ summary: '发放批次列表: the payment runs of a district (default: the caller’s), newest month first, paged' })
  @ApiQuery({ name: 'month', required: false, example: '2026-03' })
  @ApiQuery({ name: 'jurisdiction', required: false, example: '330106' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  @ApiOkResponse({ description: '{ items, total, limit, offset }; items carry per-programme totals in fen' })
  async list(
    @CurrentActor() actor: Actor,
    @Query('month') month?: string,
    @Query('jurisdiction') jurisdiction?: string,
    @Query('limit') limitText?: string,
    @Query('offset') offsetText?: string,
  ): Promise<Page<PaymentRunListItem>> {
    if (month !== undefined && month !== '' && !MONTH.test(month)) throw new ValidationProblemException([{ field: 'month', message: 'month must be YYYY-MM' }]);
    const { limit, offset } = paging(limitText, offsetText);
    const scope = jurisdiction === undefined || jurisdiction === '' ? actor.jurisdiction : jurisdiction;
    assertJurisdiction(actor, scope);
    const where = `district LIKE $1 || '%'` + (month ? ' AND period = $2' : '');
    const params: unknown[] = month ? [scope, month] : [scope];
    const [{ rows }, count] = await Promise.all([
      this.pool.query(`SELECT * FROM ${this.s}.payment_runs WHERE ${where} ORDER BY period DESC, district LIMIT ${limit} OFFSET ${offset}`, params),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.s}.payment_runs WHERE ${where}`, params),
    ]);
    const ids = rows.map((r) => r.run_id as string);
    const byProgram = new Map<string, PaymentRunListItem['programs']>();
    if (ids.length > 0) {
      const totals = await this.pool.query<{ run_id: string; program: string; n: number; fen: string }>(
        `SELECT run_id, program, count(*)::int AS n, sum(amount_fen)::text AS fen FROM ${this.s}.payments
          WHERE run_id = ANY($1::uuid[]) AND kind = 'REGULAR' GROUP BY run_id, program ORDER BY run_id, program`,
        [ids],
      );
      for (const t of totals.rows) {
        const list = byProgram.get(t.run_id) ?? [];
        list.push({ program: t.program, paymentCount: t.n, amountFen: Number(t.fen) });
        byProgram.set(t.run_id, list);
      }
    }
    return {
      items: rows.map((r) => ({
        ...paymentRunView(r),
        startedAt: iso(r.started_at),
        updatedAt: iso(r.updated_at),
        programs: byProgram.get(r.run_id) ?? [],
      })),
      total: count.rows[0]?.n ?? 0,
      limit,
      offset,
    };
  }

  @Get(':runId/lines')
  @Roles('disbursement_officer', 'auditor')
  @ApiOperation({ summary: 'The payments of a run (the bank-file lines, reissues included) with the case and decision each traces to; ?paymentId= finds one' })
  @ApiQuery({ name: 'paymentId', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  async lines(
    @Param('runId', new ParseUUIDPipe()) runId: string,
    @CurrentActor() actor: Actor,
    @Query('paymentId') paymentId?: string,
    @Query('limit') limitText?: string,
    @Query('offset') offsetText?: string,
  ): Promise<Page<PaymentLineView>> {
    if (paymentId !== undefined && paymentId !== '' && !UUID.test(paymentId)) throw new ValidationProblemException([{ field: 'paymentId', message: 'paymentId must be a UUID' }]);
    const { limit, offset } = paging(limitText, offsetText, 500);
    await this.run(runId, actor);
    const where = 'run_id = $1' + (paymentId ? ' AND payment_id = $2' : '');
    const params: unknown[] = paymentId ? [runId, paymentId.toLowerCase()] : [runId];
    const [{ rows }, count] = await Promise.all([
      this.pool.query(`SELECT * FROM ${this.s}.payments WHERE ${where} ORDER BY kind, entitlement_id, payment_id LIMIT ${limit} OFFSET ${offset}`, params),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.s}.payments WHERE ${where}`, params),
    ]);
    return {
      items: rows.map((r) => ({
        paymentId: r.payment_id,
        kind: r.kind,
        status: r.status,
        caseId: r.case_id,
        caseNumber: r.case_number,
        program: r.program,
        jurisdiction: r.jurisdiction,
        period: r.period,
        amountFen: Number(r.amount_fen),
        decisionId: r.decision_id,
        issuedOn: dateText(r.issued_on),
        bankFileRef: r.bank_file_ref,
        returnReason: r.return_reason,
        reissueOf: r.reissue_of,
        reissuedBy: r.reissued_by,
      })),
      total: count.rows[0]?.n ?? 0,
      limit,
      offset,
    };
  }

  @Get(':runId/bank-file')
  @Roles('disbursement_officer')
  @ApiOperation({
    summary: '下载银行代发文件: the run’s bank file (CSV, streamed) for a disbursement officer of its district; digest headers carry the SHA-256 recorded when it was written; the download is recorded (and, per case of the run, in the shared read log with ?purpose= or 经办查阅)',
  })
  @ApiProduces('text/csv')
  async bankFile(@Param('runId', new ParseUUIDPipe()) runId: string, @CurrentActor() actor: Actor, @Res() res: Response, @Query('purpose') purposeText?: string): Promise<void> {
    const purpose = statedPurpose(purposeText) ?? CASEWORK_READ_PURPOSE;
    const run = await this.run(runId, actor);
    const fileRef = (run.bank_file_refs as string[])[0];
    if (!fileRef) throw new DomainError('bank_file_not_written', `The bank file of run ${runId} is not written yet (status ${run.status})`, { kind: 'conflict' });
    const root = resolve(this.config.DISBURSEMENT_BANK_FILE_DIR);
    const path = resolve(join(root, fileRef));
    if (!path.startsWith(root + sep)) throw new DomainError('bank_file_not_found', `Bank file ${fileRef} is outside the bank-file directory`, { kind: 'not_found' });
    const size = await stat(path).then((st) => st.size).catch(() => null);
    if (size === null) throw new DomainError('bank_file_not_found', `Bank file ${fileRef} is not in the bank-file directory`, { kind: 'not_found' });
    const sha256 = await this.recordedDigest(runId, fileRef);
    await this.pool.query(
      `INSERT INTO ${this.s}.bank_file_reads (run_id, file_ref, sha256, actor_id, actor_role, actor_jurisdiction) VALUES ($1, $2, $3, $4, $5, $6)`,
      [runId, fileRef, sha256, actor.id, actor.role, actor.jurisdiction],
    );
    // the file shows each payee's name and account: one entry per case of the run in the shared read log (issue 18 item 6)
    if (this.keys) {
      const { rows: cases } = await this.pool.query<{ case_id: string }>(`SELECT DISTINCT case_id FROM ${this.s}.payments WHERE run_id = $1 ORDER BY case_id`, [runId]);
      for (const { case_id } of cases) {
        await this.keys.readLog.record({
          actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction },
          subject: case_id,
          persons: [],
          fields: ['bankFile.bankAccount', 'bankFile.recipientName'],
          purpose,
          channel: 'http GET /disbursement/payment-runs/:runId/bank-file',
        });
      }
    }
    this.logger.log({ runId, fileRef, actorId: actor.id }, 'bank file downloaded');
    const name = fileRef.split('/').pop() ?? `payment-run-${runId}.csv`;
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Length', String(size));
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (sha256) {
      const b64 = Buffer.from(sha256, 'hex').toString('base64');
      res.setHeader('Repr-Digest', `sha-256=:${b64}:`);
      res.setHeader('Digest', `SHA-256=${b64}`);
    }
    const hash = createHash('sha256');
    const file = createReadStream(path);
    file.on('data', (chunk) => hash.update(chunk));
    await pipeline(file, res);
    const actual = hash.digest('hex');
    if (sha256 && actual !== sha256) this.logger.error({ runId, fileRef, recorded: sha256, actual }, 'bank file on disk differs from the digest recorded in BankFileWritten');
  }

  private async run(runId: string, actor: Actor): Promise<Record<string, any>> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.s}.payment_runs WHERE run_id = $1`, [runId]);
    const r = rows[0];
    if (!r) throw new DomainError('payment_run_not_found', `No payment run ${runId}`, { kind: 'not_found' });
    assertJurisdiction(actor, r.district, 'district');
    return r;
  }

  /** The SHA-256 recorded in the run's `BankFileWritten` for this file (read backwards from the end, never past the payments it follows). */
  private async recordedDigest(runId: string, fileRef: string): Promise<string | null> {
    const found = await findAfterIssuing(this.store, runId, (e) => e.type === 'BankFileWritten' && (e.data as { fileRef?: string }).fileRef === fileRef).catch(() => null);
    return found ? ((found.data as { sha256?: string }).sha256 ?? null) : null;
  }
}
