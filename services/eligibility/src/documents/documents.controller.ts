import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { collectiveDecisionResultsList, documentStreamId, type NoticeDocument, publicNoticeList, recordIssuedDocument, renderNotice, type RenderedDocument } from '@sa/documents';
import { EVENT_STORE, StreamNotFoundError, type EventStore } from '@sa/eventstore';
import { ValidationProblemException } from '@sa/errors';
import { declareDocumentFields, PersonalRead } from '@sa/platform';
import { CLOCK, shanghaiDate, shanghaiInstant, type Clock } from '@sa/time';
import type { Response } from 'express';
import type { Repository } from 'typeorm';
import { notFoundError, reviewCaseStreamId, type ReviewCaseEvent } from '../domain';
import { ReviewCaseRow } from '../read-models/review-case-row.entity';
import { benefitChangeLetter, benefitChangeLetterFields, collectiveResultEntry, decisionLetter, decisionLetterFields, foldReviewCase, publicNoticeEntry } from './decision-documents';

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
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class EligibilityDocumentsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectRepository(ReviewCaseRow) private readonly rows: Repository<ReviewCaseRow>,
  ) {}

  private async events(caseId: string): Promise<ReviewCaseEvent[]> {
    const recorded = await this.store.readStream(reviewCaseStreamId(caseId));
    return recorded.map((r) => ({ type: r.type, data: r.data }) as ReviewCaseEvent);
  }

  /** The case's events, once the caller's jurisdiction is known to cover it (404 / 403 otherwise). */
  private async visibleEvents(caseId: string, actor: Actor): Promise<ReviewCaseEvent[]> {
    const events = await this.events(caseId);
    const state = foldReviewCase(events);
    if (state.status === 'NONE' || !state.jurisdiction) throw notFoundError('case_not_found', `No review case ${caseId}`);
    assertJurisdiction(actor, state.jurisdiction, 'caseId');
    return events;
  }

  private async send(res: Response, doc: NoticeDocument, rendered: RenderedDocument): Promise<void> {
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${doc.kind.toLowerCase()}-${doc.reference}.pdf"`);
    res.setHeader('ETag', `"${rendered.digest}"`);
    res.setHeader('X-Document-Digest', rendered.digest);
    res.send(rendered.pdf);
  }

  private async issue(caseIds: string[], doc: NoticeDocument, actor: Actor, res: Response): Promise<void> {
    const rendered = await renderNotice(doc);
    const occurredAt = shanghaiInstant(this.clock.now());
    for (const caseId of caseIds) {
      await recordIssuedDocument(this.store, { caseId, doc, rendered, actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, occurredAt });
    }
    await this.send(res, doc, rendered);
  }

  @Get('review-cases/:caseId/documents')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'Documents issued for the case (kind, title, issue date, sha256, size, who printed it and when): compare a paper copy with its digest' })
  async issued(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    await this.visibleEvents(caseId, actor);
    try {
      const recorded = await this.store.readStream(documentStreamId(caseId));
      return recorded.map((r) => ({ ...(r.data as object), printedBy: r.metadata.actor, printedAt: r.metadata.occurredAt }));
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
  }

  @Get('review-cases/:caseId/documents/decision-letter')
  @Roles(...CASE_READERS)
  @PersonalRead({ fields: LETTER_FIELDS })
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '审批决定书 as PDF: approval (amount, programme, start month, members covered) or refusal (each reason, 行政复议 60 days / 行政诉讼 6 months and where); digest recorded as DocumentIssued',
  })
  async decisionLetter(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const events = await this.visibleEvents(caseId, actor);
    const doc = decisionLetter(events);
    declareDocumentFields(res, decisionLetterFields(events));
    await this.issue([caseId], doc, actor, res);
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
    const events = await this.visibleEvents(caseId, actor);
    const doc = benefitChangeLetter(events, decisionId);
    declareDocumentFields(res, benefitChangeLetterFields(events, decisionId));
    await this.issue([caseId], doc, actor, res);
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
    const day = on ?? shanghaiDate(this.clock.now());
    if (!ISO_DATE.test(day)) throw new ValidationProblemException([{ field: 'on', message: 'must be a date YYYY-MM-DD' }]);
    assertJurisdiction(actor, community, 'community');
    const candidates = await this.rows
      .createQueryBuilder('c')
      .select(['c.caseId'])
      .where('c.jurisdiction = :community', { community })
      .andWhere('c.noticeLastDay >= :day', { day })
      .getMany();
    const entries: NonNullable<ReturnType<typeof publicNoticeEntry>>[] = [];
    for (const row of candidates) {
      const entry = publicNoticeEntry(await this.events(row.caseId), day);
      if (entry) entries.push(entry);
    }
    if (entries.length === 0) throw notFoundError('no_public_notice', `No household of community ${community} is in public notice on ${day}`);
    entries.sort((a, b) => (a.notice.postedOn === b.notice.postedOn ? a.caseNumber.localeCompare(b.caseNumber) : a.notice.postedOn.localeCompare(b.notice.postedOn)));
    const first = entries.map((e) => e.notice.postedOn).sort()[0]!;
    const last = entries.map((e) => e.notice.lastDay).sort().reverse()[0]!;
    const days = entries.every((e) => e.notice.days === entries[0]!.notice.days) ? entries[0]!.notice.days : undefined;
    const doc = publicNoticeList({
      community,
      postedOn: first,
      endsOn: `${last.slice(0, 4)}年${Number(last.slice(5, 7))}月${Number(last.slice(8, 10))}日`,
      ...(days !== undefined ? { days } : {}),
      issuer: `乡镇人民政府（街道办事处）（区划${community.slice(0, 9)}）`,
      issuedOn: day,
      entries,
    });
    await this.issue(
      entries.map((e) => e.caseId),
      doc,
      actor,
      res,
    );
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
    assertJurisdiction(actor, community, 'community');
    const candidates = await this.rows
      .createQueryBuilder('c')
      .select(['c.caseId'])
      .where('c.jurisdiction = :community', { community })
      .andWhere('c.program = :program', { program: 'TEMPORARY_ASSISTANCE' })
      .andWhere('c.decidedOn BETWEEN :from AND :to', { from, to })
      .getMany();
    const entries: NonNullable<ReturnType<typeof collectiveResultEntry>>[] = [];
    for (const row of candidates) {
      const entry = collectiveResultEntry(await this.events(row.caseId), from!, to!);
      if (entry) entries.push(entry);
    }
    if (entries.length === 0) throw notFoundError('no_collective_decision', `No temporary assistance of community ${community} was decided by 一事一议 between ${from} and ${to}`);
    entries.sort((a, b) => (a.decidedOn === b.decidedOn ? a.caseNumber.localeCompare(b.caseNumber) : a.decidedOn.localeCompare(b.decidedOn)));
    const doc = collectiveDecisionResultsList({
      community,
      from: from!,
      to: to!,
      issuer: `乡镇人民政府（街道办事处）（区划${community.slice(0, 9)}）`,
      issuedOn: shanghaiDate(this.clock.now()),
      entries,
    });
    await this.issue(
      entries.map((e) => e.caseId),
      doc,
      actor,
      res,
    );
  }
}
