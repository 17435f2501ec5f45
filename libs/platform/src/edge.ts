import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { PROBLEM_TYPES, ProblemException } from '@sa/errors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type PlatformConfig } from './config';
import { writeProblem } from './input-guard';

/**
 * Response headers on every response: no MIME sniffing, never framed, no referrer, and no caching —
 * nearly every API response carries personal data, so `Cache-Control: no-store` is the default for
 * all of them (the OpenAPI pages included; they are small).
 */
export function securityHeaders() {
  return (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/**
 * A fixed-window request counter per key (an IP address or a token subject): at most `limit`
 * requests per `windowMs`. `limit` 0 disables it. In memory, per process: with several instances
 * behind a gateway, the gateway's limit is the one that counts.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.limit > 0;
  }

  /** Counts a request; returns the seconds to wait when over the limit, else undefined. */
  hit(key: string): number | undefined {
    if (!this.enabled) return undefined;
    const now = this.now();
    if (now - this.lastSweep > this.windowMs) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= this.limit) return undefined;
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}

export function tooManyRequests(req: IncomingMessage, res: ServerResponse, retryAfter: number, who: string): void {
  res.setHeader('Retry-After', String(retryAfter));
  writeProblem(req, res, {
    type: PROBLEM_TYPES.http(429),
    title: 'Too Many Requests',
    status: 429,
    detail: `Too many requests from this ${who}; try again in ${retryAfter} s.`,
  });
}

const UNLIMITED_PATHS = /^\/(health\/|metrics$)/;

/** Per client IP (`req.socket.remoteAddress`; behind a gateway, disable it with 0 and let the gateway limit). */
export function ipRateLimit(limiter: RateLimiter) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (!limiter.enabled || UNLIMITED_PATHS.test((req.url ?? '').split('?')[0])) return next();
    const retryAfter = limiter.hit(req.socket.remoteAddress ?? 'unknown');
    if (retryAfter !== undefined) return tooManyRequests(req, res, retryAfter, 'address');
    next();
  };
}

/** Per token subject, after authentication (a Nest interceptor, so `request.actor` is known). */
@Injectable()
export class SubjectRateLimitInterceptor implements NestInterceptor {
  private readonly limiter: RateLimiter;

  constructor(@Inject(APP_CONFIG) config: PlatformConfig) {
    this.limiter = new RateLimiter(config.RATE_LIMIT_PER_SUBJECT ?? 0);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && this.limiter.enabled) {
      const req = context.switchToHttp().getRequest<{ actor?: { id: string } }>();
      const retryAfter = req.actor ? this.limiter.hit(req.actor.id) : undefined;
      if (retryAfter !== undefined) {
        throw new ProblemException(
          429,
          { type: PROBLEM_TYPES.http(429), title: 'Too Many Requests', detail: `Too many requests for this user; try again in ${retryAfter} s.` },
          { 'Retry-After': String(retryAfter) },
        );
      }
    }
    return next.handle();
  }
}
