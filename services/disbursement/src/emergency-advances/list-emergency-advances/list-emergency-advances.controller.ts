import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { PersonalRead } from '@sa/platform';
import { paging } from '../../shared/paging';
import { ADVANCE_STATUSES, ListEmergencyAdvancesQuery, type AdvanceStatus } from './list-emergency-advances.handler';

@ApiTags('emergency advances')
@ApiBearerAuth()
@Controller('disbursement/emergency-advances')
export class ListEmergencyAdvancesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('disbursement_officer', 'street_officer', 'county_approver', 'auditor')
  @PersonalRead({ list: true })
  @ApiOperation({ summary: '先行救助 list: approved advances of a jurisdiction (default: the caller’s), newest first, paged, each traced to its approval decision' })
  @ApiQuery({ name: 'jurisdiction', required: false, example: '330106' })
  @ApiQuery({ name: 'status', required: false, enum: ADVANCE_STATUSES })
  @ApiQuery({ name: 'caseNumber', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  list(
    @CurrentActor() actor: Actor,
    @Query('jurisdiction') jurisdiction?: string,
    @Query('status') status?: string,
    @Query('caseNumber') caseNumber?: string,
    @Query('limit') limitText?: string,
    @Query('offset') offsetText?: string,
  ) {
    const { limit, offset } = paging(limitText, offsetText);
    const scope = jurisdiction === undefined || jurisdiction === '' ? actor.jurisdiction : jurisdiction;
    const errors: { field: string; message: string }[] = [];
    if (!/^\d{6}(\d{3}){0,2}$/.test(scope)) errors.push({ field: 'jurisdiction', message: 'jurisdiction must be a division code of 6, 9 or 12 digits' });
    if (status !== undefined && status !== '' && !(ADVANCE_STATUSES as readonly string[]).includes(status)) errors.push({ field: 'status', message: `status must be one of ${ADVANCE_STATUSES.join(', ')}` });
    if (errors.length) throw new ValidationProblemException(errors);
    assertJurisdiction(actor, scope, 'jurisdiction');
    return this.queryBus.execute(new ListEmergencyAdvancesQuery(scope, { status: (status || undefined) as AdvanceStatus | undefined, caseNumber: caseNumber?.trim() || undefined }, limit, offset));
  }
}
