/** Roles carried in the JWT `roles` claim. */
export const ROLES = [
  'community_officer',
  'street_officer',
  'street_reviewer',
  'county_approver',
  'disbursement_officer',
  'policy_admin',
  'auditor',
  'verification_platform',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The verified identity of a token. */
export interface Principal {
  /** JWT `sub`. */
  id: string;
  roles: Role[];
  /** Administrative division code: 6 (district), 9 (street) or 12 (community) digits. */
  jurisdiction: string;
  name?: string;
}

/**
 * Who is acting on this request, with the role under which they act (the route's first role they
 * hold, or the one named in the `X-Acting-Role` header). Fits the event store's `ActorRef`.
 */
export interface Actor extends Principal {
  role: Role;
}

const JURISDICTION_CODE = /^\d{6}(?:\d{3}){0,2}$/;

export function isJurisdictionCode(value: unknown): value is string {
  return typeof value === 'string' && JURISDICTION_CODE.test(value);
}

/** A jurisdiction covers every code that starts with it (330106 covers 330106001 and 330106001001). */
export function jurisdictionCovers(scope: string, code: string): boolean {
  return isJurisdictionCode(scope) && isJurisdictionCode(code) && code.startsWith(scope);
}
