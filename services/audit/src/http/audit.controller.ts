import { Body, Controller, Get, Headers, HttpCode, Inject, Optional, Param, Post, Query, Req, Res, SetMetadata } from '@nestjs/common';
import type { KeyStore } from '@sa/crypto';
import { KEY_STORE } from '@sa/platform';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles, assertJurisdiction } from '@sa/auth';
import { PROBLEM_TYPES, ProblemException, ValidationProblemException } from '@sa/errors';
import type { Request, Response } from 'express';
import { AuditService, CASE_NUMBER, assertCaseId, type CaseAccessCheck } from '../application/audit-service';
import { AuditRecords } from '../application/audit-store';
import {
  AuditInputError,
  type AsOfMode,
  EXPLANATION_LISTS,
  PageParameterError,
  STATE_LISTS,
  categoryOf,
  listPage,
  parseLimit,
  parseOffset,
  renderHistoryHtml,
  withListsByReference,
} from '../domain';
import { CheckpointDto, VerifyDto } from './dto';
import { representation, sendJson } from './representation';

function problemOf(e: unknown): unknown {
  if (e instanceof PageParameterError) return new ValidationProblemException([{ field: e.field, message: e.message }]);
  if (e instanceof AuditInputError) {
    const type = e.status === 404 ? PROBLEM_TYPES.notFound : e.status === 422 ? PROBLEM_TYPES.businessRule(e.code) : PROBLEM_TYPES.badRequest;
    return new ProblemException(e.status, { type, detail: e.message, code: e.code });
  }
  return e;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw problemOf(e);
  }
}

/** The purpose of a read: `?purpose=` or the `X-Audit-Purpose` header (percent-encoded for non-ASCII). */
function purposeOf(query: string | undefined, header: string | undefined): string {
  let value = query ?? '';
  if (!value.trim() && header) {
    try {
      value = decodeURIComponent(header);
    } catch {
      value = header;
    }
  }
  value = value.trim();
  if (value.length < 2 || value.length > 500) {
    throw new ValidationProblemException([
      { field: 'purpose', message: 'a purpose of the read (2–500 characters) is required: ?purpose= or the X-Audit-Purpose header' },
    ]);
  }
  return value;
}

/**
 * A provincial auditor: jurisdiction `<2-digit province>0000` (e.g. 330000). Only they run the
 * store-wide operations (checkpoints, whole-store or single-stream verification, the read-access
 * log across cases) and read every case of the province. See the README's "Jurisdiction".
 */
export function isProvincialAuditor(actor: Pick<Actor, 'jurisdiction'>): boolean {
  return /^\d{2}0000$/.test(actor.jurisdiction);
}

function outside(actor: Actor, detail: string): ProblemException {
  return new ProblemException(403, { type: PROBLEM_TYPES.outsideJurisdiction, title: 'Outside your jurisdiction', detail: `${detail} (your jurisdiction: ${actor.jurisdiction}).` });
}

/**
 * Route metadata marking a store-wide operation (provincial auditor only), read by the authorization
 * matrix (test/security) so the rule is in the route table, not only in the handler.
 */
export const STORE_WIDE = 'sa:audit:store-wide';
const StoreWide = () => SetMetadata(STORE_WIDE, true);

/** Store-wide operations need a provincial auditor (403 otherwise). */
function assertProvincial(actor: Actor, operation: string): void {
  if (!isProvincialAuditor(actor)) throw outside(actor, `${operation} spans the whole store: a provincial auditor (jurisdiction <province>0000) is needed`);
}

/**
 * An auditor reads the cases of their jurisdiction (a district auditor: that district's cases; a
 * provincial auditor: every case whose division starts with the province's two digits). A case
 * without a recorded jurisdiction is readable by a provincial auditor only.
 */
const within =
  (actor: Actor): CaseAccessCheck =>
  (jurisdiction) => {
    if (isProvincialAuditor(actor)) {
      if (jurisdiction === null || jurisdiction.startsWith(actor.jurisdiction.slice(0, 2))) return;
      throw outside(actor, `Division ${jurisdiction} is outside your province`);
    }
    if (jurisdiction === null) throw outside(actor, 'The case has no recorded jurisdiction: only a provincial auditor reads it');
    assertJurisdiction(actor, jurisdiction);
  };

/**
 * The officers who work on a case read its timeline (办理记录) within their jurisdiction (a community officer: their
 * community's cases; a street officer or reviewer: their street's; a county approver or disbursement officer: their
 * district's); an auditor as for every case read. A case with no recorded jurisdiction: a provincial auditor only.
 */
const workingOn =
  (actor: Actor): CaseAccessCheck =>
  (jurisdiction) => {
    if (actor.role === 'auditor') return within(actor)(jurisdiction);
    if (jurisdiction === null) throw outside(actor, 'The case has no recorded jurisdiction: only a provincial auditor reads it');
    assertJurisdiction(actor, jurisdiction);
  };

/** The purpose logged for a timeline read when the case page gives none: the officer's work on the case. */
export const TIMELINE_DEFAULT_PURPOSE = '案件办理(工作台查看办理记录)';

/** A query string of the given parameters (undefined left out), `?…` or ''. */
function queryOf(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** `?lists=` of the state and the explanation: `ref` (default: long lists as `{ count, href }`) or `inline`. */
function listsMode(value: string | undefined): 'ref' | 'inline' {
  if (value === undefined || value === 'ref') return 'ref';
  if (value === 'inline') return 'inline';
  throw new ValidationProblemException([{ field: 'lists', message: "lists must be 'ref' or 'inline'" }]);
}

function listOf(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}


/**
 * Audit reads that show a case's personal data opened (the decrypted event payloads: names,
 * resident IDs, incomes…), with the fields recorded in the shared read log. The timeline (event
 * types, officers), the verification and the read-access log show no person's data.
 */
const PERSONAL_READS: Readonly<Record<string, readonly string[]>> = {
  history: ['entries[].data'],
  state: ['streams[].state'],
  explanation: ['explanation.inputs'],
};

@ApiTags('audit')
@Controller('audit')
@Roles('auditor')
export class AuditController {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditRecords) private readonly records: AuditRecords,
    @Optional() @Inject(KEY_STORE) private readonly keys: KeyStore | null = null,
  ) {}

  /**
   * Every read is logged in the audit's read-access log; a read that shows the case's personal data
   * opened (history, state, explanation: the decrypted event payloads) is also recorded in the
   * deployment's shared hash-chained read log (issue #18 item 6), the one intake's "谁看过我的档案"
   * reads — before the answer is sent, as the read-access row.
   */
  private async logRead(actor: Actor, caseId: string, action: string, purpose: string, detail: Record<string, unknown> = {}) {
    await this.records.recordRead({
      actorId: actor.id,
      actorRole: actor.role,
      actorJurisdiction: actor.jurisdiction,
      caseId: caseId.toLowerCase(),
      action,
      purpose,
      detail,
    });
    const fields = PERSONAL_READS[action];
    if (fields && this.keys) {
      await this.keys.readLog.record({
        actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction },
        subject: caseId.toLowerCase(),
        persons: [],
        fields: [...fields],
        purpose,
        channel: `http GET /audit/cases/:caseId/${action}`,
      });
    }
  }

  @Get('cases')
  @ApiOperation({
    summary: 'The case with this 案件编号 (?caseNumber=330106-2026-000001): its id and jurisdiction, within the auditor’s jurisdiction',
    description:
      'What the workbench resolves a typed case number with. 400 problem+json naming `caseNumber` when malformed, 404 when no case has it, 403 outside the jurisdiction. Shows no personal data (not in the read log).',
  })
  async caseByNumber(@CurrentActor() actor: Actor, @Query('caseNumber') caseNumber?: string) {
    const typed = (caseNumber ?? '').trim();
    if (!CASE_NUMBER.test(typed)) {
      throw new ValidationProblemException([{ field: 'caseNumber', message: 'caseNumber must be a case number such as 330106-2026-000001' }]);
    }
    return guarded(async () => {
      const found = await this.audit.caseByNumber(typed, within(actor));
      if (!found) throw new AuditInputError('case_not_found', `No case has the number ${typed}`, 404);
      return found;
    });
  }

  @Get('cases/:caseId/history')
  @ApiOperation({
    summary: "A case's history across contexts, paged (JSON: ?limit=1–1000, default 100, &after=<nextAfter>), or the whole printable report (?format=html: 案件审计报告)",
  })
  async history(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query('purpose') purposeQuery?: string,
    @Headers('x-audit-purpose') purposeHeader?: string,
    @Query('type') type?: string | string[],
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('actor') actorId?: string,
    @Query('format') format?: string,
    @Query('limit') limitQuery?: string,
    @Query('after') after?: string,
  ): Promise<void> {
    return guarded(async () => {
      assertCaseId(caseId);
      const purpose = purposeOf(purposeQuery, purposeHeader);
      if (format !== undefined && format !== 'json' && format !== 'html') {
        throw new ValidationProblemException([{ field: 'format', message: "format must be 'json' or 'html'" }]);
      }
      const filters = { types: listOf(type), from, to, actorId };
      if (format === 'html') {
        // The printed case file: the whole history, never paged. It leads with the decisions and the chain
        // verification of the case: both from the log as it is now.
        const entries = await this.audit.history(caseId, filters, within(actor));
        await this.logRead(actor, caseId, 'history', purpose, { format: 'html', type: listOf(type) ?? null, from: from ?? null, to: to ?? null, actor: actorId ?? null });
        const [events, verification] = await Promise.all([this.audit.caseEvents(caseId), this.audit.verify({ caseId }, within(actor))]);
        res.type('text/html; charset=utf-8');
        res.send(renderHistoryHtml({ caseId, entries, events, verification, generatedAt: new Date().toISOString(), generatedBy: actor.id, purpose }));
        return;
      }
      const limit = parseLimit(limitQuery);
      const { owner, page } = await this.audit.historyPage(caseId, filters, limit, after === '' ? undefined : after, within(actor));
      await this.logRead(actor, caseId, 'history', purpose, {
        format: 'json',
        type: listOf(type) ?? null,
        from: from ?? null,
        to: to ?? null,
        actor: actorId ?? null,
        limit,
        after: page.after,
      });
      const next =
        page.nextAfter === null
          ? null
          : `/audit/cases/${caseId}/history${queryOf({ type: listOf(type)?.join(','), from, to, actor: actorId, limit: String(limit), after: page.nextAfter })}`;
      const rep = representation(owner, `history:${limit}:${page.after ?? ''}`, () => ({ caseId, ...page, next }));
      sendJson(req, res, rep, next ? { Link: `<${next}>; rel="next"` } : {});
    });
  }

  @Get('cases/:caseId/timeline')
  @Roles('community_officer', 'street_officer', 'street_reviewer', 'county_approver', 'disbursement_officer', 'auditor')
  @ApiOperation({ summary: "The case's timeline (办理记录) across the five contexts, newest first, routine system events folded into their step" })
  async timeline(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query('purpose') purposeQuery?: string,
    @Headers('x-audit-purpose') purposeHeader?: string,
  ): Promise<void> {
    return guarded(async () => {
      assertCaseId(caseId);
      // Officers read the timeline as part of their work on the case: a purpose is optional (logged as given, or the default).
      const given = purposeQuery !== undefined || purposeHeader !== undefined;
      const purpose = given ? purposeOf(purposeQuery, purposeHeader) : TIMELINE_DEFAULT_PURPOSE;
      const entries = await this.audit.timeline(caseId, workingOn(actor));
      await this.logRead(actor, caseId, 'timeline', purpose);
      sendJson(req, res, representation(entries, 'timeline', () => ({ caseId, count: entries.length, entries })));
    });
  }

  @Get('cases/:caseId/state')
  @ApiOperation({
    summary:
      "The case as of a moment: mode=true (business time) or mode=known (recording time). The review case's long lists (visits, inquiries, letters) come as { count, href } (?lists=inline: in full)",
  })
  async state(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query('asOf') asOf?: string,
    @Query('mode') mode?: string,
    @Query('lists') lists?: string,
    @Query('purpose') purposeQuery?: string,
    @Headers('x-audit-purpose') purposeHeader?: string,
  ): Promise<void> {
    return guarded(async () => {
      assertCaseId(caseId);
      const purpose = purposeOf(purposeQuery, purposeHeader);
      const m = this.asOfMode(asOf, mode);
      const shape = listsMode(lists);
      const result = await this.audit.state(caseId, asOf!, m, within(actor));
      await this.logRead(actor, caseId, 'state', purpose, { asOf, mode: m, ...(shape === 'inline' ? { lists: 'inline' } : {}) });
      const rep = representation(result, `state:${shape}`, () =>
        shape === 'inline'
          ? { caseId, ...result }
          : {
              caseId,
              ...result,
              streams: result.streams.map((s) => {
                const names = STATE_LISTS[categoryOf(s.streamId)];
                if (!names || !s.state || typeof s.state !== 'object') return s;
                const href = (list: string) => `/audit/cases/${caseId}/state/streams/${encodeURIComponent(s.streamId)}/${list}${queryOf({ asOf, mode: m })}`;
                return { ...s, state: withListsByReference(s.state, names, href) };
              }),
            },
      );
      sendJson(req, res, rep);
    });
  }

  @Get('cases/:caseId/state/streams/:streamId/:list')
  @ApiOperation({ summary: "A long list of a stream's state as of a moment (e.g. the review case's visits), paged: ?asOf=&mode=&limit=&after=" })
  async stateList(
    @Param('caseId') caseId: string,
    @Param('streamId') streamId: string,
    @Param('list') list: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query('asOf') asOf?: string,
    @Query('mode') mode?: string,
    @Query('limit') limitQuery?: string,
    @Query('after') afterQuery?: string,
    @Query('purpose') purposeQuery?: string,
    @Headers('x-audit-purpose') purposeHeader?: string,
  ): Promise<void> {
    return guarded(async () => {
      assertCaseId(caseId);
      const purpose = purposeOf(purposeQuery, purposeHeader);
      const m = this.asOfMode(asOf, mode);
      const limit = parseLimit(limitQuery);
      const after = parseOffset(afterQuery);
      if (!(STATE_LISTS[categoryOf(streamId)] ?? []).includes(list)) {
        throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, detail: `No list ${list} in the state of ${streamId} (lists by reference: ${JSON.stringify(STATE_LISTS)})` });
      }
      const result = await this.audit.state(caseId, asOf!, m, within(actor));
      const stream = result.streams.find((s) => s.streamId === streamId);
      if (!stream) throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, detail: `Stream ${streamId} is not a stream of case ${caseId}` });
      const items = ((stream.state as Record<string, unknown> | null)?.[list] ?? []) as unknown[];
      const page = listPage(list, items, limit, after);
      await this.logRead(actor, caseId, 'state', purpose, { asOf, mode: m, streamId, list, limit, after });
      const next = page.nextAfter === null ? null : `/audit/cases/${caseId}/state/streams/${encodeURIComponent(streamId)}/${list}${queryOf({ asOf, mode: m, limit: String(limit), after: page.nextAfter })}`;
      const rep = representation(result, `state-list:${streamId}:${list}:${limit}:${after}`, () => ({ caseId, streamId, asOf, mode: m, ...page, next }));
      sendJson(req, res, rep, next ? { Link: `<${next}>; rel="next"` } : {});
    });
  }

  @Get('cases/:caseId/decisions/:eventId/explanation')
  @ApiOperation({
    summary:
      'Inputs of a decision and its re-computation with the current rule engine. The long inputs (homeVisits, neighbourhoodInquiries, evidenceLetters) come as { count, href } (?lists=inline: in full)',
  })
  async explanation(
    @Param('caseId') caseId: string,
    @Param('eventId') eventId: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query('lists') lists?: string,
    @Query('purpose') purposeQuery?: string,
    @Headers('x-audit-purpose') purposeHeader?: string,
  ): Promise<void> {
    return guarded(async () => {
      assertCaseId(caseId);
      const purpose = purposeOf(purposeQuery, purposeHeader);
      const shape = listsMode(lists);
      const result = await this.audit.explain(caseId, eventId, within(actor));
      await this.logRead(actor, caseId, 'explanation', purpose, { eventId, ...(shape === 'inline' ? { lists: 'inline' } : {}) });
      const href = (list: string) => `/audit/cases/${caseId}/decisions/${encodeURIComponent(eventId)}/explanation/inputs/${list}`;
      const rep = representation(result, `explanation:${shape}`, () =>
        shape === 'inline' ? { caseId, ...result } : { caseId, ...result, inputs: withListsByReference(result.inputs, EXPLANATION_LISTS, href) },
      );
      sendJson(req, res, rep);
    });
  }

  @Get('cases/:caseId/decisions/:eventId/explanation/inputs/:list')
  @ApiOperation({ summary: "A long input of a decision's explanation (homeVisits, neighbourhoodInquiries, evidenceLetters), paged: ?limit=&after=" })
  async explanationList(
    @Param('caseId') caseId: string,
    @Param('eventId') eventId: string,
    @Param('list') list: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Query('limit') limitQuery?: string,
    @Query('after') afterQuery?: string,
    @Query('purpose') purposeQuery?: string,
    @Headers('x-audit-purpose') purposeHeader?: string,
  ): Promise<void> {
    return guarded(async () => {
      assertCaseId(caseId);
      const purpose = purposeOf(purposeQuery, purposeHeader);
      const limit = parseLimit(limitQuery);
      const after = parseOffset(afterQuery);
      if (!EXPLANATION_LISTS.includes(list)) {
        throw new ProblemException(404, { type: PROBLEM_TYPES.notFound, detail: `No input list ${list} (one of ${EXPLANATION_LISTS.join(', ')})` });
      }
      const result = await this.audit.explain(caseId, eventId, within(actor));
      const items = ((result.inputs as unknown as Record<string, unknown>)[list] ?? []) as unknown[];
      const page = listPage(list, items, limit, after);
      await this.logRead(actor, caseId, 'explanation', purpose, { eventId, list, limit, after });
      const next =
        page.nextAfter === null
          ? null
          : `/audit/cases/${caseId}/decisions/${encodeURIComponent(eventId)}/explanation/inputs/${list}${queryOf({ limit: String(limit), after: page.nextAfter })}`;
      const rep = representation(result, `explanation-list:${list}:${limit}:${after}`, () => ({ caseId, eventId, ...page, next }));
      sendJson(req, res, rep, next ? { Link: `<${next}>; rel="next"` } : {});
    });
  }

  /** `asOf` is required; `mode` is 'true' (default) or 'known' (400 naming the field otherwise). */
  private asOfMode(asOf: string | undefined, mode: string | undefined): AsOfMode {
    if (!asOf) throw new ValidationProblemException([{ field: 'asOf', message: 'asOf (ISO date or instant) is required' }]);
    const m = (mode ?? 'true') as AsOfMode;
    if (m !== 'true' && m !== 'known') throw new ValidationProblemException([{ field: 'mode', message: "mode must be 'true' or 'known'" }]);
    return m;
  }

  @Post('verify')
  @StoreWide()
  @HttpCode(200)
  @ApiOperation({ summary: 'Hash-chain verification of the whole store, one stream or one case' })
  async verify(
    @Body() body: VerifyDto,
    @CurrentActor() actor: Actor,
    @Query('purpose') purposeQuery?: string,
    @Headers('x-audit-purpose') purposeHeader?: string,
  ) {
    return guarded(async () => {
      if (body.streamId !== undefined && body.caseId !== undefined) {
        throw new ValidationProblemException([{ field: 'streamId', message: 'give streamId or caseId, not both' }]);
      }
      if (body.caseId !== undefined) {
        const purpose = purposeOf(purposeQuery, purposeHeader);
        const result = await this.audit.verify({ caseId: body.caseId }, within(actor));
        await this.logRead(actor, body.caseId, 'verify', purpose);
        return result;
      }
      assertProvincial(actor, body.streamId !== undefined ? 'Verifying a stream by id' : 'Verifying the whole store');
      return this.audit.verify({ streamId: body.streamId });
    });
  }

  @Post('checkpoints')
  @StoreWide()
  @ApiOperation({ summary: 'Take a checkpoint of the whole log now (stored in the audit schema; provincial auditor)' })
  async takeCheckpoint(@CurrentActor() actor: Actor) {
    assertProvincial(actor, 'A checkpoint');
    return guarded(async () => this.records.saveCheckpoint(await this.audit.checkpoint(), actor.id, 'manual'));
  }

  @Get('checkpoints')
  @StoreWide()
  @ApiOperation({ summary: 'Stored checkpoints, newest first (provincial auditor)' })
  async checkpoints(@CurrentActor() actor: Actor, @Query('limit') limit?: string) {
    assertProvincial(actor, 'The list of checkpoints');
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ValidationProblemException([{ field: 'limit', message: 'limit must be 1–1000' }]);
    return this.records.checkpoints(n);
  }

  @Post('checkpoints/compare')
  @StoreWide()
  @HttpCode(200)
  @ApiOperation({ summary: 'Compare an exported checkpoint with the log as it is now' })
  async compare(@Body() body: CheckpointDto, @CurrentActor() actor: Actor) {
    assertProvincial(actor, 'Comparing a checkpoint');
    return guarded(async () =>
      this.audit.compareCheckpoint({ globalPosition: body.globalPosition, lastHash: body.lastHash, eventCount: body.eventCount, takenAt: body.takenAt }),
    );
  }

  @Get('read-access')
  @ApiOperation({ summary: 'Who read which case through the audit API, when and why' })
  async readAccess(@CurrentActor() actor: Actor, @Query('caseId') caseId?: string, @Query('limit') limit?: string) {
    return guarded(async () => {
      if (caseId !== undefined) {
        assertCaseId(caseId);
        // The log of one case: readable by the auditors who may read the case.
        await this.audit.assertCaseAccess(caseId, within(actor));
      } else if (!isProvincialAuditor(actor)) {
        throw new ValidationProblemException([{ field: 'caseId', message: 'caseId is required: the read-access log across all cases needs a provincial auditor' }]);
      }
      const n = limit === undefined ? 500 : Number(limit);
      if (!Number.isInteger(n) || n < 1 || n > 5000) throw new ValidationProblemException([{ field: 'limit', message: 'limit must be 1–5000' }]);
      return this.records.reads({ caseId: caseId?.toLowerCase(), limit: n });
    });
  }
}
