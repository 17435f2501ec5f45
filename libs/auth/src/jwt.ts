import { createSecretKey, type KeyObject } from 'node:crypto';
import {
  SignJWT,
  createRemoteJWKSet,
  errors,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { type Principal, type Role, isJurisdictionCode, isRole } from './identity';

export interface JwtOptions {
  /**
   * The identity provider's JWKS URL (Keycloak: `<issuer>/protocol/openid-connect/certs`). Keys are
   * cached and the set is fetched again when a token names an unknown `kid` (at most every 30 s).
   * Takes precedence over `publicKey` and `secret`.
   */
  jwksUrl?: string;
  /** Least time between two fetches of the JWKS, in ms (default 30 s). */
  jwksCooldownMs?: number;
  /** HS256 shared secret (local development and tests). Ignored when `publicKey` or `jwksUrl` is given. */
  secret?: string;
  /** SPKI PEM public key of the identity provider (production); `\n` escapes are accepted. */
  publicKey?: string;
  publicKeyAlgorithm?: 'RS256' | 'ES256' | 'PS256' | 'EdDSA';
  issuer: string;
  audience: string;
  clockToleranceSeconds?: number;
}

/** Why a token was refused; the message is safe to show to the caller. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** Asymmetric algorithms accepted from a JWKS (never `none`, never HS*). */
export const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

/**
 * Verifies tokens with jose and checks the platform's claims: `sub`; `roles` (or Keycloak's
 * `realm_access.roles`), of which the project's roles are kept; `jurisdiction`; `name?`.
 */
export async function createTokenVerifier(options: JwtOptions): Promise<TokenVerifier> {
  let key: KeyObject | KeyLike | JWTVerifyGetKey;
  let algorithms: string[];
  if (options.jwksUrl) {
    key = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: options.jwksCooldownMs ?? 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
    algorithms = JWKS_ALGORITHMS;
  } else if (options.publicKey) {
    const alg = options.publicKeyAlgorithm ?? 'RS256';
    key = await importSPKI(options.publicKey.replace(/\\n/g, '\n'), alg);
    algorithms = [alg];
  } else if (options.secret) {
    key = createSecretKey(Buffer.from(options.secret, 'utf8'));
    algorithms = ['HS256'];
  } else {
    throw new Error('JWT verification needs a secret or a public key');
  }
  return {
    async verify(token: string): Promise<Principal> {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key as KeyLike, {
          algorithms,
          issuer: options.issuer,
          audience: options.audience,
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (e) {
        if (e instanceof errors.JWTExpired) throw new InvalidTokenError('The access token has expired.');
        if (e instanceof errors.JWTClaimValidationFailed) throw new InvalidTokenError(`The access token's "${e.claim}" claim is not accepted.`);
        if (e instanceof errors.JWKSTimeout || (e instanceof Error && /fetch failed|ECONNREFUSED|Expected 200 OK/.test(e.message))) {
          // The provider's key set cannot be read: not the caller's fault, but no token can be trusted.
          throw new InvalidTokenError('The access token cannot be verified now (the identity provider\'s keys are unavailable).');
        }
        throw new InvalidTokenError('The access token is not valid.');
      }
      return principalFrom(payload);
    },
  };
}

function principalFrom(payload: JWTPayload): Principal {
  const claims = payload as JWTPayload & Record<string, unknown>;
  const { sub, jurisdiction } = claims;
  const name = typeof claims.name === 'string' ? claims.name : claims.preferred_username;
  // Keycloak lists every effective realm role (default-roles-<realm>, offline_access, ...): keep ours.
  const realmAccess = claims.realm_access as { roles?: unknown } | undefined;
  const listed = Array.isArray(claims.roles) ? claims.roles : Array.isArray(realmAccess?.roles) ? realmAccess.roles : [];
  const roles = (listed as unknown[]).filter(isRole);
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('The access token has no subject.');
  if (roles.length === 0) {
    throw new InvalidTokenError('The access token\'s "roles" claim must list known roles.');
  }
  if (!isJurisdictionCode(jurisdiction)) {
    throw new InvalidTokenError('The access token\'s "jurisdiction" claim must be a 6, 9 or 12-digit division code.');
  }
  return { id: sub, roles: [...new Set(roles)], jurisdiction, ...(typeof name === 'string' ? { name } : {}) };
}

export interface TokenClaims {
  sub: string;
  roles: Role[];
  jurisdiction: string;
  name?: string;
}

export interface SignOptions {
  secret: string;
  issuer: string;
  audience: string;
  /** jose duration, e.g. '8h', or seconds. Default 8h. */
  expiresIn?: string | number;
}

/** Signs an HS256 token (local development, tests, the start script). Production tokens come from the identity provider. */
export async function signAccessToken(claims: TokenClaims, options: SignOptions): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(typeof options.expiresIn === 'number' ? Math.floor(Date.now() / 1000) + options.expiresIn : (options.expiresIn ?? '8h'))
    .sign(createSecretKey(Buffer.from(options.secret, 'utf8')));
}
