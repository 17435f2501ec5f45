import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { LEDGER_MEDIA_TYPES, openLedgerSink, yuanText, type LedgerColumn, type LedgerFormat } from '@sa/documents';
import { ValidationProblemException } from '@sa/errors';
import { CommandRoute } from '@sa/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { IMPACT_OUTCOME_LABELS, IMPACT_OUTCOMES, redeterminationRoundStreamId, type ImpactOutcome, type PolicyImpactSummary } from '../domain';
import { policyFromBody } from '../policies/publish-policy-version/publish-policy-version.controller';
import {
  DecideRedeterminationsCommand,
  EvaluatePolicyImpactCommand,
  ExportPolicyImpactCasesQuery,
  GetPolicyImpactQuery,
  ListPolicyImpactCasesQuery,
  ProposeRedeterminationsCommand,
} from './policy-impact.handlers';
import type { ImpactCaseRow } from './policy-impact.service';

const READERS = ['policy_admin', 'county_approver', 'auditor'] as const;

function integerParam(name: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new ValidationProblemException([{ field: name, message: `${name} must be a whole number from ${min} to ${max}` }]);
  return n;
}

function outcomeParam(raw: unknown): ImpactOutcome | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !(IMPACT_OUTCOMES as readonly string[]).includes(raw)) {
    throw new ValidationProblemException([{ field: 'outcome', message: `outcome must be one of ${IMPACT_OUTCOMES.join(', ')}` }]);
  }
  return raw as ImpactOutcome;
}

const EXPORT_COLUMNS: LedgerColumn[] = [
  { header: '案件编号', key: 'caseNumber', width: 22 },
  { header: '行政区划', key: 'jurisdiction', width: 14 },
  { header: '救助类别', key: 'program', width: 14 },
  { header: '测算结果', key: 'outcome', width: 16 },
  { header: '现月保障金（元）', key: 'before', width: 14 },
  { header: '新标准月保障金（元）', key: 'after', width: 16 },
  { header: '变化（元）', key: 'change', width: 12 },
  { header: '说明', key: 'explanation', width: 80 },
];

const PROGRAMME_ZH: Record<string, string> = {
  MINIMUM_LIVING_ALLOWANCE: '最低生活保障',
  LOW_INCOME_MARGINAL: '低保边缘',
  EXTREME_POVERTY_SUPPORT: '特困人员供养',
};

export class ProposeRedeterminationsDto {
  @ApiPropertyOptional({ description: 'The impact evaluation of this version (default: the latest one of the version in its division)' })
  @IsOptional()
  @IsUUID()
  impactId?: string;
}

export class DecideRedeterminationsDto {
  @ApiProperty({ type: [String], description: '1–500 case ids, each once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  @Type(() => String)
  caseIds!: string[];

  @ApiProperty({ enum: ['APPROVE', 'REJECT'] }) @IsIn(['APPROVE', 'REJECT']) decision!: 'APPROVE' | 'REJECT';
  @ApiProperty({ example: '按新低保标准统一调整，经审核确认' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(500, { each: true }) evidenceRefs?: string[];
}

@ApiTags('policies: caseload impact')
@Controller('policies')
export class PolicyImpactController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  /**
   * Evaluates every case of the draft's division under the draft (same validation as publishing):
   * counts per outcome, monthly cost before/after, the impact id of the stored per-case list.
   */
  @Post('impact')
  @CommandRoute()
  @HttpCode(201)
  @Roles('policy_admin')
  @ApiBody({ description: 'A whole draft policy version, as for POST /policies/:policyId/versions', schema: { type: 'object' } })
  @ApiQuery({ name: 'refusalMonths', required: false, description: 'Refusals decided in the last N months are checked for NEWLY_ELIGIBLE (default 12, 1–60)' })
  async evaluate(@Body() body: Record<string, unknown>, @Query('refusalMonths') refusalMonths: unknown, @CurrentActor() actor: Actor) {
    const months = integerParam('refusalMonths', refusalMonths, 12, 1, 60);
    const { version } = policyFromBody(body);
    return this.commandBus.execute(new EvaluatePolicyImpactCommand(version, months, actor));
  }

  @Get('impact/:impactId')
  @Roles(...READERS)
  async summary(@Param('impactId', new ParseUUIDPipe()) impactId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetPolicyImpactQuery(impactId, actor));
  }

  /** The per-case list (stored, never recomputed): before/after amount and the explanation lines. */
  @Get('impact/:impactId/cases')
  @Roles(...READERS)
  @ApiQuery({ name: 'outcome', required: false, enum: IMPACT_OUTCOMES })
  @ApiQuery({ name: 'page', required: false, description: 'From 1 (default 1)' })
  @ApiQuery({ name: 'pageSize', required: false, description: '1–500 (default 50)' })
  @ApiOkResponse({ description: '{ impactId, outcome, page, pageSize, total, items: [{ caseId, caseNumber, outcome, beforeFen, afterFen, changeFen, explanation[] }] }' })
  async cases(
    @Param('impactId', new ParseUUIDPipe()) impactId: string,
    @Query('outcome') outcome: unknown,
    @Query('page') page: unknown,
    @Query('pageSize') pageSize: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.queryBus.execute(
      new ListPolicyImpactCasesQuery(impactId, actor, {
        ...(outcomeParam(outcome) ? { outcome: outcomeParam(outcome)! } : {}),
        page: integerParam('page', page, 1, 1, 1_000_000),
        pageSize: integerParam('pageSize', pageSize, 50, 1, 500),
      }),
    );
  }

  @Get('impact/:impactId/cases.csv')
  @Roles(...READERS)
  @ApiProduces(LEDGER_MEDIA_TYPES.csv)
  @ApiQuery({ name: 'outcome', required: false, enum: IMPACT_OUTCOMES })
  async exportCsv(@Param('impactId', new ParseUUIDPipe()) impactId: string, @Query('outcome') outcome: unknown, @CurrentActor() actor: Actor, @Res() res: Response) {
    await this.export(impactId, outcomeParam(outcome), 'csv', actor, res);
  }

  @Get('impact/:impactId/cases.xlsx')
  @Roles(...READERS)
  @ApiProduces(LEDGER_MEDIA_TYPES.xlsx)
  @ApiQuery({ name: 'outcome', required: false, enum: IMPACT_OUTCOMES })
  async exportXlsx(@Param('impactId', new ParseUUIDPipe()) impactId: string, @Query('outcome') outcome: unknown, @CurrentActor() actor: Actor, @Res() res: Response) {
    await this.export(impactId, outcomeParam(outcome), 'xlsx', actor, res);
  }

  /** Streamed in keyset pages (exceljs WorkbookWriter for xlsx): memory does not grow with the caseload. */
  private async export(impactId: string, outcome: ImpactOutcome | undefined, format: LedgerFormat, actor: Actor, res: Response): Promise<void> {
    const { summary, pages } = await this.queryBus.execute<ExportPolicyImpactCasesQuery, { summary: PolicyImpactSummary; pages: AsyncGenerator<ImpactCaseRow[]> }>(
      new ExportPolicyImpactCasesQuery(impactId, outcome, actor),
    );
    res.setHeader('Content-Type', LEDGER_MEDIA_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="policy-impact-${summary.draft.version}${outcome ? `-${outcome}` : ''}.${format}"`);
    const sink = openLedgerSink(res, format, '标准调整测算', EXPORT_COLUMNS);
    for await (const page of pages) {
      for (const c of page) {
        await sink.add({
          caseNumber: c.caseNumber,
          jurisdiction: c.jurisdiction,
          program: PROGRAMME_ZH[c.program] ?? c.program,
          outcome: IMPACT_OUTCOME_LABELS[c.outcome],
          before: format === 'csv' ? yuanText(c.beforeFen) : c.beforeFen / 100,
          after: format === 'csv' ? yuanText(c.afterFen) : c.afterFen / 100,
          change: format === 'csv' ? yuanText(c.changeFen) : c.changeFen / 100,
          explanation: c.explanation.join('；'),
        });
      }
    }
    await sink.end();
  }

  /**
   * After publication: one re-determination proposal per changed case of the version's impact
   * (idempotent per case). The run is recorded on the version's re-determination round
   * (`redeterminationRound-<version>`): `If-Match` is that round's revision (the `ETag` of the previous
   * batch answer; `"-1"` before the first), checked before any case is touched.
   */
  @Post(':versionId/redeterminations')
  @CommandRoute({ stream: (p) => redeterminationRoundStreamId(p.versionId) })
  @HttpCode(201)
  @Roles('policy_admin')
  @ApiOkResponse({ description: '{ policyVersion, impactId, proposed, alreadyProposed, unchanged, skipped[], run }' })
  async propose(@Param('versionId') versionId: string, @Body() dto: ProposeRedeterminationsDto, @CurrentActor() actor: Actor) {
    return this.commandBus.execute(new ProposeRedeterminationsCommand(versionLabel(versionId), dto.impactId, actor));
  }

  /**
   * The county decides proposed re-determinations of the version in a batch, all or nothing: approval =
   * a BenefitChangeDecided per case (published as BenefitChanged, payments follow), rejection = a
   * BenefitChangeRejected. Four eyes: the proposer may not decide (403 naming each case). A case whose
   * proposal is of another version is refused (409 naming it). The batch is recorded on the version's
   * round in the same transaction as the first cases: `If-Match` is the round's revision.
   */
  @Post(':versionId/redeterminations/decisions')
  @CommandRoute({ stream: (p) => redeterminationRoundStreamId(p.versionId) })
  @HttpCode(201)
  @Roles('county_approver')
  async decide(@Param('versionId') versionId: string, @Body() dto: DecideRedeterminationsDto, @CurrentActor() actor: Actor) {
    const version = versionLabel(versionId);
    const seen = new Set<string>();
    const duplicates = dto.caseIds.map((id, i) => ({ id: id.toLowerCase(), i })).filter(({ id }) => (seen.has(id) ? true : (seen.add(id), false)));
    if (duplicates.length > 0) throw new ValidationProblemException(duplicates.map(({ i }) => ({ field: `caseIds[${i}]`, message: 'is listed twice' })));
    return this.commandBus.execute(
      new DecideRedeterminationsCommand(version, dto.caseIds.map((c) => c.toLowerCase()), dto.decision, dto.reason.trim(), dto.evidenceRefs ?? [], actor),
    );
  }
}

/** A policy version label in the path (400 naming `versionId` otherwise). */
function versionLabel(versionId: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(versionId)) throw new ValidationProblemException([{ field: 'versionId', message: 'versionId must be a policy version label' }]);
  return versionId;
}
