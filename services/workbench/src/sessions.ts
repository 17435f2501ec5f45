import { randomToken, type SignedIn, type TokenSet } from './oidc';

/** A signed-in browser session. Kept only in this process's memory: tokens never reach the browser. */
export interface Session {
  id: string;
  csrf: string;
  signedIn: SignedIn;
  lastUsed: number;
  /** A refresh under way, shared by concurrent requests. */
  refreshing?: Promise<TokenSet>;
}

/** A sign-in started at /auth/login and awaiting the provider's redirect to /auth/callback. */
export interface PendingLogin {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  createdAt: number;
}

/**
 * In-memory server-side session store (one gateway process; a restart signs everybody out, and
 * several gateway replicas would need a shared store). Sessions end after `idleMs` without use.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, PendingLogin>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly idleMs: number,
    private readonly pendingMs = 10 * 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  create(signedIn: SignedIn): Session {
    const session: Session = { id: randomToken(), csrf: randomToken(), signedIn, lastUsed: Date.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (Date.now() - s.lastUsed > this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastUsed = Date.now();
    return s;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  addPending(state: string, login: PendingLogin): void {
    this.pending.set(state, login);
  }

  takePending(state: string | undefined): PendingLogin | undefined {
    if (!state) return undefined;
    const p = this.pending.get(state);
    this.pending.delete(state);
    if (!p || Date.now() - p.createdAt > this.pendingMs) return undefined;
    return p;
  }

  sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (now - s.lastUsed > this.idleMs) this.sessions.delete(id);
    for (const [state, p] of this.pending) if (now - p.createdAt > this.pendingMs) this.pending.delete(state);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sessions.clear();
    this.pending.clear();
  }
}
