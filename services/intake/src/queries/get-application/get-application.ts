import { Controller, Get, Inject, Logger, Param, ParseUUIDPipe } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { IntakeCommands } from '../../commands/intake-commands';
import { applicationDecider, applicationStreamId, IntakeRuleError } from '../../domain';
import { CASE_READER_ROLES } from '../../http/roles';
import { detailOf } from '../../applications/shared/application-view';

export class GetApplicationQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/**
 * The whole file, read from the event store (always current). The bank account number is masked
 * except for disbursement roles; an auditor's read of personal data is itself logged.
 */
@QueryHandler(GetApplicationQuery)
export class GetApplicationHandler implements IQueryHandler<GetApplicationQuery> {
  private readonly logger = new Logger('ApplicationReads');

  constructor(@Inject(IntakeCommands) private readonly commands: IntakeCommands) {}

  async execute({ caseId, actor }: GetApplicationQuery) {
    const { state } = await this.commands.load(applicationStreamId(caseId), applicationDecider);
    if (state.status === 'NONE') throw new IntakeRuleError('application_not_found', 'There is no such application');
    assertJurisdiction(actor, state.jurisdiction);
    if (actor.role === 'auditor') {
      this.logger.log({ audit: 'personal-data-read', caseId, caseNumber: state.caseNumber, actorId: actor.id, role: actor.role }, 'auditor read an application');
    }
    return detailOf(state, actor.role);
  }
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class GetApplicationController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: 'The application file (bank account masked except for disbursement officers)' })
  get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetApplicationQuery(caseId, actor));
  }
}
