import type { Response } from 'express';
import type { CaseCommandResponse } from './case-command-gateway';

/** Sets the case's ETag (its stream revision) and returns the body. */
export function withEtag<T extends CaseCommandResponse>(res: Response, body: T): T {
  res.setHeader('ETag', `"${body.revision}"`);
  return body;
}

export const IDEMPOTENCY_KEY = 'idempotency-key';
export const IF_MATCH = 'if-match';
