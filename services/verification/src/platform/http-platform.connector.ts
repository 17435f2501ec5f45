import { Logger } from '@nestjs/common';
import type { VerificationSource } from '@sa/contracts';
import { type CircuitState, type CircuitVerdict, SourceCircuit } from './circuit-breaker';
import { parsePlatformAnswer } from './platform-answer';
import type { PlatformAnswer, PlatformQuery, PollOutcome, SubmitOutcome, VerificationPlatform } from './platform.port';
import { signedHeaders } from './signature';

export interface HttpPlatformOptions {
  baseUrl: string;
  hmacSecret: string;
  /** Timeout of one HTTP call, ms. */
  timeoutMs: number;
  /** Sources the platform answers for. */
  sources: readonly VerificationSource[];
  circuit: { failureThreshold: number; openMs: number };
  /** Signs requests (the injected clock, as the callback controller checks against); the circuit's pause is wall-clock. */
  now?: () => number;
  fetch?: typeof fetch;
}

/** An outcome and how the source's circuit counts it. */
interface Judged<T> {
  verdict: CircuitVerdict;
  value: T;
}

interface Problem {
  code?: string;
  title?: string;
  detail?: string;
}

/**
 * The platform over HTTP/JSON (the contract in services/verification/README.md):
 *   POST <base>/requests        signed JSON query → 202/200 (answers follow by signed callback),
 *                               422 {code: SOURCE_NOT_COVERED | MEMBER_NOT_FOUND}, 5xx when down
 *   GET  <base>/requests/:id    the answers made so far (polling fallback) → 200, 404 unknown
 * Each call has a timeout; each source has its own circuit breaker (cockatiel, `SourceCircuit`). Retries with back-off are the
 * domain's (the retry budget of each query, recorded in the event store), not this adapter's.
 */
export class HttpPlatformConnector implements VerificationPlatform {
  private readonly logger = new Logger('VerificationPlatform');
  private readonly circuits = new Map<VerificationSource, SourceCircuit>();
  private readonly now: () => number;
  private readonly http: typeof fetch;
  private readonly base: string;

  constructor(private readonly options: HttpPlatformOptions) {
    this.now = options.now ?? Date.now;
    this.http = options.fetch ?? fetch;
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  covers(source: VerificationSource): boolean {
    return this.options.sources.includes(source);
  }

  available(source: VerificationSource): boolean {
    return this.circuit(source).current !== 'OPEN';
  }

  circuitState(source: VerificationSource): CircuitState {
    return this.circuit(source).current;
  }

  private circuit(source: VerificationSource): SourceCircuit {
    let c = this.circuits.get(source);
    if (!c) {
      c = new SourceCircuit(this.options.circuit);
      this.circuits.set(source, c);
    }
    return c;
  }

  async submit(query: PlatformQuery): Promise<SubmitOutcome> {
    const run = await this.circuit(query.source).run(() => this.submitOnce(query));
    return run.refused ? { kind: 'unavailable', detail: `circuit open for ${query.source}` } : run.value;
  }

  private async submitOnce(query: PlatformQuery): Promise<Judged<SubmitOutcome>> {
    const body = JSON.stringify({
      requestId: query.submissionId,
      residentId: query.residentId,
      ...(query.name ? { name: query.name } : {}),
      source: query.source,
      purpose: query.purpose,
      consentRef: query.consentRef,
      consentDocumentRef: query.consentDocumentRef,
      referencePeriod: query.referencePeriod,
      callbackUrl: query.callbackUrl,
    });
    let response: Response;
    try {
      response = await this.http(`${this.base}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...signedHeaders(this.options.hmacSecret, body, this.now()) },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      return { verdict: 'failure', value: { kind: 'failed', failure: 'PLATFORM_ERROR', detail: describe(err) } };
    }
    const payload = await readJson(response);
    if (response.status >= 200 && response.status < 300) {
      return { verdict: 'success', value: { kind: 'accepted', answers: this.answersIn(payload) } };
    }
    const problem = (payload ?? {}) as Problem;
    const detail = `HTTP ${response.status}${problem.code ? ` ${problem.code}` : ''}${problem.detail ? `: ${String(problem.detail).slice(0, 200)}` : ''}`;
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      return { verdict: 'failure', value: { kind: 'failed', failure: 'PLATFORM_ERROR', detail } };
    }
    if (response.status === 401 || response.status === 403) {
      // Our credentials are refused: a configuration matter, not the member's. Retried, and loud.
      this.logger.error({ status: response.status, source: query.source }, 'the platform refused our signature; check VERIFICATION_PLATFORM_HMAC_SECRET');
      return { verdict: 'neutral', value: { kind: 'failed', failure: 'PLATFORM_ERROR', detail } };
    }
    if (problem.code === 'SOURCE_NOT_COVERED') return { verdict: 'neutral', value: { kind: 'failed', failure: 'SOURCE_NOT_COVERED', detail } };
    if (problem.code === 'MEMBER_NOT_FOUND') return { verdict: 'neutral', value: { kind: 'failed', failure: 'MEMBER_NOT_FOUND', detail } };
    return { verdict: 'neutral', value: { kind: 'failed', failure: 'REJECTED', detail } };
  }

  async poll(submissionId: string, source: VerificationSource): Promise<PollOutcome> {
    const run = await this.circuit(source).run(() => this.pollOnce(submissionId));
    return run.refused ? { kind: 'failed', detail: `circuit open for ${source}` } : run.value;
  }

  private async pollOnce(submissionId: string): Promise<Judged<PollOutcome>> {
    const path = `/requests/${encodeURIComponent(submissionId)}`;
    let response: Response;
    try {
      response = await this.http(`${this.base}${path}`, {
        method: 'GET',
        headers: { accept: 'application/json', ...signedHeaders(this.options.hmacSecret, path, this.now()) },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      return { verdict: 'failure', value: { kind: 'failed', detail: describe(err) } };
    }
    const payload = await readJson(response);
    if (response.status === 404) return { verdict: 'success', value: { kind: 'unknown' } };
    if (response.status >= 200 && response.status < 300) return { verdict: 'success', value: { kind: 'answers', answers: this.answersIn(payload) } };
    return { verdict: response.status >= 500 ? 'failure' : 'neutral', value: { kind: 'failed', detail: `HTTP ${response.status}` } };
  }

  private answersIn(payload: unknown): PlatformAnswer[] {
    const list = (payload as { answers?: unknown } | undefined)?.answers;
    if (!Array.isArray(list)) return [];
    const answers: PlatformAnswer[] = [];
    for (const raw of list) {
      const parsed = parsePlatformAnswer(raw);
      if (parsed.ok) answers.push(parsed.answer);
      else this.logger.warn({ errors: parsed.errors.slice(0, 5) }, 'ignoring a malformed answer from the platform');
    }
    return answers;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return `${err.name}: ${err.message}${cause?.code ? ` (${cause.code})` : ''}`.slice(0, 300);
  }
  return String(err).slice(0, 300);
}
