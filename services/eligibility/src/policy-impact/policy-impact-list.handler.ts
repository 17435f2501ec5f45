import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '@sa/auth';
import { PG_POOL, quoteIdent } from '@sa/database';
import { APP_CONFIG, pageRequest } from '@sa/platform';
import type { Pool } from 'pg';
import type { EligibilityConfig } from '../config';
import { CHANGED_OUTCOMES, type PolicyImpactSummary } from '../domain';
import type { ListPolicyImpactsQueryDto } from './policy-impact-list.controller';

export class ListPolicyImpactsQuery {
  constructor(
    readonly q: ListPolicyImpactsQueryDto,
    readonly actor: Actor,
  ) {}
}

export interface PolicyImpactListItem {
  impactId: string;
  jurisdiction: string;
  policyVersion: string;
  evaluatedOn: string;
  createdAt: string;
  counts: PolicyImpactSummary['counts'];
  cases: number;
  monthlyCostBeforeFen: number;
  monthlyCostAfterFen: number;
  monthlyCostChangeFen: number;
  newlyEligibleMonthlyFen: number;
  /** Cases whose benefit the standard changes (增发/减发/渐退/停发): the ones a proposal is made for. */
  changedCases: number;
  /** Of those, re-determinations open now (proposed, not yet decided): the county approver's work. */
  openRedeterminations: number;
  /** Of those, decided at this version (their benefit now carries it). */
  decidedCases: number;
}

/**
 * The impact evaluations of the caller's jurisdiction (its divisions and those below), newest first:
 * how the county approver and the policy administrator find an impact without its link.
 */
@QueryHandler(ListPolicyImpactsQuery)
export class ListPolicyImpactsHandler implements IQueryHandler<ListPolicyImpactsQuery> {
  private readonly s: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: EligibilityConfig,
  ) {
    this.s = quoteIdent(config.DATABASE_SCHEMA);
  }

  async execute({ q, actor }: ListPolicyImpactsQuery) {
    const { page, pageSize } = pageRequest(q, 20);
    const where = `jurisdiction LIKE $1 || '%'`;
    const params = [actor.jurisdiction.replace(/[%_\\]/g, '')];
    const total = Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.s}.policy_impacts WHERE ${where}`, params)).rows[0]!.n);
    // Per impact, from the review-case read model: its changed cases with a re-determination open, and
    // those decided at the impact's version (neither: not proposed yet, or rejected).
    const { rows } = await this.pool.query<{ summary: PolicyImpactSummary; created_at: Date; changed: number; open: number; decided: number }>(
      `SELECT i.summary, i.created_at,
              count(c.case_id)::int AS changed,
              count(c.case_id) FILTER (WHERE r.redetermination_open)::int AS open,
              count(c.case_id) FILTER (WHERE NOT coalesce(r.redetermination_open, false) AND r.policy_version = i.policy_version)::int AS decided
         FROM (SELECT * FROM ${this.s}.policy_impacts WHERE ${where} ORDER BY created_at DESC, impact_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}) i
         LEFT JOIN ${this.s}.policy_impact_cases c ON c.impact_id = i.impact_id AND c.outcome = ANY($2)
         LEFT JOIN ${this.s}.review_cases r ON r.case_id = c.case_id
        GROUP BY i.impact_id, i.summary, i.created_at
        ORDER BY i.created_at DESC, i.impact_id`,
      [...params, CHANGED_OUTCOMES],
    );
    const items: PolicyImpactListItem[] = rows.map(({ summary: s, created_at, changed, open, decided }) => ({
      impactId: s.impactId,
      jurisdiction: s.jurisdiction,
      policyVersion: s.draft.version,
      evaluatedOn: s.evaluatedOn,
      createdAt: created_at.toISOString(),
      counts: s.counts,
      cases: s.cases,
      monthlyCostBeforeFen: s.monthlyCostBeforeFen,
      monthlyCostAfterFen: s.monthlyCostAfterFen,
      monthlyCostChangeFen: s.monthlyCostAfterFen - s.monthlyCostBeforeFen,
      newlyEligibleMonthlyFen: s.newlyEligibleMonthlyFen,
      changedCases: changed,
      openRedeterminations: open,
      decidedCases: decided,
    }));
    return { items, total, page, pageSize };
  }
}
