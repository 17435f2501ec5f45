import { Controller, Get, Inject, Logger, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { ReadLog } from '@sa/crypto';
import { PG_POOL } from '@sa/database';
import { ValidationProblemException } from '@sa/errors';
import { CaseRead } from '@sa/platform';
import type { Pool } from 'pg';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { applicationStreamId, IntakeRuleError } from '../../domain';
import { CASE_READER_ROLES } from '../../http/roles';
import { detailOf, maskPersonalIdentifiers } from '../../applications/shared/application-view';
import { INTAKE_SCHEMA } from '../../persistence/intake-database';

/** The fields a reveal shows unmasked (as recorded in the read log). */
export const REVEALED_FIELDS = ['form.**.residentId', 'form.**.phone', 'conflicts.**.residentId'];
export const REVEAL_CHANNEL = 'http GET /applications/:caseId?reveal=';

export class GetApplicationQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
    /** The stated purpose of showing resident IDs and phone numbers in full; masked without it. */
    readonly reveal?: string,
  ) {}
}

/**
 * The whole file, read from the event store (always current). The bank account number is masked
 * except for disbursement roles; resident IDs (first 6 + last 4 kept) and phone numbers (last 4)
 * are masked unless `reveal` states a purpose, and each reveal is written to the accountable read
 * log (`<intake schema>.read_log`, @sa/crypto ReadLog: actor, case, fields, purpose, hash-chained)
 * and logged as a structured line. An auditor's read of personal data is itself logged.
 */
@QueryHandler(GetApplicationQuery)
export class GetApplicationHandler implements IQueryHandler<GetApplicationQuery> {
  private readonly logger = new Logger('ApplicationReads');

  private readonly readLog: ReadLog;

  constructor(
    @Inject(IntakePipelines) private readonly commands: IntakePipelines,
    @Inject(PG_POOL) pool: Pool,
    @Inject(INTAKE_SCHEMA) schema: string,
  ) {
    this.readLog = new ReadLog(pool, schema);
  }

  async execute({ caseId, actor, reveal }: GetApplicationQuery) {
    const { state } = await this.commands.application.aggregate(caseId);
    if (state.status === 'NONE') throw new IntakeRuleError('application_not_found', 'There is no such application');
    assertJurisdiction(actor, state.jurisdiction);
    if (actor.role === 'auditor') {
      this.logger.log({ audit: 'personal-data-read', caseId, caseNumber: state.caseNumber, actorId: actor.id, role: actor.role }, 'auditor read an application');
    }
    const detail = detailOf(state, actor.role);
    if (reveal === undefined) return maskPersonalIdentifiers(detail);
    await this.readLog.record({
      actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction },
      subject: caseId,
      fields: REVEALED_FIELDS,
      purpose: reveal,
      channel: REVEAL_CHANNEL,
    });
    this.logger.log(
      { audit: 'personal-data-reveal', caseId, caseNumber: state.caseNumber, actorId: actor.id, role: actor.role, jurisdiction: actor.jurisdiction, purpose: reveal },
      'resident IDs and phone numbers revealed',
    );
    return detail;
  }
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class GetApplicationController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId')
  @CaseRead((p) => applicationStreamId(p.caseId))
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({
    summary: 'The application file: resident IDs and phone numbers masked unless ?reveal=<purpose> (logged); bank account masked except for disbursement officers',
  })
  @ApiQuery({ name: 'reveal', required: false, description: 'Purpose of showing resident IDs and phone numbers in full (2–200 characters); the read is logged' })
  get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Query('reveal') reveal?: string | string[]) {
    let purpose: string | undefined;
    if (reveal !== undefined) {
      purpose = typeof reveal === 'string' ? reveal.trim() : '';
      if (purpose.length < 2 || purpose.length > 200) {
        throw new ValidationProblemException([{ field: 'reveal', message: 'reveal must state the purpose of the read (2–200 characters), e.g. ?reveal=入户调查' }]);
      }
    }
    return this.queryBus.execute(new GetApplicationQuery(caseId, actor, purpose));
  }
}
