import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpAdapterHost } from '@nestjs/core';
import { Logger, type Provider } from '@nestjs/common';

export const CALLBACK_PATH = '/platform/callbacks';
export const RAW_BODY_CAPTURE = Symbol('RAW_BODY_CAPTURE');
const LIMIT = 1024 * 1024;

type RawRequest = IncomingMessage & { rawBody?: Buffer; body?: unknown };

/**
 * The callback signature covers the exact bytes the platform sent, so the callback route needs the
 * raw body. This middleware reads it first (before the platform's JSON parser, which then sees a
 * finished request and skips it) and keeps it as `req.rawBody`, with the parsed JSON as `req.body`.
 */
export function captureRawBody(req: RawRequest, res: ServerResponse, next: (err?: unknown) => void): void {
  if (req.method !== 'POST' || req.rawBody !== undefined) return next();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  req.on('data', (chunk: Buffer) => {
    if (done) return;
    size += chunk.length;
    if (size > LIMIT) {
      done = true;
      const body = JSON.stringify({ type: 'urn:sa:problem:payload-too-large', title: 'Content Too Large', status: 413, detail: `A callback may not exceed ${LIMIT} bytes.` });
      res.writeHead(413, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) }).end(body);
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (done) return;
    done = true;
    req.rawBody = Buffer.concat(chunks);
    try {
      req.body = req.rawBody.length > 0 ? JSON.parse(req.rawBody.toString('utf8')) : undefined;
    } catch {
      req.body = undefined; // the controller answers 400 after checking the signature
    }
    next();
  });
  req.on('error', (err) => {
    if (done) return;
    done = true;
    next(err);
  });
}

/**
 * Registers the capture on the HTTP adapter while the application is being created (before
 * `configureApp` installs the JSON parser). Applications created with `rawBody: true` get the raw
 * body from Nest itself; the controller accepts either.
 */
export const rawBodyCaptureProvider: Provider = {
  provide: RAW_BODY_CAPTURE,
  inject: [HttpAdapterHost],
  useFactory: (host: HttpAdapterHost) => {
    const adapter = host.httpAdapter as { use?: (path: string, fn: unknown) => unknown } | undefined;
    if (!adapter?.use) {
      new Logger('PlatformCallbacks').warn('HTTP adapter not available at start-up: callbacks need an app created with { rawBody: true }');
      return false;
    }
    adapter.use(CALLBACK_PATH, captureRawBody);
    return true;
  },
};
