import type { Role } from '@sa/auth';

/** Every role held by a person working on cases (all but the verification platform's machine role). */
export const OFFICER_ROLES: Role[] = [
  'community_officer',
  'street_officer',
  'street_reviewer',
  'county_approver',
  'disbursement_officer',
  'policy_admin',
  'auditor',
];

/** Roles that read case files in intake. */
export const CASE_READER_ROLES: Role[] = ['community_officer', 'street_officer', 'street_reviewer', 'county_approver', 'disbursement_officer', 'auditor'];
