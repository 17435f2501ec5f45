import { randomUUID } from 'node:crypto';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { JWT_SECRET } from './system';

type Role = Parameters<typeof mintLocalToken>[0];

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export const token = (role: Role, sub: string, jurisdiction: string): Promise<string> => mintLocalToken(role, { secret: JWT_SECRET, sub, jurisdiction });

/**
 * Where a call goes after a network error: another live instance of the same service, as a client-side load
 * balancer would retry (registered by a System running several instances of a service); undefined = same URL.
 */
const reroutes = new Set<(url: string) => string | undefined>();

/** Adds a reroute; returns its removal. */
export function addReroute(reroute: (url: string) => string | undefined): () => void {
  reroutes.add(reroute);
  return () => reroutes.delete(reroute);
}

function rerouted(url: string): string {
  for (const reroute of reroutes) {
    const next = reroute(url);
    if (next) return next;
  }
  return url;
}

/** One HTTP call; network errors (a process being restarted) are retried a few times, on another instance if there is one. */
export async function call<T = any>(
  method: string,
  url: string,
  auth: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
  retries = 180,
): Promise<Res<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, {
        method,
        headers: {
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed as T, headers: res.headers };
    } catch (err) {
      if (attempt >= retries) throw err;
      const next = rerouted(url);
      if (next !== url) {
        url = next;
        continue;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** A command with an idempotency key, retried (same key) on network errors and 5xx — safe across restarts. */
export async function command<T = any>(url: string, auth: string, body: unknown, expected = [200, 201, 202]): Promise<Res<T>> {
  const key = randomUUID();
  let last: Res<T> | undefined;
  for (let attempt = 0; attempt < 30; attempt++) {
    last = await call<T>('POST', url, auth, body, { 'idempotency-key': key });
    if (expected.includes(last.status)) return last;
    if (last.status < 500 && last.status !== 409) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`POST ${url} → ${last?.status}: ${JSON.stringify(last?.body)}`);
}
