import type { Context } from './api';

/**
 * Where the 台账 downloads live, in one place (`/api/<context><path>` through the gateway).
 * The payments ledger: disbursement's `GET /disbursement/ledgers/payments?division=&from=&to=&program=`.
 * The households ledger: `GET /ledgers/households?division=&programme=&format=xlsx|csv` of the service
 * that holds the households (eligibility); if it is deployed elsewhere, change it here only. Until the
 * route answers, the button shows the gateway's or the service's refusal.
 */
export const PAYMENTS_LEDGER: { context: Context; path: string } = { context: 'disbursement', path: '/disbursement/ledgers/payments' };
export const HOUSEHOLDS_LEDGER: { context: Context; path: string } = { context: 'eligibility', path: '/ledgers/households' };

/** The roles that may download each ledger (as the services' @Roles say); the 统计 page is for STATISTICS_ROLES. */
export const PAYMENTS_LEDGER_ROLES = ['disbursement_officer', 'county_approver', 'auditor'];
export const STATISTICS_ROLES = ['county_approver', 'disbursement_officer', 'policy_admin', 'auditor'];
