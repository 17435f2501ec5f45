import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CheckJurisdiction, Roles } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import type { Response } from 'express';
import { DIVISION_LEVELS, monthlyReport, statisticsCsv, type DivisionLevel } from '../domain';
import { StatisticsFacts } from '../read-models/statistics-projection';
import { writeStatisticsXlsx } from './statistics-xlsx';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 民政统计 月报: the month's figures per district and programme computed from the events (eligibility's
 * decisions for the persons covered, disbursement's payment runs for households and amounts). No
 * personal data: counts and sums only. `asOf` gives the figures as the log stood at that instant
 * (events recorded later — corrections, returns — left out), so a past report can be reproduced.
 * The events are read from the statistics read model (`statistics_facts`, slim facts kept by a projection)
 * plus the few the projection has not applied yet, not from the whole event store.
 */
@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(@Inject(StatisticsFacts) private readonly facts: StatisticsFacts) {}

  @Get('monthly')
  @Roles('county_approver', 'disbursement_officer', 'policy_admin', 'auditor')
  @CheckJurisdiction({ query: 'division' })
  @ApiQuery({ name: 'month', description: 'YYYY-MM' })
  @ApiQuery({ name: 'division', description: 'Division code (6-digit district, or a wider code); the caller\'s jurisdiction must cover it' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO instant: the figures as recorded up to then (the corrected view; default now)' })
  @ApiQuery({ name: 'reportedAsOf', required: false, description: 'ISO instant of the "as reported" view (default: the end of the month, Asia/Shanghai)' })
  @ApiQuery({ name: 'level', required: false, enum: DIVISION_LEVELS, description: 'Rows per county (default), street or community' })
  @ApiOperation({
    summary:
      'Monthly statistics per division and programme: households, persons (and by group), payments, amounts in fen; process figures; the month as known at month end (asReported) and as corrected since, with the corrections (JSON, CSV or the monthly-report .xlsx)',
  })
  async monthly(
    @Query('month') month: string | undefined,
    @Query('division') division: string,
    @Query('format') format: string | undefined,
    @Query('asOf') asOf: string | undefined,
    @Query('reportedAsOf') reportedAsOf: string | undefined,
    @Query('level') level: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const problems: { field: string; message: string }[] = [];
    if (typeof month !== 'string' || !MONTH.test(month)) problems.push({ field: 'month', message: 'must be YYYY-MM' });
    if (format !== undefined && format !== 'json' && format !== 'csv' && format !== 'xlsx') problems.push({ field: 'format', message: 'must be json, csv or xlsx' });
    if (level !== undefined && !(DIVISION_LEVELS as string[]).includes(level)) problems.push({ field: 'level', message: `must be one of ${DIVISION_LEVELS.join(', ')}` });
    const instant = (field: string, value: string | undefined) => {
      if (value === undefined) return undefined;
      const at = new Date(value);
      if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) problems.push({ field, message: 'must be an ISO-8601 instant' });
      return at;
    };
    const until = instant('asOf', asOf);
    const reportedUntil = instant('reportedAsOf', reportedAsOf);
    if (problems.length > 0) throw new ValidationProblemException(problems);
    const { events } = await this.facts.read(until);
    const stats = monthlyReport(events, {
      month: month!,
      division,
      ...(level ? { level: level as DivisionLevel } : {}),
      ...(until ? { correctedAsOf: until } : {}),
      ...(reportedUntil ? { reportedAsOf: reportedUntil } : {}),
    });
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="statistics-${division}-${month}.csv"`);
      res.send(statisticsCsv(stats));
      return;
    }
    if (format === 'xlsx') {
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="statistics-${division}-${month}.xlsx"`);
      await writeStatisticsXlsx(stats, res);
      res.end();
      return;
    }
    res.json({ ...stats, ...(asOf ? { asOf } : {}) });
  }
}
