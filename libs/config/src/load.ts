import { keyConfigurationIssues } from './crypto-spec';
import type { ConfigOf, ConfigSpec, EnvCondition, VarSpec } from './spec';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigIssue {
  name: string;
  reason: string;
}

/** Thrown by `loadConfig`; `message` names every bad variable with the reason. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.name} ${i.reason}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates every variable of `spec` from `env`, all at once, and returns the typed values.
 * An unset variable takes its default; a variable set to the empty string is validated as given
 * (so `DATABASE_URL=` is an error, not a silent fallback), except an optional one without a default,
 * which the empty string leaves unset.
 * @throws ConfigError listing every bad variable.
 */
export function loadConfig<const S extends ConfigSpec>(spec: S, env: Env = process.env): ConfigOf<S> {
  const issues: ConfigIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, varSpec] of Object.entries(spec)) {
    const raw = env[name];
    const optional = !varSpec.required && varSpec.default === undefined;
    const absent = raw === undefined || (raw === '' && optional);
    if (absent) {
      const why = missingRequirement(name, spec, env);
      if (why) issues.push({ name, reason: why });
      else if (varSpec.default !== undefined) values[name] = parseDefault(name, varSpec);
      else values[name] = undefined;
      continue;
    }
    const parsed = parse(varSpec, raw);
    if ('reason' in parsed) issues.push({ name, reason: `${parsed.reason} (got ${echo(varSpec, raw)})` });
    else values[name] = parsed.value;
  }
  if (issues.length === 0) issues.push(...productionIssues(spec, values));
  if (issues.length > 0) throw new ConfigError(issues);
  return Object.freeze(values) as ConfigOf<S>;
}

/**
 * The spec as the `validate` function of `@nestjs/config` (`ConfigModuleOptions['validate']`, `(config) => config`):
 * the environment in, every variable typed with its default, or a ConfigError naming every bad one. Every service
 * validates its environment through this (PlatformModule → `APP_CONFIG` and `ConfigService`, `bootstrapService`,
 * `createTestApp`, the workbench).
 */
export function configValidator<const S extends ConfigSpec>(spec: S): (env: Record<string, unknown>) => ConfigOf<S> {
  return (env) => loadConfig(spec, env as Env);
}

/** Development secrets that a production deployment never runs with, whatever their variable. */
const DEVELOPMENT_SECRET = /local-development|local-only|not-for-production|do-not-use-in-production|change-?me|changeit/i;

/**
 * Production mode (NODE_ENV=production) refuses to start with a default secret or key (a secret
 * variable left at, or set to, its development default, or to a value marked as a development
 * one — unless ALLOW_DEVELOPMENT_SECRETS=true, for the local compose system only) and with an unsafe key store (field encryption off, the local keyring unless
 * ALLOW_LOCAL_KEYRING=true, a PKCS#11 set-up without module or with a default PIN).
 */
function productionIssues(spec: ConfigSpec, values: Record<string, unknown>): ConfigIssue[] {
  if (values.NODE_ENV !== 'production') return [];
  const issues: ConfigIssue[] = [];
  for (const [name, varSpec] of Object.entries(spec)) {
    if (values.ALLOW_DEVELOPMENT_SECRETS === true) break;
    const value = values[name];
    if (!varSpec.secret || typeof value !== 'string' || value === '') continue;
    if ((varSpec.default !== undefined && value === String(varSpec.default)) || DEVELOPMENT_SECRET.test(value)) {
      issues.push({ name, reason: 'is a development default: production needs a secret of its own' });
    }
  }
  if ('FIELD_ENCRYPTION' in spec) issues.push(...keyConfigurationIssues(values));
  return issues;
}

/**
 * The variables that must be present in an environment for `loadConfig` to accept it, given the
 * other values of `env` (defaults applied): variables with `required`, with a `requiredIf` whose
 * condition holds, or with a `requiredUnless` whose alternative is absent.
 */
export function requiredEnvNames(spec: ConfigSpec, env: Env = {}): string[] {
  return Object.keys(spec).filter((name) => missingRequirement(name, spec, env) !== undefined);
}

/** Every variable a spec knows. */
export function envNames(spec: ConfigSpec): string[] {
  return Object.keys(spec);
}

function missingRequirement(name: string, spec: ConfigSpec, env: Env): string | undefined {
  const varSpec = spec[name];
  if (varSpec.required) return `is required${varSpec.description ? ` (${varSpec.description})` : ''}`;
  if (varSpec.requiredIf && conditionHolds(varSpec.requiredIf, spec, env)) {
    const cond = Object.entries(varSpec.requiredIf)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : v.join('|')}`)
      .join(' and ');
    return `is required when ${cond}`;
  }
  if (varSpec.requiredUnless) {
    const alternatives: readonly string[] = typeof varSpec.requiredUnless === 'string' ? [varSpec.requiredUnless] : varSpec.requiredUnless;
    if (!alternatives.some((alt) => isSet(alt, env))) return `is required unless ${alternatives.join(' or ')} is set`;
  }
  return undefined;
}

function isSet(name: string, env: Env): boolean {
  const raw = env[name];
  return raw !== undefined && raw !== '';
}

function conditionHolds(condition: EnvCondition, spec: ConfigSpec, env: Env): boolean {
  return Object.entries(condition).every(([other, expected]) => {
    const actual = env[other] ?? (spec[other]?.default !== undefined ? String(spec[other].default) : undefined);
    return actual !== undefined && (typeof expected === 'string' ? actual === expected : expected.includes(actual));
  });
}

type Parsed = { value: unknown } | { reason: string };

function parseDefault(name: string, spec: VarSpec): unknown {
  const parsed = parse(spec, String(spec.default));
  if ('reason' in parsed) throw new Error(`Config spec bug: the default of ${name} ${parsed.reason}`);
  return parsed.value;
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `100kb` → 102400; plain digits are bytes. Returns undefined when not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * SIZE_UNITS[(m[2] ?? 'b').toLowerCase()];
}

function parse(spec: VarSpec, raw: string): Parsed {
  switch (spec.type) {
    case 'int': {
      const n = /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      const ok = Number.isSafeInteger(n) && (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
      if (ok) return { value: n };
      if (spec.min !== undefined && spec.max !== undefined) return { reason: `must be an integer between ${spec.min} and ${spec.max}` };
      if (spec.min !== undefined) return { reason: `must be an integer of at least ${spec.min}` };
      if (spec.max !== undefined) return { reason: `must be an integer of at most ${spec.max}` };
      return { reason: 'must be an integer' };
    }
    case 'string': {
      if (spec.minLength !== undefined && raw.length < spec.minLength) {
        return { reason: `must be at least ${spec.minLength} characters long` };
      }
      if (spec.pattern && !spec.pattern.test(raw)) return { reason: `must be ${spec.patternDescription ?? `a string matching ${spec.pattern}`}` };
      const bad = spec.check?.(raw);
      return bad ? { reason: bad } : { value: raw };
    }
    case 'url': {
      const protocols = spec.protocols ?? [];
      const what = protocols.length > 0 ? `a ${protocols[0]}:// URL` : 'a URL';
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return { reason: `must be ${what}` };
      }
      if (protocols.length > 0 && !protocols.includes(url.protocol.replace(/:$/, ''))) return { reason: `must be ${what}` };
      return { value: raw };
    }
    case 'enum':
      return spec.values.includes(raw) ? { value: raw } : { reason: `must be one of ${spec.values.join(', ')}` };
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return { value: true };
      if (['false', '0', 'no', 'off'].includes(v)) return { value: false };
      return { reason: 'must be true or false' };
    }
    case 'size': {
      const bytes = parseByteSize(raw);
      const max = spec.max === undefined ? undefined : parseByteSize(spec.max);
      if (bytes === undefined || bytes <= 0) return { reason: 'must be a size such as 100kb or 1mb' };
      if (max !== undefined && bytes > max) return { reason: `must be a size of at most ${spec.max}` };
      return { value: bytes };
    }
    case 'list': {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      const what = `a comma-separated list of ${spec.itemDescription ?? 'values'}`;
      if (items.length === 0) return { reason: `must be ${what}` };
      const bad = spec.itemPattern ? items.filter((i) => !spec.itemPattern!.test(i)) : [];
      return bad.length > 0 ? { reason: `must be ${what}` } : { value: Object.freeze(items) };
    }
  }
}

function echo(spec: VarSpec, raw: string): string {
  if (spec.secret) return `a hidden value of ${raw.length} characters`;
  const shown = raw.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
  return JSON.stringify(shown.length > 80 ? `${shown.slice(0, 77)}...` : shown);
}
