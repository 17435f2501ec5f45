/**
 * Message signatures of the platform contract, both directions:
 *   X-Timestamp: <unix seconds>
 *   X-Signature: sha256=<lower-case hex HMAC-SHA256(secret, "<timestamp>.<raw body bytes>")>
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature';
export const TIMESTAMP_HEADER = 'x-timestamp';

export function sign(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

export function signedHeaders(secret: string, body: string | Buffer, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { 'x-timestamp': timestamp, 'x-signature': sign(secret, timestamp, body) };
}

export function verify(secret: string, timestamp: string | undefined, signature: string | undefined, body: Buffer, toleranceSeconds = 300, nowMs = Date.now()): 'ok' | 'missing' | 'stale' | 'bad' {
  if (!timestamp || !signature) return 'missing';
  if (!/^[0-9]{1,12}$/.test(timestamp)) return 'bad';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return 'stale';
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'bad';
}
