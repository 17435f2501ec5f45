/**
 * Signatures of the platform contract, in both directions (our submissions, the platform's callbacks):
 *
 *   X-Timestamp: <unix seconds>
 *   X-Signature: sha256=<lower-case hex of HMAC-SHA256(secret, "<X-Timestamp>.<raw body bytes>")>
 *
 * A receiver refuses a missing or wrong signature and a timestamp more than the tolerance away from
 * its clock (replays of old messages).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature';
export const TIMESTAMP_HEADER = 'x-timestamp';
export const CALLBACK_ID_HEADER = 'x-callback-id';

export function signature(secret: string, timestamp: string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

export function signedHeaders(secret: string, body: Buffer | string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature(secret, timestamp, body) };
}

export type SignatureVerdict = 'ok' | 'missing' | 'malformed' | 'stale' | 'mismatch';

export function verifySignature(args: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  nowMs: number;
  toleranceSeconds: number;
}): SignatureVerdict {
  const { timestamp, secret, body } = args;
  if (!timestamp || !args.signature) return 'missing';
  if (!/^[0-9]{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(args.signature)) return 'malformed';
  if (Math.abs(args.nowMs / 1000 - Number(timestamp)) > args.toleranceSeconds) return 'stale';
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(args.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}
