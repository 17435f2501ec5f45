/**
 * Mints local HS256 access tokens (development, tests, deploy/start.sh). Production tokens come
 * from the identity provider and are verified with JWT_PUBLIC_KEY.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register deploy/auth/mint-token.ts <role> [jurisdiction] [sub]
 *   npm run token -- <role> [jurisdiction] [sub]
 *
 * Uses JWT_SECRET / JWT_ISSUER / JWT_AUDIENCE from the environment (the services' defaults for
 * issuer and audience); without JWT_SECRET it uses LOCAL_JWT_SECRET, which the services accept
 * only if they were started with it too (deploy/start.sh exports the same value).
 */
import { ROLES, type Role, isJurisdictionCode, isRole, signAccessToken } from '@sa/auth';

/** The well-known secret for local runs only. Never use it outside a developer machine or CI. */
export const LOCAL_JWT_SECRET = 'local-development-secret-not-for-production';
export const DEFAULT_ISSUER = 'sa-local-idp';
export const DEFAULT_AUDIENCE = 'social-assistance';

/** Hangzhou, Xihu district (330106); its first street (330106001) and that street's first community (330106001001). */
export const DEFAULT_JURISDICTIONS: Record<Role, string> = {
  community_officer: '330106001001',
  street_officer: '330106001',
  street_reviewer: '330106001',
  county_approver: '330106',
  disbursement_officer: '330106',
  policy_admin: '330106',
  auditor: '330106',
  verification_platform: '330106',
};

export const DEFAULT_NAMES: Record<Role, string> = {
  community_officer: '社区民政专干',
  street_officer: '街道民政办经办人',
  street_reviewer: '街道审核人',
  county_approver: '区民政局审批人',
  disbursement_officer: '发放经办人',
  policy_admin: '政策管理员',
  auditor: '审计人员',
  verification_platform: '居民家庭经济状况核对平台',
};

export interface LocalTokenOptions {
  jurisdiction?: string;
  sub?: string;
  name?: string;
  /** Extra roles besides `role` (e.g. a street officer who also reviews). */
  extraRoles?: Role[];
  secret?: string;
  issuer?: string;
  audience?: string;
  expiresIn?: string | number;
}

/** A token for `role` with its default jurisdiction and subject (`local-<role>`), signed with the local settings. */
export function mintLocalToken(role: Role, options: LocalTokenOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const jurisdiction = options.jurisdiction ?? DEFAULT_JURISDICTIONS[role];
  if (!isJurisdictionCode(jurisdiction)) throw new Error(`Not a 6, 9 or 12-digit division code: ${jurisdiction}`);
  return signAccessToken(
    {
      sub: options.sub ?? `local-${role.replace(/_/g, '-')}`,
      roles: [role, ...(options.extraRoles ?? []).filter((r) => r !== role)],
      jurisdiction,
      name: options.name ?? DEFAULT_NAMES[role],
    },
    {
      secret: options.secret ?? (env.JWT_SECRET || LOCAL_JWT_SECRET),
      issuer: options.issuer ?? (env.JWT_ISSUER || DEFAULT_ISSUER),
      audience: options.audience ?? (env.JWT_AUDIENCE || DEFAULT_AUDIENCE),
      expiresIn: options.expiresIn ?? '12h',
    },
  );
}

async function main(argv: string[]): Promise<void> {
  const [role, jurisdiction, sub] = argv;
  if (!isRole(role)) {
    console.error(`usage: mint-token.ts <role> [jurisdiction] [sub]\nroles: ${ROLES.join(', ')}`);
    process.exit(2);
  }
  if (!process.env.JWT_SECRET) console.error('[mint-token] JWT_SECRET is not set; signing with LOCAL_JWT_SECRET');
  console.log(await mintLocalToken(role, { jurisdiction, sub }));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`[mint-token] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
