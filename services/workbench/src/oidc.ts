import { createHash, randomBytes } from 'node:crypto';
import { type Principal, type TokenVerifier, createTokenVerifier } from '@sa/auth';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** The parts of the provider's metadata the gateway uses. */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
  jwks_uri: string;
}

export interface TokenSet {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken?: string;
  /** Epoch ms; undefined when the provider did not say. */
  refreshExpiresAt?: number;
  idToken?: string;
}

export interface SignedIn {
  tokens: TokenSet;
  principal: Principal;
  username: string;
  name: string;
}

/** The provider refused (bad code, refresh token expired, session ended there). */
export class ProviderRefusedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ProviderRefusedError';
  }
}

export interface OidcOptions {
  issuer: string;
  discoveryUrl?: string;
  clientId: string;
  /** The audience the services accept; the gateway checks access tokens for it too. */
  audience: string;
  timeoutMs?: number;
}

export const b64url = (buf: Buffer) => buf.toString('base64url');
export const randomToken = (bytes = 32) => b64url(randomBytes(bytes));
export const pkceChallenge = (verifier: string) => b64url(createHash('sha256').update(verifier).digest());

/**
 * A minimal OIDC relying party for a public client: authorization code + PKCE (S256), refresh,
 * logout at the provider. Metadata is read lazily (the provider may start after the gateway) and
 * kept once read; tokens are verified with the provider's JWKS.
 */
export class OidcClient {
  private metadata: Promise<ProviderMetadata> | undefined;
  private idTokenKeys: JWTVerifyGetKey | undefined;
  private accessVerifier: Promise<TokenVerifier> | undefined;

  constructor(private readonly options: OidcOptions) {}

  get discoveryUrl(): string {
    return this.options.discoveryUrl ?? `${this.options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  }

  async provider(): Promise<ProviderMetadata> {
    this.metadata ??= this.fetchJson<ProviderMetadata>(this.discoveryUrl).then((m) => {
      if (m.issuer !== this.options.issuer) {
        throw new Error(`The provider's issuer ${m.issuer} is not the configured OIDC_ISSUER_URL ${this.options.issuer}`);
      }
      return m;
    });
    try {
      return await this.metadata;
    } catch (e) {
      this.metadata = undefined;
      throw e;
    }
  }

  /** Provider reachable (readiness). */
  async ping(): Promise<void> {
    await this.fetchJson(this.discoveryUrl);
  }

  async authorizationUrl(params: { redirectUri: string; state: string; nonce: string; codeVerifier: string }): Promise<string> {
    const m = await this.provider();
    const url = new URL(m.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: params.redirectUri,
      scope: 'openid profile',
      state: params.state,
      nonce: params.nonce,
      code_challenge: pkceChallenge(params.codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  async exchangeCode(params: { code: string; redirectUri: string; codeVerifier: string; nonce: string }): Promise<SignedIn> {
    const tokens = await this.tokenRequest({
      grant_type: 'authorization_code',
      code: params.code,
      redirect_uri: params.redirectUri,
      code_verifier: params.codeVerifier,
    });
    if (!tokens.idToken) throw new ProviderRefusedError('The provider returned no ID token.', 502);
    const m = await this.provider();
    this.idTokenKeys ??= createRemoteJWKSet(new URL(m.jwks_uri));
    const { payload: id } = await jwtVerify(tokens.idToken, this.idTokenKeys, {
      issuer: this.options.issuer,
      audience: this.options.clientId,
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
    });
    if (id.nonce !== params.nonce) throw new ProviderRefusedError('The ID token does not carry this sign-in\'s nonce.', 400);
    const principal = await this.verifyAccessToken(tokens.accessToken);
    const username = typeof id.preferred_username === 'string' ? id.preferred_username : principal.id;
    const name = typeof id.name === 'string' && id.name !== '' ? id.name : (principal.name ?? username);
    return { tokens, principal, username, name };
  }

  /** The services' own check, so the gateway never keeps a session the services would refuse. */
  async verifyAccessToken(token: string): Promise<Principal> {
    this.accessVerifier ??= this.provider().then((m) =>
      createTokenVerifier({ jwksUrl: m.jwks_uri, issuer: this.options.issuer, audience: this.options.audience }),
    );
    try {
      return await (await this.accessVerifier).verify(token);
    } catch (e) {
      if (e instanceof Error && e.name === 'InvalidTokenError') throw new ProviderRefusedError(e.message, 403);
      this.accessVerifier = undefined;
      throw e;
    }
  }

  refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Ends the provider's session (back channel; Keycloak accepts the refresh token of a public client). */
  async logout(tokens: TokenSet): Promise<void> {
    const m = await this.provider();
    if (!m.end_session_endpoint || !tokens.refreshToken) return;
    const res = await fetch(m.end_session_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.options.clientId, refresh_token: tokens.refreshToken }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    if (!res.ok && res.status !== 400) throw new Error(`The provider's logout answered ${res.status}`);
  }

  private async tokenRequest(form: Record<string, string>): Promise<TokenSet> {
    const m = await this.provider();
    const started = Date.now();
    const res = await fetch(m.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: this.options.clientId, ...form }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const reason = typeof body.error_description === 'string' ? body.error_description : String(body.error ?? res.status);
      throw new ProviderRefusedError(`The provider refused the token request: ${reason}`, res.status >= 500 ? 502 : 401);
    }
    if (typeof body.access_token !== 'string') throw new ProviderRefusedError('The provider returned no access token.', 502);
    const seconds = (v: unknown) => (typeof v === 'number' && v > 0 ? v * 1000 : undefined);
    return {
      accessToken: body.access_token,
      accessExpiresAt: started + (seconds(body.expires_in) ?? 60_000),
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
      refreshExpiresAt: seconds(body.refresh_expires_in) !== undefined ? started + seconds(body.refresh_expires_in)! : undefined,
      idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
    };
  }

  private async fetchJson<T>(url: string): Promise<T> {
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return (await res.json()) as T;
  }
}
