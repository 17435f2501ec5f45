import { Controller, Get, Inject, Logger, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { CaseRead } from '@sa/platform';
import { IntakePipelines } from '../../commands/intake-pipelines';
import { applicationStreamId, IntakeRuleError } from '../../domain';
import { CASE_READER_ROLES } from '../../http/roles';
import { detailOf, DISBURSEMENT_ROLES, maskPersonalIdentifiers } from '../../applications/shared/application-view';
import { RESIDENT_ID_HASHER, type ResidentIdHasher } from '../../identity/resident-id-hasher';
import { IntakeReads } from '../intake-reads';

/** The fields a reveal shows unmasked (as recorded in the read log). */
export const REVEALED_FIELDS = ['form.**.residentId', 'form.**.phone', 'conflicts.**.residentId'];
/** Shown unmasked by a reveal to a disbursement officer only. */
export const BANK_ACCOUNT_FIELD = 'form.bankAccount.accountNumber';
export const REVEAL_CHANNEL = 'http GET /applications/:caseId?reveal=';
/** The personal fields a masked read still shows (names, addresses, health and income details). */
export const MASKED_READ_FIELDS = ['form.**.name', 'form.**.address', 'form.**.disability', 'form.**.severeIllness', 'form.**.incomes'];
export const READ_CHANNEL = 'http GET /applications/:caseId';

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
 * except for a disbursement officer's reveal; resident IDs (first 6 + last 4 kept) and phone numbers (last 4)
 * are masked unless `reveal` states a purpose. Every read (masked: names, addresses, health and
 * income details are still shown) is written to the accountable read log (`<intake schema>.read_log`,
 * IntakeReads: actor, case, persons by blind index, fields, purpose, hash-chained); a reveal with
 * its stated purpose, and it is logged as a structured line. An auditor's read of personal data is itself logged.
 */
@QueryHandler(GetApplicationQuery)
export class GetApplicationHandler implements IQueryHandler<GetApplicationQuery> {
  private readonly logger = new Logger('ApplicationReads');

  constructor(
    @Inject(IntakePipelines) private readonly commands: IntakePipelines,
    @Inject(IntakeReads) private readonly reads: IntakeReads,
    @Inject(RESIDENT_ID_HASHER) private readonly hasher: ResidentIdHasher,
  ) {}

  async execute({ caseId, actor, reveal }: GetApplicationQuery) {
    const { state } = await this.commands.application.aggregate(caseId);
    if (state.status === 'NONE') throw new IntakeRuleError('application_not_found', 'There is no such application');
    assertJurisdiction(actor, state.jurisdiction);
    if (actor.role === 'auditor') {
      this.logger.log({ audit: 'personal-data-read', caseId, caseNumber: state.caseNumber, actorId: actor.id, role: actor.role }, 'auditor read an application');
    }
    const detail = detailOf(state, actor.role, reveal !== undefined);
    const persons = (state.form?.household.members ?? [])
      .map((m) => m.residentId)
      .filter((id): id is string => typeof id === 'string' && id.length === 18)
      .map((id) => this.hasher.hash(id));
    if (reveal === undefined) {
      await this.reads.record(actor, [{ subject: caseId, persons, fields: MASKED_READ_FIELDS }], READ_CHANNEL);
      return maskPersonalIdentifiers(detail);
    }
    const accountShown = DISBURSEMENT_ROLES.includes(actor.role) && Boolean(state.form?.bankAccount);
    await this.reads.record(actor, [{ subject: caseId, persons, fields: [...REVEALED_FIELDS, ...(accountShown ? [BANK_ACCOUNT_FIELD] : []), ...MASKED_READ_FIELDS] }], REVEAL_CHANNEL, reveal);
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
