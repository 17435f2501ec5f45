/**
 * A service's environment, declared as data: one entry per variable (the key is the variable's name).
 * Being data, a spec can be validated at start-up (`loadConfig`) and inspected by tools
 * (`requiredEnvNames`, `envNames`), e.g. a test that compares docker-compose with the services.
 */

/** `{ NODE_ENV: 'production' }`: the condition holds when every named variable has one of the values. */
export type EnvCondition = Readonly<Record<string, string | readonly string[]>>;

interface CommonVarSpec {
  /** What the variable is for (shown nowhere at runtime; for readers and tools). */
  readonly description?: string;
  /** Must be set (a default does not count). */
  readonly required?: boolean;
  /** Must be set when the condition holds (a default does not count then). */
  readonly requiredIf?: EnvCondition;
  /** Must be set unless the named variable (or one of the named variables) is set. */
  readonly requiredUnless?: string | readonly string[];
  /** Never echo the value in error messages. */
  readonly secret?: boolean;
}

export interface IntVarSpec extends CommonVarSpec {
  readonly type: 'int';
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface StringVarSpec extends CommonVarSpec {
  readonly type: 'string';
  readonly default?: string;
  readonly minLength?: number;
  readonly pattern?: RegExp;
  /** Human wording of `pattern`, e.g. "a PEM public key". */
  readonly patternDescription?: string;
  /** Extra check; returns the reason ("must be …") when the value is bad. */
  readonly check?: (value: string) => string | undefined;
}

export interface UrlVarSpec extends CommonVarSpec {
  readonly type: 'url';
  readonly default?: string;
  /** Accepted protocols without ':' (e.g. ['postgres', 'postgresql']); the first one names the URL in messages. */
  readonly protocols?: readonly string[];
}

export interface EnumVarSpec<E extends string = string> extends CommonVarSpec {
  readonly type: 'enum';
  readonly values: readonly E[];
  readonly default?: E;
}

export interface BooleanVarSpec extends CommonVarSpec {
  readonly type: 'boolean';
  readonly default?: boolean;
}

/** A byte size such as `100kb`, `1mb`, `512b` or a plain number of bytes; the value is the number of bytes. */
export interface SizeVarSpec extends CommonVarSpec {
  readonly type: 'size';
  readonly default?: string;
  readonly max?: string;
}

/** A comma-separated list; each item is checked against `itemPattern`. */
export interface ListVarSpec extends CommonVarSpec {
  readonly type: 'list';
  readonly default?: string;
  readonly itemPattern?: RegExp;
  readonly itemDescription?: string;
}

export type VarSpec = IntVarSpec | StringVarSpec | UrlVarSpec | EnumVarSpec | BooleanVarSpec | SizeVarSpec | ListVarSpec;

export type ConfigSpec = Readonly<Record<string, VarSpec>>;

type ValueOf<V> = V extends { type: 'int' | 'size' }
  ? number
  : V extends { type: 'boolean' }
    ? boolean
    : V extends { type: 'enum'; values: readonly (infer E)[] }
      ? E
      : V extends { type: 'list' }
        ? readonly string[]
        : string;

type AlwaysPresent<V> = V extends { default: unknown } ? true : V extends { required: true } ? true : false;

/** The validated configuration a spec describes: variables with a default or `required: true` are never undefined. */
export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: AlwaysPresent<S[K]> extends true ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

/** Identity function that keeps the literal types of a spec (so `ConfigOf` can infer each value's type). */
export function defineConfigSpec<const S extends ConfigSpec>(spec: S): S {
  return spec;
}
