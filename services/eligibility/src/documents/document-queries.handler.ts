import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { assertJurisdiction, type Actor } from '@sa/auth';
import { collectiveDecisionResultsList, documentStreamId, publicNoticeList, renderNotice, type NoticeDocument, type RenderedDocument } from '@sa/documents';
import { EVENT_STORE, StreamNotFoundError, type EventStore } from '@sa/eventstore';
import type { Repository } from 'typeorm';
import { EligibilityPipelines } from '../commands/eligibility-pipelines';
import { chineseDate, notFoundError, reviewCaseStreamId, type ReviewCaseEvent } from '../domain';
import { ReviewCaseRow } from '../read-models/review-case-row.entity';
import { benefitChangeLetter, benefitChangeLetterFields, collectiveResultEntry, decisionLetter, decisionLetterFields, publicNoticeEntry } from './decision-documents';

/**
 * What a document query answers: the notice, its deterministic PDF and digest, and the cases it is
 * issued on (one for a letter, every listed household for a list). Nothing is recorded by a query:
 * the controller sends `RecordDocumentIssuedCommand` with these before serving the PDF.
 */
export interface RenderedNotice {
  caseIds: string[];
  doc: NoticeDocument;
  rendered: RenderedDocument;
  /** The personal fields the document shows unmasked, for the read log (a letter; lists declare theirs on the route). */
  fields?: string[];
}

/** 审批决定书 of the case's (latest) decision (404 unknown case, 403 outside the caller's jurisdiction, 422 undecided). */
export class GetDecisionLetterQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/** 变更通知书 / 停发通知书 of one benefit-change decision of the case (404 unknown decision). */
export class GetBenefitChangeLetterQuery {
  constructor(
    readonly caseId: string,
    readonly decisionId: string,
    readonly actor: Actor,
  ) {}
}

/** 公示名单 of one community on `day` (checked input: a 12-digit code, YYYY-MM-DD; today when the caller gave none). */
export class GetPublicNoticeListQuery {
  constructor(
    readonly community: string,
    readonly day: string | undefined,
    readonly actor: Actor,
  ) {}
}

/** 一事一议 结果公示 of one community for decisions in [from, to] (checked input). */
export class GetCollectiveDecisionResultsQuery {
  constructor(
    readonly community: string,
    readonly from: string,
    readonly to: string,
    readonly actor: Actor,
  ) {}
}

/** The documents issued for the case (`document-<caseId>`): kind, digest, who printed it and when. */
export class ListIssuedDocumentsQuery {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {}
}

/** The case's events as the decision-document functions read them, once the caller may see the case (404 / 403). */
async function visibleEvents(pipelines: EligibilityPipelines, actor: Actor, caseId: string): Promise<ReviewCaseEvent[]> {
  const { events } = await pipelines.caseFor(actor, caseId);
  return events.map((r) => ({ type: r.type, data: r.data }) as ReviewCaseEvent);
}

/** A case's events, for a list that found it through the read model (the list's jurisdiction was checked). */
async function eventsOf(store: EventStore, caseId: string): Promise<ReviewCaseEvent[]> {
  const recorded = await store.readStream(reviewCaseStreamId(caseId));
  return recorded.map((r) => ({ type: r.type, data: r.data }) as ReviewCaseEvent);
}

const issuerOf = (community: string) => `乡镇人民政府（街道办事处）（区划${community.slice(0, 9)}）`;

@QueryHandler(GetDecisionLetterQuery)
export class GetDecisionLetterHandler implements IQueryHandler<GetDecisionLetterQuery, RenderedNotice> {
  constructor(private readonly pipelines: EligibilityPipelines) {}

  async execute({ caseId, actor }: GetDecisionLetterQuery): Promise<RenderedNotice> {
    const events = await visibleEvents(this.pipelines, actor, caseId);
    const doc = decisionLetter(events);
    return { caseIds: [caseId], doc, rendered: await renderNotice(doc), fields: decisionLetterFields(events) };
  }
}

@QueryHandler(GetBenefitChangeLetterQuery)
export class GetBenefitChangeLetterHandler implements IQueryHandler<GetBenefitChangeLetterQuery, RenderedNotice> {
  constructor(private readonly pipelines: EligibilityPipelines) {}

  async execute({ caseId, decisionId, actor }: GetBenefitChangeLetterQuery): Promise<RenderedNotice> {
    const events = await visibleEvents(this.pipelines, actor, caseId);
    const doc = benefitChangeLetter(events, decisionId);
    return { caseIds: [caseId], doc, rendered: await renderNotice(doc), fields: benefitChangeLetterFields(events, decisionId) };
  }
}

/**
 * The community's 公示名单: candidates from the case list (notice still running on the day), then each
 * case's events decide whether and how it is listed; names masked, no ID, account, phone or health detail.
 */
@QueryHandler(GetPublicNoticeListQuery)
export class GetPublicNoticeListHandler implements IQueryHandler<GetPublicNoticeListQuery, RenderedNotice> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    @InjectRepository(ReviewCaseRow) private readonly rows: Repository<ReviewCaseRow>,
  ) {}

  async execute({ community, day: given, actor }: GetPublicNoticeListQuery): Promise<RenderedNotice> {
    assertJurisdiction(actor, community, 'community');
    const day = given ?? this.pipelines.today();
    const candidates = await this.rows
      .createQueryBuilder('c')
      .select(['c.caseId'])
      .where('c.jurisdiction = :community', { community })
      .andWhere('c.noticeLastDay >= :day', { day })
      .getMany();
    const entries: NonNullable<ReturnType<typeof publicNoticeEntry>>[] = [];
    for (const row of candidates) {
      const entry = publicNoticeEntry(await eventsOf(this.pipelines.store, row.caseId), day);
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
      endsOn: chineseDate(last),
      ...(days !== undefined ? { days } : {}),
      issuer: issuerOf(community),
      issuedOn: day,
      entries,
    });
    return { caseIds: entries.map((e) => e.caseId), doc, rendered: await renderNotice(doc) };
  }
}

/** The community's 一事一议 结果公示: temporary assistance decided collectively in [from, to], unless a later decision replaced it. */
@QueryHandler(GetCollectiveDecisionResultsQuery)
export class GetCollectiveDecisionResultsHandler implements IQueryHandler<GetCollectiveDecisionResultsQuery, RenderedNotice> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    @InjectRepository(ReviewCaseRow) private readonly rows: Repository<ReviewCaseRow>,
  ) {}

  async execute({ community, from, to, actor }: GetCollectiveDecisionResultsQuery): Promise<RenderedNotice> {
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
      const entry = collectiveResultEntry(await eventsOf(this.pipelines.store, row.caseId), from, to);
      if (entry) entries.push(entry);
    }
    if (entries.length === 0) throw notFoundError('no_collective_decision', `No temporary assistance of community ${community} was decided by 一事一议 between ${from} and ${to}`);
    entries.sort((a, b) => (a.decidedOn === b.decidedOn ? a.caseNumber.localeCompare(b.caseNumber) : a.decidedOn.localeCompare(b.decidedOn)));
    const doc = collectiveDecisionResultsList({
      community,
      from,
      to,
      issuer: issuerOf(community),
      issuedOn: this.pipelines.today(),
      entries,
    });
    return { caseIds: entries.map((e) => e.caseId), doc, rendered: await renderNotice(doc) };
  }
}

@QueryHandler(ListIssuedDocumentsQuery)
export class ListIssuedDocumentsHandler implements IQueryHandler<ListIssuedDocumentsQuery> {
  constructor(
    private readonly pipelines: EligibilityPipelines,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ caseId, actor }: ListIssuedDocumentsQuery) {
    await this.pipelines.caseFor(actor, caseId);
    const recorded = await this.store.readStream(documentStreamId(caseId)).catch((e: unknown) => {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    });
    return recorded.map((r) => ({ ...(r.data as object), printedBy: r.metadata.actor, printedAt: r.metadata.occurredAt }));
  }
}
