import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { PersonalRead } from '@sa/platform';
import { paging, type Page } from '../../shared/paging';
import { ListEntitlementsQuery, type EntitlementListItem } from './list-entitlements.handler';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller('disbursement/entitlements')
export class ListEntitlementsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('disbursement_officer', 'auditor', 'county_approver')
  @PersonalRead({ list: true })
  @ApiOperation({ summary: '待遇名单: the entitlements of a jurisdiction (default: the caller’s), by case number, paged on the server, with this month’s amount' })
  @ApiQuery({ name: 'jurisdiction', required: false, example: '330106' })
  @ApiQuery({ name: 'caseNumber', required: false, description: 'Exact case number' })
  @ApiQuery({ name: 'limit', required: false, example: 20 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  list(
    @CurrentActor() actor: Actor,
    @Query('jurisdiction') jurisdiction?: string,
    @Query('caseNumber') caseNumber?: string,
    @Query('limit') limitText?: string,
    @Query('offset') offsetText?: string,
  ): Promise<Page<EntitlementListItem>> {
    const { limit, offset } = paging(limitText, offsetText);
    const scope = jurisdiction === undefined || jurisdiction === '' ? actor.jurisdiction : jurisdiction;
    if (!/^\d{6}(\d{3}){0,2}$/.test(scope)) throw new ValidationProblemException([{ field: 'jurisdiction', message: 'jurisdiction must be a division code of 6, 9 or 12 digits' }]);
    assertJurisdiction(actor, scope, 'jurisdiction');
    return this.queryBus.execute(new ListEntitlementsQuery(scope, caseNumber, limit, offset));
  }
}
