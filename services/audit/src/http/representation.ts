/**
 * The audit's JSON answers, serialised once and kept with the case's snapshot (issue 20).
 *
 * Without field encryption a result is memoised on the case's snapshot (the same object for every read of an
 * unchanged case, see case-cache.ts), so its body — the JSON text, its ETag, and its gzip / br forms, made the
 * first time a client accepts them — is kept on that object: 32 auditors on one case cost one stringify and
 * one compression, not 32. A new snapshot (an append, an edit) brings new result objects, so nothing stale is
 * ever served. With field encryption results are fresh per request and so is their body (nothing is kept).
 *
 * Every answer carries a weak ETag (the same for each content coding of one JSON text) and `Cache-Control:
 * private, no-cache`: a client may keep it but must ask again, and an `If-None-Match` that matches is answered
 * 304 — after the read was logged like any other (a revalidation is a read of the case).
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

/** Bodies below this are sent as they are (compression would not pay for its headers). */
const MIN_COMPRESS_BYTES = 1024;
/** Bodies kept per result object (different pages of one history): bounded, cleared when full. */
const MAX_PER_OWNER = 256;

export interface Representation {
  etag: string;
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

type Coding = 'br' | 'gzip' | 'identity';

/** The coding the client prefers among br and gzip (`Accept-Encoding`, q-values honoured), else identity. */
export function negotiateCoding(acceptEncoding: string | undefined, size: number): Coding {
  if (!acceptEncoding || size < MIN_COMPRESS_BYTES) return 'identity';
  let best: Coding = 'identity';
  let bestQ = 0;
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    const coding: Coding | null = name === 'br' ? 'br' : name === 'gzip' || name === 'x-gzip' ? 'gzip' : name === '*' ? 'br' : null;
    // br before gzip at equal q: smaller, and it is compressed once per snapshot
    if (coding && (q > bestQ || (q === bestQ && coding === 'br'))) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

function encoded(rep: Representation, coding: Coding): Buffer {
  if (coding === 'gzip') return (rep.gzip ??= gzipSync(rep.identity, { level: 6 }));
  if (coding === 'br') {
    // quality 5: most of brotli's gain at a fraction of its default (11) cost
    return (rep.br ??= brotliCompressSync(rep.identity, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: rep.identity.length, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
    }));
  }
  return rep.identity;
}

function representationOf(text: string): Representation {
  const identity = Buffer.from(text, 'utf8');
  const etag = `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { etag, identity };
}

const byOwner = new WeakMap<object, Map<string, Representation>>();

/**
 * The body of `build()` for `owner` (a memoised result) under `key` (what else shapes the body: the page, the
 * route), built once per owner and key. `owner` null: built for this answer only.
 */
export function representation(owner: object | null, key: string, build: () => unknown): Representation {
  if (owner === null) return representationOf(JSON.stringify(build()));
  let kept = byOwner.get(owner);
  if (!kept) byOwner.set(owner, (kept = new Map()));
  let rep = kept.get(key);
  if (!rep) {
    rep = representationOf(JSON.stringify(build()));
    if (kept.size >= MAX_PER_OWNER) kept.clear();
    kept.set(key, rep);
  }
  return rep;
}

/** The ETag matches one of `If-None-Match` (weak comparison, `*` matches any). */
function notModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const opaque = etag.replace(/^W\//, '');
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === opaque);
}

/** Sends `rep` as JSON: content coding as accepted, ETag, 304 on a matching If-None-Match, extra headers (Link). */
export function sendJson(req: Request, res: Response, rep: Representation, headers: Record<string, string> = {}): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('ETag', rep.etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (notModified(req, rep.etag)) {
    res.status(304).end();
    return;
  }
  const coding = negotiateCoding(req.headers['accept-encoding'], rep.identity.length);
  const body = encoded(rep, coding);
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
  res.setHeader('Content-Length', String(body.length));
  res.status(200);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}
