/**
 * How the simulated platform behaves, per source and per resident: slow, partial, failing, silent.
 *
 *   { "default":   { "latencyMs": 100 },
 *     "sources":   { "HOUSING_FUND": { "mode": "timeout" } },
 *     "residents": { "330106194805200420": { "partialParts": 2, "sources": { "TAX": { "mode": "fail", "failTimes": 1 } } } } }
 *
 * The most specific setting wins: resident+source > resident > source > default.
 */
import type { Source } from './fixtures';

export type Mode =
  /** Answer (after latencyMs, in partialParts callbacks). */
  | 'answer'
  /** Accept the query and never answer (neither callback nor polling). */
  | 'timeout'
  /** Refuse the submission with 503 (failTimes times per resident and source, then answer; always when unset). */
  | 'fail'
  /** Accept, then answer with status ERROR. */
  | 'error'
  /** Refuse the submission with 422 SOURCE_NOT_COVERED (the platform has no access to that registry). */
  | 'not-covered'
  /** Answer NOT_FOUND (the registry does not know the person). */
  | 'not-found';

export const MODES: readonly Mode[] = ['answer', 'timeout', 'fail', 'error', 'not-covered', 'not-found'];

export interface Behaviour {
  mode?: Mode;
  /** Delay before the first answer, ms. */
  latencyMs?: number;
  /** Answer in this many callbacks: the first ones PARTIAL, the last COMPLETE. */
  partialParts?: number;
  /** Delay between two parts, ms. */
  partialGapMs?: number;
  /** For mode 'fail': how many submissions fail before the platform answers again. */
  failTimes?: number;
  /** Answers are made but no callback is sent: only polling (GET /requests/:id) sees them. */
  dropCallbacks?: boolean;
  /** Every callback is delivered twice (the receiver must not count anything twice). */
  duplicateCallbacks?: boolean;
  /** Income records are answered with this amount per month instead of the fixture's (e.g. a resident who found work). */
  incomeMonthlyFen?: number;
}

export interface BehaviourConfig {
  default?: Behaviour;
  sources?: Partial<Record<Source, Behaviour>>;
  residents?: Record<string, Behaviour & { sources?: Partial<Record<Source, Behaviour>> }>;
}

export const DEFAULT_BEHAVIOUR: Required<Omit<Behaviour, 'failTimes' | 'incomeMonthlyFen'>> & Pick<Behaviour, 'failTimes' | 'incomeMonthlyFen'> = {
  mode: 'answer',
  latencyMs: 100,
  partialParts: 1,
  partialGapMs: 500,
  dropCallbacks: false,
  duplicateCallbacks: false,
};

function own(b: (Behaviour & { sources?: unknown }) | undefined): Behaviour {
  if (!b) return {};
  const { sources: _sources, ...rest } = b;
  return rest;
}

export function resolveBehaviour(config: BehaviourConfig, residentId: string, source: Source): typeof DEFAULT_BEHAVIOUR {
  const resident = config.residents?.[residentId];
  return {
    ...DEFAULT_BEHAVIOUR,
    ...own(config.default),
    ...own(config.sources?.[source]),
    ...own(resident),
    ...own(resident?.sources?.[source]),
  };
}

/** Checks a configuration (from env, file or the admin endpoint); returns the problems found. */
export function behaviourProblems(config: unknown): string[] {
  const problems: string[] = [];
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return ['the configuration must be a JSON object'];
  const check = (b: unknown, at: string, nested: boolean) => {
    if (b === undefined) return;
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return problems.push(`${at}: must be an object`);
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) {
      if (k === 'mode') {
        if (!MODES.includes(v as Mode)) problems.push(`${at}.mode: must be one of ${MODES.join(', ')}`);
      } else if (['latencyMs', 'partialGapMs', 'failTimes', 'incomeMonthlyFen'].includes(k)) {
        if (!Number.isInteger(v) || (v as number) < 0) problems.push(`${at}.${k}: must be a non-negative integer`);
      } else if (k === 'partialParts') {
        if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 12) problems.push(`${at}.partialParts: must be 1–12`);
      } else if (['dropCallbacks', 'duplicateCallbacks'].includes(k)) {
        if (typeof v !== 'boolean') problems.push(`${at}.${k}: must be true or false`);
      } else if (k === 'sources' && nested) {
        if (v === null || typeof v !== 'object') problems.push(`${at}.sources: must be an object`);
        else for (const [s, sb] of Object.entries(v as Record<string, unknown>)) check(sb, `${at}.sources.${s}`, false);
      } else {
        problems.push(`${at}.${k}: unknown setting`);
      }
    }
    return undefined;
  };
  const c = config as Record<string, unknown>;
  for (const k of Object.keys(c)) if (!['default', 'sources', 'residents'].includes(k)) problems.push(`${k}: unknown section`);
  check(c.default, 'default', false);
  if (c.sources !== undefined) {
    if (c.sources === null || typeof c.sources !== 'object') problems.push('sources: must be an object');
    else for (const [s, b] of Object.entries(c.sources as Record<string, unknown>)) check(b, `sources.${s}`, false);
  }
  if (c.residents !== undefined) {
    if (c.residents === null || typeof c.residents !== 'object') problems.push('residents: must be an object');
    else for (const [r, b] of Object.entries(c.residents as Record<string, unknown>)) check(b, `residents.${r.slice(0, 4)}…`, true);
  }
  return problems;
}
