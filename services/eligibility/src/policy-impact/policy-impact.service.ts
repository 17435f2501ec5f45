import { Inject, Injectable } from '@nestjs/common';
import { assertJurisdiction, type Actor } from '@sa/auth';
import { EncryptingEventStore, isCiphertext, type FieldEncryptor } from '@sa/crypto';
import { PG_POOL, quoteIdent } from '@sa/database';
import { DomainError } from '@sa/decider';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import { canonicalJson, currentCommandScope, eventIdFor, uuidV5, WrongExpectedRevisionError, type BatchAppendItem, type NewEvent } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { PolicyCatalogue } from '../policies/policy-catalogue';
import { checkPublishable, EligibilityPipelines } from '../commands/eligibility-pipelines';
import type { EligibilityConfig } from '../config';
import {
  CHANGED_OUTCOMES,
  EligibilityError,
  IMPACT_OUTCOMES,
  impactOfStandard,
  notFoundError,
  redeterminationRoundStreamId,
  toEligibilityError,
  type ActorRef,
  type CaseImpact,
  type ImpactOutcome,
  type PolicyImpactSummary,
  type PolicyVersion,
  type ReviewCaseCommand,
  type ReviewCaseCommandBody,
  type ReviewCaseState,
} from '../domain';
import { foldCaseload, monthsBefore, type FoldedCase } from './caseload';

/** Namespace of the ids derived from (impact, case): change request, proposal, command. */
const IMPACT_NAMESPACE = '8f3c1a2e-6b4d-4e7f-9a0c-2d5e8b1f4c37';
/** Cases written per INSERT, streams per appendBatch. */
const INSERT_CHUNK = 1000;
const APPEND_CHUNK = 500;

export interface ImpactCaseRow {
  caseId: string;
  caseNumber: string;
  jurisdiction: string;
  program: string;
  outcome: ImpactOutcome;
  beforeFen: number;
  afterFen: number;
  changeFen: number;
  explanation: string[];
}

export interface ProposalsResult {
  policyVersion: string;
  impactId: string;
  proposed: number;
  alreadyProposed: number;
  unchanged: number;
  skipped: { caseId: string; code: string; detail: string }[];
  /** The run's number in the version's re-determination round (`redeterminationRound-<version>`, whose revision is the ETag). */
  run: number;
}

const actorRef = (actor: Actor): ActorRef => ({ id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction });

export const draftDigest = (draft: PolicyVersion): string => createHash('sha256').update(canonicalJson(draft)).digest('hex');

function emptyCounts(): Record<ImpactOutcome, number> {
  return Object.fromEntries(IMPACT_OUTCOMES.map((o) => [o, 0])) as Record<ImpactOutcome, number>;
}

function statusOfKind(kind: string): number {
  return kind === 'forbidden' ? 403 : kind === 'not_found' ? 404 : kind === 'conflict' ? 409 : 422;
}

/**
 * Caseload impact of a draft standard and the re-determinations after its publication (issue #14
 * item 6). The rules are the review-case decider's (`impactOfStandard` → `recalculate`; proposals and
 * decisions are review-case commands); this service folds the caseload, keeps the per-case result and
 * appends in batches.
 */
@Injectable()
export class PolicyImpactService {
  private readonly s: string;

  constructor(
    private readonly pipelines: EligibilityPipelines,
    private readonly catalogue: PolicyCatalogue,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: EligibilityConfig,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  // ---- evaluation ---------------------------------------------------------------------------------

  /** Evaluates every case of the draft's division; stores the per-case result and records the event. */
  async evaluate(draft: PolicyVersion, refusalMonths: number, actor: Actor, impactId: string): Promise<PolicyImpactSummary> {
    assertJurisdiction(actor, draft.divisionCode, 'divisionCode');
    const today = this.pipelines.today();
    const evaluatedOn = draft.effectiveFrom > today ? draft.effectiveFrom : today;
    const refusedSince = monthsBefore(today, refusalMonths);
    const caseload = await foldCaseload(this.pipelines.store, this.pipelines.reviewCase.decider, { jurisdiction: draft.divisionCode });
    const counts = emptyCounts();
    let before = 0;
    let after = 0;
    let newly = 0;
    const impacts: CaseImpact[] = [];
    for (const { state } of caseload.values()) {
      const impact = impactOfStandard(state, draft, evaluatedOn, refusedSince);
      if (!impact) continue;
      counts[impact.outcome] += 1;
      if (impact.outcome === 'NEWLY_ELIGIBLE') newly += impact.afterFen;
      else if (impact.outcome !== 'STILL_REFUSED') {
        before += impact.beforeFen;
        after += impact.afterFen;
      }
      impacts.push(impact);
    }
    const summary: PolicyImpactSummary = {
      impactId,
      jurisdiction: draft.divisionCode,
      draft,
      draftDigest: draftDigest(draft),
      refusalMonths,
      refusedSince,
      evaluatedOn,
      counts,
      monthlyCostBeforeFen: before,
      monthlyCostAfterFen: after,
      newlyEligibleMonthlyFen: newly,
      cases: impacts.length,
    };
    // Each case's explanation lines (its members' figures as the rules used them) sealed under the case's key, before the transaction.
    const sealed = await this.sealExplanations(impactId, impacts);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${this.s}.policy_impacts (impact_id, jurisdiction, policy_version, draft_digest, summary) VALUES ($1, $2, $3, $4, $5)`, [
        impactId,
        summary.jurisdiction,
        draft.version,
        summary.draftDigest,
        JSON.stringify(summary),
      ]);
      for (let i = 0; i < sealed.length; i += INSERT_CHUNK) await this.insertCases(client, impactId, sealed.slice(i, i + INSERT_CHUNK));
      // The event last, inside the transaction: if it cannot be recorded, no rows are left behind.
      await this.pipelines.policyImpact.handle(impactId, { type: 'RecordPolicyImpact', data: summary }, {
        actor: actorRef(actor),
        policyVersion: draft.version,
      });
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    return summary;
  }

  /** The service's field encryption (FIELD_ENCRYPTION): the encrypting store's encryptor, else none. */
  private get fields(): FieldEncryptor | undefined {
    const store: unknown = this.pipelines.store;
    return store instanceof EncryptingEventStore ? store.encryptor : undefined;
  }

  /**
   * The explanation of each case as stored in `policy_impact_cases.explanation` (issue 18): its lines name the members'
   * incomes and assets as the rules used them, so they are sealed as one value under the case's data key, bound to
   * the table, the evaluation and the case (`已销毁` once the case is shredded); amounts and outcomes stay in clear.
   */
  private async sealExplanations(impactId: string, impacts: CaseImpact[]): Promise<(CaseImpact & { stored: unknown })[]> {
    const fields = this.fields;
    if (!fields) return impacts.map((i) => ({ ...i, stored: i.explanation }));
    return Promise.all(impacts.map(async (i) => ({ ...i, stored: (await fields.encrypt({ explanation: i.explanation }, i.caseId, impactCaseContext(impactId, i.caseId))).explanation })));
  }

  /** The rows' explanations opened (their keys fetched in one query first). */
  private async openRows(impactId: string, rows: Record<string, unknown>[]): Promise<ImpactCaseRow[]> {
    const fields = this.fields;
    if (!fields || !rows.some((r) => isCiphertext(r['explanation']))) return rows.map(toCaseRow);
    await fields.preloadKeys(rows.map((r) => ({ explanation: r['explanation'] })));
    return Promise.all(
      rows.map(async (r) => {
        if (!isCiphertext(r['explanation'])) return toCaseRow(r);
        const { value } = await fields.decrypt({ explanation: r['explanation'] }, impactCaseContext(impactId, r['case_id'] as string));
        const lines = value.explanation;
        return toCaseRow({ ...r, explanation: Array.isArray(lines) ? lines : [String(lines)] });
      }),
    );
  }

  private async insertCases(client: PoolClient, impactId: string, impacts: (CaseImpact & { stored: unknown })[]): Promise<void> {
    await client.query(
      `INSERT INTO ${this.s}.policy_impact_cases (impact_id, case_id, case_number, jurisdiction, program, outcome, before_fen, after_fen, explanation)
       SELECT $1, r.case_id, r.case_number, r.jurisdiction, r.program, r.outcome, r.before_fen, r.after_fen, r.explanation
         FROM jsonb_to_recordset($2::jsonb) AS r(case_id uuid, case_number text, jurisdiction text, program text, outcome text, before_fen bigint, after_fen bigint, explanation jsonb)`,
      [
        impactId,
        JSON.stringify(
          impacts.map((i) => ({
            case_id: i.caseId,
            case_number: i.caseNumber,
            jurisdiction: i.jurisdiction,
            program: i.program,
            outcome: i.outcome,
            before_fen: i.beforeFen,
            after_fen: i.afterFen,
            explanation: i.stored,
          })),
        ),
      ],
    );
  }

  // ---- reading the stored result --------------------------------------------------------------------

  async summary(impactId: string, actor: Actor): Promise<PolicyImpactSummary> {
    const { rows } = await this.pool.query<{ summary: PolicyImpactSummary }>(`SELECT summary FROM ${this.s}.policy_impacts WHERE impact_id = $1`, [impactId]);
    const found = rows[0];
    if (!found) throw notFoundError('impact_not_found', `No impact evaluation ${impactId}`);
    assertJurisdiction(actor, found.summary.jurisdiction, 'impactId');
    return found.summary;
  }

  async cases(impactId: string, actor: Actor, q: { outcome?: ImpactOutcome; page: number; pageSize: number }) {
    await this.summary(impactId, actor);
    const params: unknown[] = [impactId, ...(q.outcome ? [q.outcome] : [])];
    const where = `impact_id = $1${q.outcome ? ' AND outcome = $2' : ''}`;
    const total = Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.s}.policy_impact_cases WHERE ${where}`, params)).rows[0]!.n);
    const { rows } = await this.pool.query(
      `SELECT case_id, case_number, jurisdiction, program, outcome, before_fen, after_fen, explanation FROM ${this.s}.policy_impact_cases
        WHERE ${where} ORDER BY case_number, case_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      params,
    );
    return { impactId, outcome: q.outcome ?? null, page: q.page, pageSize: q.pageSize, total, items: await this.openRows(impactId, rows) };
  }

  /** Keyset pages of the stored cases (case number, case id), for the streamed export. */
  async *exportPages(impactId: string, outcome: ImpactOutcome | undefined): AsyncGenerator<ImpactCaseRow[]> {
    let after: { caseNumber: string; caseId: string } | null = null;
    for (;;) {
      const params: unknown[] = [impactId, outcome ?? null];
      const keyset: string = after ? ` AND (case_number, case_id) > ($3, $4::uuid)` : '';
      if (after) params.push(after.caseNumber, after.caseId);
      const { rows }: { rows: Record<string, unknown>[] } = await this.pool.query(
        `SELECT case_id, case_number, jurisdiction, program, outcome, before_fen, after_fen, explanation FROM ${this.s}.policy_impact_cases
          WHERE impact_id = $1 AND ($2::text IS NULL OR outcome = $2)${keyset} ORDER BY case_number, case_id LIMIT ${INSERT_CHUNK}`,
        params,
      );
      const page = await this.openRows(impactId, rows);
      if (page.length > 0) yield page;
      if (page.length < INSERT_CHUNK) return;
      const last = page[page.length - 1]!;
      after = { caseNumber: last.caseNumber, caseId: last.caseId };
    }
  }

  // ---- proposals after publication ----------------------------------------------------------------

  /** One re-determination proposal per changed case of the impact of `versionId` (idempotent). */
  async propose(versionId: string, requestedImpactId: string | undefined, actor: Actor): Promise<ProposalsResult> {
    const published = await this.catalogue.find(versionId);
    if (!published) throw notFoundError('policy_version_not_found', `No published policy version ${versionId}`);
    assertJurisdiction(actor, published.version.divisionCode, 'versionId');
    if (published.supersededBy !== null) {
      throw new EligibilityError('policy_version_superseded', `Version ${versionId} was superseded by ${published.supersededBy}`, { kind: 'conflict' });
    }
    const impact = await this.impactFor(versionId, published.version.divisionCode, requestedImpactId);
    if (impact.draftDigest !== draftDigest(published.version)) {
      throw new EligibilityError('impact_draft_differs', `The published version ${versionId} is not the draft evaluated by impact ${impact.impactId}: evaluate it again`, {
        kind: 'conflict',
        field: 'impactId',
      });
    }
    const { now, today } = this.pipelines.time();
    if (published.version.effectiveFrom > today) {
      throw new EligibilityError('policy_not_in_force', `Version ${versionId} takes effect on ${published.version.effectiveFrom}: propose from that day`, { field: 'versionId' });
    }
    // The run is recorded on the version's round first, at the revision the caller saw (If-Match) or read:
    // of two runs on the same view of the round one is 409 before it touches any case.
    const round = await this.pipelines.redeterminationRound.handle(
      versionId,
      { type: 'RecordRedeterminationRun', data: { policyVersion: versionId, divisionCode: published.version.divisionCode, impactId: impact.impactId } },
      { actor: actorRef(actor), now, policyVersion: versionId, extra: { impactId: impact.impactId } },
    );
    const run = round.state.runs;
    const { rows } = await this.pool.query<{ case_id: string }>(`SELECT case_id FROM ${this.s}.policy_impact_cases WHERE impact_id = $1 AND outcome = ANY($2)`, [
      impact.impactId,
      CHANGED_OUTCOMES,
    ]);
    const caseload = await foldCaseload(this.pipelines.store, this.pipelines.reviewCase.decider, {
      jurisdiction: impact.jurisdiction,
      only: new Set(rows.map((r) => r.case_id)),
    });
    const by = actorRef(actor);
    const result: ProposalsResult = { policyVersion: versionId, impactId: impact.impactId, proposed: 0, alreadyProposed: 0, unchanged: 0, skipped: [], run };
    const pending: { caseId: string; command: ReviewCaseCommand; commandId: string; folded: FoldedCase; events: NewEvent[] }[] = [];
    /** Appends the pending proposals (one appendBatch of ≤ APPEND_CHUNK streams), as the scan goes: memory stays at one chunk. */
    const flush = async () => {
      const chunk = pending.splice(0, pending.length);
      if (chunk.length === 0) return;
      const items: BatchAppendItem[] = chunk.map((p) => ({ streamId: `reviewCase-${p.caseId}`, expectedRevision: p.folded.revision, events: p.events }));
      try {
        // Event ids derive from (impact, case): a proposal the scan did not see yet (the global log lags
        // behind open transactions) is recognised by the store and answers written: false.
        const written = await this.pipelines.store.appendBatch(items);
        for (const w of written) {
          if (w.written) result.proposed += 1;
          else result.alreadyProposed += 1;
        }
      } catch (e) {
        if (!(e instanceof WrongExpectedRevisionError)) throw e;
        // A case moved since the scan: this chunk one case at a time, each re-read and re-decided.
        for (const p of chunk) {
          try {
            const out = await this.pipelines.reviewCase.handle(p.caseId, p.command, { actor: by, now, commandId: p.commandId, policyVersion: versionId, extra: { impactId: impact.impactId } });
            if (out.written) result.proposed += 1;
            else if (out.alreadyHandled) result.alreadyProposed += 1;
            else result.unchanged += 1;
          } catch (err) {
            const error = toEligibilityError(err);
            result.skipped.push({ caseId: p.caseId, code: error instanceof DomainError ? error.code : 'error', detail: error instanceof Error ? error.message : String(error) });
          }
        }
      }
    };
    for (const row of rows) {
      const folded = caseload.get(row.case_id);
      if (!folded) {
        result.skipped.push({ caseId: row.case_id, code: 'case_not_found', detail: '案件不在本辖区或已不存在' });
        continue;
      }
      const changeRequestId = uuidV5(`change-request/${impact.impactId}/${row.case_id}`, IMPACT_NAMESPACE);
      if (folded.state.handledChangeRequests.includes(changeRequestId)) {
        result.alreadyProposed += 1;
        continue;
      }
      const commandId = uuidV5(`propose/${impact.impactId}/${row.case_id}`, IMPACT_NAMESPACE);
      const command = this.pipelines.reviewCase.command(
        {
          type: 'ProposeStandardChange',
          data: { changeRequestId, proposalId: uuidV5(`proposal/${impact.impactId}/${row.case_id}`, IMPACT_NAMESPACE), impactId: impact.impactId, policy: published.version },
        },
        by,
        now,
      );
      try {
        const decided = this.pipelines.reviewCase.decider.decide(command, folded.state);
        if (decided.length === 0) {
          result.unchanged += 1;
          continue;
        }
        const metadata = this.pipelines.reviewCase.metadata(row.case_id, commandId, { actor: by, policyVersion: versionId, reason: '低保标准调整重新核定', extra: { impactId: impact.impactId } });
        pending.push({ caseId: row.case_id, command, commandId, folded, events: decided.map((e, i) => ({ eventId: eventIdFor(commandId, i), type: e.type, schemaVersion: 1, data: e.data, metadata })) });
      } catch (e) {
        const error = toEligibilityError(e);
        result.skipped.push({ caseId: row.case_id, code: error instanceof DomainError ? error.code : 'error', detail: error instanceof Error ? error.message : String(error) });
      }
      if (pending.length >= APPEND_CHUNK) await flush();
    }
    await flush();
    return result;
  }

  private async impactFor(versionId: string, division: string, impactId: string | undefined): Promise<PolicyImpactSummary> {
    const { rows } = impactId
      ? await this.pool.query<{ summary: PolicyImpactSummary }>(`SELECT summary FROM ${this.s}.policy_impacts WHERE impact_id = $1 AND policy_version = $2`, [impactId, versionId])
      : await this.pool.query<{ summary: PolicyImpactSummary }>(
          `SELECT summary FROM ${this.s}.policy_impacts WHERE policy_version = $1 AND jurisdiction = $2 ORDER BY created_at DESC LIMIT 1`,
          [versionId, division],
        );
    const found = rows[0];
    if (!found) {
      throw notFoundError('impact_not_found', impactId ? `No impact ${impactId} of version ${versionId}` : `No impact evaluation of ${versionId}: POST /policies/impact with the draft first`);
    }
    return found.summary;
  }

  // ---- the county's batch decision ----------------------------------------------------------------

  /**
   * Decides the proposals of the listed cases, all or nothing: each case is decided by the review-case
   * decider (approval = DecideBenefitChange, four eyes and the county's authority included); if any
   * case refuses, nothing is appended and the problem names each refused case. Otherwise every
   * decision is appended in one `appendBatch` (one transaction) at the revision read.
   */
  async decideBatch(args: { versionId: string; caseIds: string[]; decision: 'APPROVE' | 'REJECT'; reason: string; evidenceRefs: string[]; actor: Actor; commandId: string }) {
    const by = actorRef(args.actor);
    const published = await this.catalogue.find(args.versionId);
    if (!published) throw notFoundError('policy_version_not_found', `No published policy version ${args.versionId}`);
    assertJurisdiction(args.actor, published.version.divisionCode, 'versionId');
    const { now, today } = this.pipelines.time();
    const round = this.pipelines.redeterminationRound;
    const roundNow = await round.aggregate(args.versionId);
    const policies = new Map<string, PolicyVersion>();
    const failures: { index: number; caseId: string; kind: string; code: string; message: string }[] = [];
    const items: BatchAppendItem[] = [];
    const decided: { caseId: string; decisionId: string; event: string; changeType: string | null; monthlyAmountFen: number | null }[] = [];
    for (const [index, caseId] of args.caseIds.entries()) {
      try {
        const found = await this.pipelines.reviewCase.aggregate(caseId);
        const state: ReviewCaseState = found.state;
        if (!found.exists || state.jurisdiction === null) throw notFoundError('case_not_found', `No review case ${caseId}`);
        if (!state.jurisdiction.startsWith(args.actor.jurisdiction)) {
          throw new EligibilityError('outside_jurisdiction', `Case ${caseId} is outside jurisdiction ${args.actor.jurisdiction}`, { kind: 'forbidden' });
        }
        const proposedUnder = state.redetermination?.proposal?.policyVersion;
        if (proposedUnder && proposedUnder !== args.versionId) {
          throw new EligibilityError('proposal_of_other_version', `The re-determination of case ${caseId} was proposed under ${proposedUnder}, not ${args.versionId}`, { kind: 'conflict' });
        }
        let policy = policies.get(state.jurisdiction);
        if (!policy) {
          policy = await this.catalogue.resolve(state.jurisdiction, today);
          policies.set(state.jurisdiction, policy);
        }
        const commandId = uuidV5(`${args.commandId}/${caseId}`, IMPACT_NAMESPACE);
        const decisionId = uuidV5(`decision/${args.commandId}/${caseId}`, IMPACT_NAMESPACE);
        const body: ReviewCaseCommandBody =
          args.decision === 'APPROVE'
            ? { type: 'DecideBenefitChange', data: { decisionId, policy, reason: args.reason, evidenceRefs: args.evidenceRefs } }
            : {
                type: 'RejectBenefitChange',
                data: { decisionId, policyVersion: state.redetermination?.proposal?.policyVersion ?? policy.version, reason: args.reason, evidenceRefs: args.evidenceRefs },
              };
        const events = this.pipelines.reviewCase.decider.decide(this.pipelines.reviewCase.command(body, by, now), state);
        const policyVersion = body.type === 'RejectBenefitChange' ? body.data.policyVersion : policy.version;
        const metadata = this.pipelines.reviewCase.metadata(caseId, commandId, { actor: by, reason: args.reason, evidenceRefs: args.evidenceRefs, policyVersion });
        checkPublishable(events, metadata);
        items.push({
          streamId: `reviewCase-${caseId}`,
          expectedRevision: found.revision < 0 ? 'no_stream' : found.revision,
          events: events.map((e, i) => ({ eventId: eventIdFor(commandId, i), type: e.type, schemaVersion: 1, data: e.data, metadata })),
        });
        const first = events[0] as { type: string; data: { changeType?: string; monthlyAmountFen?: number | null } } | undefined;
        decided.push({ caseId, decisionId, event: first?.type ?? 'none', changeType: first?.data.changeType ?? null, monthlyAmountFen: first?.data.monthlyAmountFen ?? null });
      } catch (e) {
        const error = toEligibilityError(e);
        if (!(error instanceof DomainError)) throw error;
        failures.push({ index, caseId, kind: error.kind, code: error.code, message: error.message });
      }
    }
    if (failures.length > 0) {
      const kinds = new Set(failures.map((f) => f.kind));
      const status = kinds.has('forbidden') ? 403 : kinds.has('not_found') ? 404 : kinds.has('conflict') ? 409 : statusOfKind([...kinds][0]!);
      const codes = [...new Set(failures.map((f) => f.code))];
      throw new ProblemException(status, {
        type: PROBLEM_TYPES.businessRule(codes.length === 1 ? codes[0]! : 'batch_refused'),
        code: codes.length === 1 ? codes[0] : 'batch_refused',
        detail: `${failures.length} 件不能决定，本批未作任何决定：${failures.map((f) => `${f.caseId}（${f.code}）`).join('，')}`,
        errors: failures.map((f) => ({ field: `caseIds[${f.index}]`, message: `${f.code}: ${f.message}` })),
      });
    }
    // The batch on the version's round, in the first append's transaction, at the revision the caller saw
    // (If-Match) or read: of two batches on the same view of the round, one is 409 and appends nothing.
    const roundStream = redeterminationRoundStreamId(args.versionId);
    const expected = currentCommandScope()?.streamId === roundStream ? (currentCommandScope()!.expectedRevision ?? roundNow.revision) : roundNow.revision;
    const roundEvents = round.decider.decide(
      round.command({ type: 'RecordRedeterminationDecisions', data: { policyVersion: args.versionId, divisionCode: published.version.divisionCode, batchId: args.commandId, decision: args.decision, caseIds: args.caseIds, reason: args.reason } }, by, now),
      roundNow.state,
    );
    const roundMetadata = round.metadata(args.versionId, args.commandId, { actor: by, reason: args.reason, evidenceRefs: args.evidenceRefs, policyVersion: args.versionId });
    items.unshift({
      streamId: roundStream,
      expectedRevision: expected < 0 ? 'no_stream' : expected,
      events: roundEvents.map((e, i) => ({ eventId: eventIdFor(args.commandId, i), type: e.type, schemaVersion: 1, data: e.data, metadata: roundMetadata })),
    });
    for (let i = 0; i < items.length; i += APPEND_CHUNK + 1) await this.pipelines.store.appendBatch(items.slice(i, i + APPEND_CHUNK + 1));
    currentCommandScope()?.revisions.set(roundStream, expected + roundEvents.length);
    return { decision: args.decision, decided: decided.length, cases: decided };
  }
}

/** Associated data of a stored impact explanation: the table, the evaluation and the case. */
function impactCaseContext(impactId: string, caseId: string): string {
  return `eligibility.policy_impact_cases:${impactId.toLowerCase()}:${caseId.toLowerCase()}`;
}

function toCaseRow(r: Record<string, unknown>): ImpactCaseRow {
  const beforeFen = Number(r['before_fen']);
  const afterFen = Number(r['after_fen']);
  return {
    caseId: r['case_id'] as string,
    caseNumber: r['case_number'] as string,
    jurisdiction: r['jurisdiction'] as string,
    program: r['program'] as string,
    outcome: r['outcome'] as ImpactOutcome,
    beforeFen,
    afterFen,
    changeFen: afterFen - beforeFen,
    explanation: r['explanation'] as string[],
  };
}
