import type { Context } from './api';

/**
 * Where the 台账 downloads live, in one place (`/api/<context><path>` through the gateway).
 * The payments ledger: disbursement's `GET /disbursement/ledgers/payments?division=&from=&to=&program=`.
 * The households ledger: eligibility's `GET /eligibility/ledgers/households?division=&programme=&format=xlsx|csv`
 * (street reviewers, county approvers and auditors in their jurisdiction; other roles see the service's refusal).
 */
export const PAYMENTS_LEDGER: { context: Context; path: string } = { context: 'disbursement', path: '/disbursement/ledgers/payments' };
export const HOUSEHOLDS_LEDGER: { context: Context; path: string } = { context: 'eligibility', path: '/eligibility/ledgers/households' };

/** The roles that may download each ledger (as the services' @Roles say); the 统计 page is for STATISTICS_ROLES. */
export const PAYMENTS_LEDGER_ROLES = ['disbursement_officer', 'county_approver', 'auditor'];
export const STATISTICS_ROLES = ['county_approver', 'disbursement_officer', 'policy_admin', 'auditor'];
