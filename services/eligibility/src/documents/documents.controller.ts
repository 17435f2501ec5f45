import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { declareDocumentFields, PersonalRead } from '@sa/platform';
import type { Response } from 'express';
import { EligibilityPipelines } from '../commands/eligibility-pipelines';
import { actorRef } from '../review-cases/shared/case-command-response';
import {
  GetBenefitChangeLetterQuery,
  GetCollectiveDecisionResultsQuery,
  GetDecisionLetterQuery,
  GetPublicNoticeListQuery,
  ListIssuedDocumentsQuery,
  type RenderedNotice,
} from './document-queries.handler';
import { RecordDocumentIssuedCommand } from './record-document-issued.handler';

const CASE_READERS = ['street_officer', 'street_reviewer', 'county_approver', 'community_officer', 'auditor'] as const;
/**
 * The most a 审批决定书 shows unmasked: the applicant's name and, on an approval, the members covered, on a refusal the
 * written reasons. Each letter records what it shows (`decisionLetterFields`: a refusal lists no member).
 */
const LETTER_FIELDS = ['applicantName', 'membersCovered[]', 'reasons[]'] as const;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Printable documents of the review case (审核确认), rendered from the case's events only:
 * deterministic PDF bytes, the sha256 sent as ETag / X-Document-Digest and recorded as
 * DocumentIssued in `document-<caseId>` (once per digest), so a paper copy can be checked.
 *
 * Each print is a query then a command on the buses: the `Get…Query` renders the notice (the case as
 * the caller may see it: 404 / 403; pure over the case's events), then `RecordDocumentIssuedCommand`
 * records it (the officer and the instant in `metadata`), then the PDF is sent. The routes stay GETs:
 * printing is reading the decision, and recording the print is idempotent per digest (docs/CONVENTIONS.md).
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class EligibilityDocumentsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly commandBus: CommandBus,
    private readonly pipelines: EligibilityPipelines,
  ) {}

  /** Records the notice as issued on each of its cases (who: the caller; when: the injected clock), then sends the PDF. */
  private async issue(notice: RenderedNotice, actor: Actor, res: Response): Promise<void> {
    const { caseIds, doc, rendered, fields } = notice;
    if (fields) declareDocumentFields(res, fields);
    await this.commandBus.execute(new RecordDocumentIssuedCommand({ caseIds, doc, rendered }, { actor: actorRef(actor), now: this.pipelines.now() }));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${doc.kind.toLowerCase()}-${doc.reference}.pdf"`);
    res.setHeader('ETag', `"${rendered.digest}"`);
    res.setHeader('X-Document-Digest', rendered.digest);
    res.send(rendered.pdf);
  }

  @Get('review-cases/:caseId/documents')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'Documents issued for the case (kind, title, issue date, sha256, size, who printed it and when): compare a paper copy with its digest' })
  async issued(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new ListIssuedDocumentsQuery(caseId, actor));
  }

  @Get('review-cases/:caseId/documents/decision-letter')
  @Roles(...CASE_READERS)
  @PersonalRead({ fields: LETTER_FIELDS })
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '审批决定书 as PDF: approval (amount, programme, start month, members covered) or refusal (each reason, 行政复议 60 days / 行政诉讼 6 months and where); digest recorded as DocumentIssued',
  })
  async decisionLetter(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    await this.issue(await this.queryBus.execute(new GetDecisionLetterQuery(caseId, actor)), actor, res);
  }

  @Get('review-cases/:caseId/documents/benefit-changes/:decisionId')
  @Roles(...CASE_READERS)
  @PersonalRead({ fields: ['applicantName', 'reason.description'] })
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: '变更通知书 / 停发通知书 of one benefit-change decision as PDF: old and new amount, reason, effective month, remedies; digest recorded' })
  async benefitChange(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('decisionId', new ParseUUIDPipe()) decisionId: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    await this.issue(await this.queryBus.execute(new GetBenefitChangeLetterQuery(caseId, decisionId, actor)), actor, res);
  }

  @Get('public-notice-lists/:community')
  @Roles('street_officer', 'street_reviewer', 'community_officer', 'county_approver')
  @CheckJurisdiction({ param: 'community' })
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'on', required: false, description: 'Day the list is posted/printed, YYYY-MM-DD (default: today, Asia/Shanghai)' })
  @ApiOperation({
    summary: '公示名单 of one community (12-digit code) as PDF: every household whose notice runs on `on`, names masked (surname + 某), no ID/account/phone/health; digest recorded on each listed case',
  })
  async publicNoticeList(@Param('community') community: string, @Query('on') on: string | undefined, @CurrentActor() actor: Actor, @Res() res: Response) {
    if (!/^\d{12}$/.test(community)) throw new ValidationProblemException([{ field: 'community', message: 'must be a 12-digit community code' }]);
    if (on !== undefined && !ISO_DATE.test(on)) throw new ValidationProblemException([{ field: 'on', message: 'must be a date YYYY-MM-DD' }]);
    await this.issue(await this.queryBus.execute(new GetPublicNoticeListQuery(community, on, actor)), actor, res);
  }

  @Get('public-notice-lists/:community/collective-decision-results')
  @Roles('street_officer', 'street_reviewer', 'community_officer', 'county_approver')
  @CheckJurisdiction({ param: 'community' })
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'from', required: true, description: 'First decision date covered, YYYY-MM-DD' })
  @ApiQuery({ name: 'to', required: true, description: 'Last decision date covered, YYYY-MM-DD (at most 366 days after `from`)' })
  @ApiOperation({
    summary:
      '一事一议 结果公示 of one community as PDF: temporary assistance decided collectively (一事一议) between `from` and `to` — name masked (张某), household size, kind of hardship, amount decided, 经一事一议集体研究决定, decision date; no ID/account/phone/health; digest recorded on each listed case',
  })
  async collectiveDecisionResults(
    @Param('community') community: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    const errors: { field: string; message: string }[] = [];
    if (!/^\d{12}$/.test(community)) errors.push({ field: 'community', message: 'must be a 12-digit community code' });
    if (!from || !ISO_DATE.test(from)) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
    if (!to || !ISO_DATE.test(to)) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
    if (errors.length === 0 && from! > to!) errors.push({ field: 'to', message: 'must not be before from' });
    if (errors.length === 0 && Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) > 366 * 86_400_000) {
      errors.push({ field: 'to', message: 'must be at most 366 days after from' });
    }
    if (errors.length > 0) throw new ValidationProblemException(errors);
    await this.issue(await this.queryBus.execute(new GetCollectiveDecisionResultsQuery(community, from!, to!, actor)), actor, res);
  }
}
