import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KeyStore } from '@sa/crypto';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG, KEY_STORE } from '@sa/platform';
import { CLOCK, type Clock, shanghaiDate } from '@sa/time';
import type { Pool } from 'pg';
import type { IntakeConfig } from '../config';
import { INTAKE_SCHEMA } from '../read-models/intake-database';

export interface ShreddingResult {
  asOf: string;
  /** Cases whose data key was destroyed by this run. */
  shredded: { caseId: string; closedOn: string }[];
}

/**
 * Crypto-shredding at the end of retention (PIPL art. 47): a case closed (refused at intake,
 * withdrawn, or closed after eligibility's decision) more than `INTAKE_RETENTION_MONTHS` ago has
 * its data key destroyed (`@sa/crypto` DataKeys.shred). From then on every personal field of that
 * case reads `已销毁` everywhere it was copied: the event store of every context (events of the case
 * carry its id as correlation id), intake's read models, and every message in the Kafka topics;
 * the hash chains still verify (they hash the stored ciphertext) and amounts and statistics are
 * untouched (they are not personal fields). Idempotent: a shredded case is not counted again.
 */
@Injectable()
export class ShreddingJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Shredding');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    @Inject(KEY_STORE) private readonly keys: KeyStore | null,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Cases closed on or before this date are past retention on `asOf`. */
  static closedBy(asOf: string, retentionMonths: number): string {
    const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
    const total = y * 12 + (m - 1) - retentionMonths;
    const year = Math.floor(total / 12);
    const month = (total % 12) + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  }

  async run(asOf: string = shanghaiDate(this.clock.now())): Promise<ShreddingResult> {
    if (!this.keys) throw new Error('crypto-shredding needs FIELD_ENCRYPTION=true (no key store)');
    const by = ShreddingJob.closedBy(asOf, this.config.INTAKE_RETENTION_MONTHS);
    const { rows } = await this.pool.query<{ case_id: string; closed_on: string }>(
      `SELECT case_id::text AS case_id, to_char(closed_on, 'YYYY-MM-DD') AS closed_on
         FROM ${quoteIdent(this.schema)}.applications
        WHERE status IN ('CLOSED', 'REJECTED', 'WITHDRAWN') AND closed_on IS NOT NULL AND closed_on <= $1::date
        ORDER BY closed_on, case_id`,
      [by],
    );
    const shredded: ShreddingResult['shredded'] = [];
    for (const r of rows) {
      if (await this.keys.dataKeys.isShredded(r.case_id)) continue;
      await this.keys.dataKeys.shred(r.case_id, `retention ended: closed ${r.closed_on}, ${this.config.INTAKE_RETENTION_MONTHS} months (as of ${asOf})`);
      shredded.push({ caseId: r.case_id, closedOn: r.closed_on });
      this.logger.log({ audit: 'crypto-shredding', caseId: r.case_id, closedOn: r.closed_on, asOf }, 'data key destroyed: retention ended');
    }
    return { asOf, shredded };
  }

  onApplicationBootstrap(): void {
    const every = this.config.INTAKE_SHREDDING_INTERVAL_MS;
    if (every <= 0 || !this.keys) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.run()
        .catch((err: Error) => this.logger.error(`shredding run failed: ${err.message}`))
        .finally(() => (this.running = null));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
