/**
 * The officer directory (人员目录): who can be named on a record (e.g. the second officer of a home
 * visit), read from the identity provider so that the ids are the officers' token subjects — the
 * same ids the services see — and four-eyes checks can match them. Keycloak's admin API, called with
 * the gateway's own service account (client credentials, realm-management view-users/query-users).
 */
export interface Officer {
  /** The officer's subject (`sub` of their tokens). */
  id: string;
  username: string;
  name: string;
  role: string;
  /** Division code (attribute `division`, claim `jurisdiction`). */
  jurisdiction: string;
}

export interface DirectoryOptions {
  /** The provider's token endpoint (from its metadata). */
  tokenEndpoint: () => Promise<string>;
  clientId: string;
  clientSecret: string;
  /** Keycloak admin API of the realm; default derived from the token endpoint (…/admin/realms/<realm>). */
  adminUrl?: string;
  /** Roles listed (default DIRECTORY_ROLES). */
  roles?: readonly string[];
  cacheMs?: number;
  timeoutMs?: number;
}

/**
 * Roles listed: the people who investigate, review or decide (who can be named as a second officer or
 * an investigator: `INVESTIGATING_ROLES` in the web app), and those named on records — disbursement
 * officers, auditors, policy administrators — so that reports and timelines show names, not ids.
 */
export const DIRECTORY_ROLES = ['community_officer', 'street_officer', 'street_reviewer', 'county_approver', 'disbursement_officer', 'auditor', 'policy_admin'] as const;

/** Division codes: 6 (district), 9 (street), 12 (community) digits. */
export const DIVISION = /^\d{6}(\d{3}){0,2}$/;

/**
 * Officers with authority over `jurisdiction` (their division contains it: the community's own
 * officers, its street office, its district) or working inside it.
 */
export function officersFor(all: readonly Officer[], jurisdiction: string): Officer[] {
  return all
    .filter((o) => o.jurisdiction && (jurisdiction.startsWith(o.jurisdiction) || o.jurisdiction.startsWith(jurisdiction)))
    .sort((a, b) => b.jurisdiction.length - a.jurisdiction.length || a.role.localeCompare(b.role) || a.username.localeCompare(b.username));
}

export function adminUrlFromTokenEndpoint(tokenEndpoint: string): string {
  const m = /^(.*)\/realms\/([^/]+)\/protocol\/openid-connect\/token$/.exec(tokenEndpoint);
  if (!m) throw new Error(`Cannot derive the admin API from the token endpoint ${tokenEndpoint}; set DIRECTORY_ADMIN_URL`);
  return `${m[1]}/admin/realms/${m[2]}`;
}

export class DirectoryUnavailableError extends Error {}

export class OfficerDirectory {
  private token: { value: string; expiresAt: number } | undefined;
  private cache: { officers: Officer[]; at: number } | undefined;

  constructor(private readonly options: DirectoryOptions) {}

  async officers(jurisdiction: string, now = Date.now()): Promise<Officer[]> {
    if (!this.cache || now - this.cache.at > (this.options.cacheMs ?? 60_000)) {
      this.cache = { officers: await this.load(), at: now };
    }
    return officersFor(this.cache.officers, jurisdiction);
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - Date.now() > 10_000) return this.token.value;
    const res = await fetch(await this.options.tokenEndpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok || typeof body.access_token !== 'string') {
      throw new DirectoryUnavailableError(`The identity provider refused the directory's service account (${res.status} ${String(body.error ?? '')})`);
    }
    this.token = { value: body.access_token, expiresAt: Date.now() + (typeof body.expires_in === 'number' ? body.expires_in * 1000 : 60_000) };
    return this.token.value;
  }

  private async load(): Promise<Officer[]> {
    const admin = this.options.adminUrl ?? adminUrlFromTokenEndpoint(await this.options.tokenEndpoint());
    const token = await this.accessToken();
    const out = new Map<string, Officer>();
    for (const role of this.options.roles ?? DIRECTORY_ROLES) {
      for (let first = 0; ; first += 500) {
        const res = await fetch(`${admin}/roles/${encodeURIComponent(role)}/users?briefRepresentation=false&first=${first}&max=500`, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        if (!res.ok) throw new DirectoryUnavailableError(`The identity provider's admin API answered ${res.status} for role ${role}`);
        const users = (await res.json()) as Array<Record<string, any>>;
        for (const u of users) {
          if (u.enabled === false || typeof u.id !== 'string') continue;
          const division = Array.isArray(u.attributes?.division) ? String(u.attributes.division[0] ?? '') : '';
          const name = [u.lastName, u.firstName].filter((x) => typeof x === 'string' && x).join('') || String(u.username);
          if (!out.has(u.id)) out.set(u.id, { id: u.id, username: String(u.username), name, role, jurisdiction: division });
        }
        if (users.length < 500) break;
      }
    }
    return [...out.values()];
  }
}
