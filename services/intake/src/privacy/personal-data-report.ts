import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { ProblemException, PROBLEM_TYPES, ValidationProblemException } from '@sa/errors';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Pool } from 'pg';
import { checkResidentId, normaliseResidentId } from '../domain';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../identity/resident-id-hasher';
import { INTAKE_SCHEMA } from '../persistence/intake-database';
import { IntakeReads } from '../queries/intake-reads';

export class ReadLogQueryDto {
  @ApiProperty({ description: 'The resident ID of the person asking "who looked at my file" (PIPL art. 45)' })
  @IsString()
  @MinLength(18)
  @MaxLength(18)
  residentId!: string;
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
  ) {}

  @Get('read-log')
  @Roles(...PRIVACY_REPORT_ROLES)
  @ApiOperation({ summary: 'Who looked at this person’s file: reads of their personal data (who, when, which case, which fields, purpose)' })
  async readLog(@Query() dto: ReadLogQueryDto, @CurrentActor() actor: Actor) {
    const id = normaliseResidentId(dto.residentId);
    if (!checkResidentId(id).valid) throw new ValidationProblemException([{ field: 'residentId', message: 'residentId must be a valid 18-character resident ID' }]);
    const person = this.hasher.hash(id);
    const s = quoteIdent(this.schema);
    const { rows } = await this.pool.query<{ case_id: string; case_number: string }>(
      `SELECT DISTINCT a.case_id::text AS case_id, a.case_number
         FROM ${s}.application_people p JOIN ${s}.applications a ON a.case_id = p.case_id
        WHERE p.resident_id_hash = $1 AND starts_with(a.jurisdiction, $2)`,
      [person, actor.jurisdiction],
    );
    if (rows.length === 0) throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, detail: 'No case of this person in your jurisdiction.' });
    const cases = new Map(rows.map((r) => [r.case_id, r.case_number]));
    const entries = (await this.reads.log.report({ subjects: [...cases.keys()], person })).filter((e) => cases.has(e.subject));
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
