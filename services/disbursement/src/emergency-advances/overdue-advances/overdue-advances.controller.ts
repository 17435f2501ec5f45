import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckJurisdiction, Roles } from '@sa/auth';
import { OverdueAdvancesQuery } from './overdue-advances.handler';

@ApiTags('emergency advances')
@ApiBearerAuth()
@Controller('disbursement/emergency-advances')
export class OverdueAdvancesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('overdue')
  @Roles('disbursement_officer', 'street_officer', 'county_approver', 'auditor')
  @CheckJurisdiction({ query: 'jurisdiction' })
  @ApiOperation({ summary: 'Emergency advances whose paperwork is overdue' })
  overdue(@Query('jurisdiction') jurisdiction: string) {
    return this.queryBus.execute(new OverdueAdvancesQuery(jurisdiction));
  }
}
