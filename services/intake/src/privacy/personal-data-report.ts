import { Controller, Get, Inject, Optional, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { ProblemException, PROBLEM_TYPES, ValidationProblemException } from '@sa/errors';
import { IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import type { Response } from 'express';
import type { Pool } from 'pg';
import type { FieldEncryptor } from '@sa/crypto';
import { APP_CONFIG, FIELD_ENCRYPTOR } from '@sa/platform';
import { checkResidentId, normaliseResidentId } from '../domain';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../identity/resident-id-hasher';
import { INTAKE_SCHEMA } from '../read-models/intake-database';
import { IntakeReads } from '../queries/intake-reads';

export class ReadLogQueryDto {
  @ApiProperty({ description: 'The resident ID of the person asking "who looked at my file" (PIPL art. 45)' })
  @IsString()
  @MinLength(18)
  @MaxLength(18)
  residentId!: string;
}

export class PersonalDataExportDto extends ReadLogQueryDto {
  @ApiProperty({ description: 'Why the export is made (recorded in the read log), e.g. 本人查阅复制申请' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  purpose!: string;
}

/** Roles that may answer a person's access request: officers of the person's jurisdiction and auditors. */
export const PRIVACY_REPORT_ROLES = ['street_officer', 'street_reviewer', 'county_approver', 'auditor'] as const;

/**
 * "Who looked at my file" (PIPL art. 45): every recorded read of the person's data in intake, found
 * by the blind index of their resident ID (never by the clear ID), limited to the cases in the
 * caller's jurisdiction (none there → 404, so another district cannot probe for a person).
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class PersonalDataReportController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INTAKE_SCHEMA) private readonly schema: string,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
    @Inject(IntakeReads) private readonly reads: IntakeReads,
    @Inject(APP_CONFIG) private readonly config: { EVENT_STORE?: string; EVENTSTORE_SCHEMA?: string },
    @Optional() @Inject(FIELD_ENCRYPTOR) private readonly fields: FieldEncryptor | null = null,
  ) {}

  /** The person's cases in the caller's jurisdiction, found by the blind index of the resident ID (404 when none). */
  private async casesOf(residentId: string, actor: Actor): Promise<{ person: string; cases: { case_id: string; case_number: string }[] }> {
    const id = normaliseResidentId(residentId);
    if (!checkResidentId(id).valid) throw new ValidationProblemException([{ field: 'residentId', message: 'residentId must be a valid 18-character resident ID' }]);
    const person = this.hasher.hash(id);
    const s = quoteIdent(this.schema);
    const { rows } = await this.pool.query<{ case_id: string; case_number: string }>(
      `SELECT DISTINCT a.case_id::text AS case_id, a.case_number
         FROM ${s}.application_people p JOIN ${s}.applications a ON a.case_id = p.case_id
        WHERE p.resident_id_hash = $1 AND starts_with(a.jurisdiction, $2)
        ORDER BY a.case_number`,
      [person, actor.jurisdiction],
    );
    if (rows.length === 0) throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, detail: 'No case of this person in your jurisdiction.' });
    return { person, cases: rows };
  }

  /**
   * Everything held about one person (PIPL art. 45 access and copy): for each of their cases in the caller's
   * jurisdiction, every event of the case in every context (intake, verification, eligibility, disbursement,
   * follow-up — the source every read model is derived from; a payment run's batch contributes this case's
   * lines only), opened, and the reads of their file. After the case is shredded the person is no longer found (404). Downloaded as
   * one JSON file; the export itself is recorded in the read log with its purpose.
   */
  @Get('personal-data')
  @Roles(...PRIVACY_REPORT_ROLES)
  @ApiOperation({ summary: '导出个人信息: everything held about a person across contexts (JSON download); the export is recorded in the read log' })
  async personalData(@Query() dto: PersonalDataExportDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { person, cases } = await this.casesOf(dto.residentId, actor);
    if ((this.config.EVENT_STORE ?? 'postgresql') !== 'postgresql') {
      throw new ProblemException(501, { type: PROBLEM_TYPES.http(501), detail: 'The personal-data export reads the PostgreSQL event store' });
    }
    const es = quoteIdent(this.config.EVENTSTORE_SCHEMA ?? 'eventstore');
    const exported = [];
    for (const c of cases) {
      // Written as the event store's expression indexes (correlation id, stream entity id, metadata.caseIds, older batches' lines).
      const { rows } = await this.pool.query<{ event_id: string; stream_id: string; category: string; type: string; data: unknown; metadata: Record<string, unknown>; recorded_at: Date }>(
        `SELECT event_id::text, stream_id, category, type, data, metadata, recorded_at FROM ${es}.events
          WHERE metadata->>'correlationId' = $1 OR substr(stream_id, strpos(stream_id, '-') + 1) = $1
             OR (metadata ? 'caseIds' AND metadata->'caseIds' @> jsonb_build_array($1::text))
             OR (type = 'PaymentBatchIssued' AND NOT (metadata ? 'caseIds') AND data->'payments' @> jsonb_build_array(jsonb_build_object('caseId', $1::text)))
          ORDER BY position`,
        [c.case_id],
      );
      const events = [];
      for (const r of rows) {
        let data = this.fields ? (await this.fields.decrypt(r.data, r.event_id)).value : r.data;
        if (r.type === 'PaymentBatchIssued') {
          const batch = data as { payments?: { caseId?: string }[]; held?: { caseId?: string }[] };
          data = { ...batch, payments: (batch.payments ?? []).filter((l) => l.caseId === c.case_id), held: (batch.held ?? []).filter((l) => l.caseId === c.case_id) };
        }
        events.push({
          context: r.category,
          streamId: r.stream_id,
          eventId: r.event_id,
          type: r.type,
          recordedAt: r.recorded_at.toISOString(),
          occurredAt: r.metadata['occurredAt'],
          actor: r.metadata['actor'],
          data,
        });
      }
      exported.push({ caseId: c.case_id, caseNumber: c.case_number, events });
    }
    const subjects = cases.map((c) => c.case_id);
    const reads = await this.reads.report({ subjects, person });
    await this.reads.record(
      actor,
      subjects.map((subject) => ({ subject, persons: [person], fields: ['*'] })),
      'export',
      dto.purpose,
    );
    res.setHeader('Content-Disposition', `attachment; filename="personal-data-${cases[0]!.case_number}.json"`);
    return {
      generatedAt: new Date().toISOString(),
      generatedBy: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction },
      purpose: dto.purpose,
      cases: exported,
      reads: reads.map((e) => ({ readAt: e.readAt, actor: e.actor, caseId: e.subject, fields: e.fields, purpose: e.purpose, channel: e.channel })),
    };
  }

  @Get('read-log')
  @Roles(...PRIVACY_REPORT_ROLES)
  @ApiOperation({ summary: 'Who looked at this person’s file: reads of their personal data (who, when, which case, which fields, purpose)' })
  async readLog(@Query() dto: ReadLogQueryDto, @CurrentActor() actor: Actor) {
    const { person, cases: rows } = await this.casesOf(dto.residentId, actor);
    const cases = new Map(rows.map((r) => [r.case_id, r.case_number]));
    const entries = (await this.reads.report({ subjects: [...cases.keys()], person })).filter((e) => cases.has(e.subject));
    return {
      cases: rows.map((r) => ({ caseId: r.case_id, caseNumber: r.case_number })),
      reads: entries.map((e) => ({
        readAt: e.readAt,
        actor: e.actor,
        caseId: e.subject,
        caseNumber: cases.get(e.subject),
        fields: e.fields,
        purpose: e.purpose,
        channel: e.channel,
        aboutThisPerson: e.persons.includes(person),
      })),
    };
  }
}
