/**
 * Validation of integration-event data against the published JSON Schemas (ajv, draft 2020-12,
 * compiled once per process), followed by the few cross-field rules a schema cannot express
 * (sums, month sequences, the four-eyes rule). Errors are readable: `<json pointer>: <problem>`.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { EVENT_CATALOGUE, isIntegrationEventType, type IntegrationEventType } from './catalogue';
import { invariantViolations } from './invariants';
import { isValidResidentId } from './resident-id';
import { COMMON_DEFINITIONS_ID } from './contexts';
import { COMMON_SCHEMAS, EVENT_SCHEMAS } from './schemas';
import { acceptCiphertextForPersonalFields, CIPHERTEXT_PATTERN } from './personal-fields';

export interface ValidationResult {
  ok: boolean;
  /** Readable messages, `<json pointer>: <problem>`; empty when ok. */
  errors: string[];
  /** False when the type/version has no schema (a consumer dead-letters such a message as unknown). */
  known: boolean;
}

interface Compiled {
  ajv: Ajv2020;
  validators: Map<string, ValidateFunction>;
  metadata: ValidateFunction;
}

let compiled: Compiled | undefined;

function key(type: string, version: number): string {
  return `${type}@${version}`;
}

function build(): Compiled {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv, ['date', 'date-time', 'uuid', 'uri']);
  ajv.addFormat('resident-id', { type: 'string', validate: isValidResidentId });
  // Personal fields travel encrypted (libs/crypto): each also accepts its ciphertext form.
  for (const s of COMMON_SCHEMAS) ajv.addSchema(acceptCiphertextForPersonalFields(s));
  const validators = new Map<string, ValidateFunction>();
  for (const type of Object.keys(EVENT_SCHEMAS) as IntegrationEventType[]) {
    for (const [version, schema] of Object.entries(EVENT_SCHEMAS[type])) {
      validators.set(key(type, Number(version)), ajv.compile(acceptCiphertextForPersonalFields(schema, type)));
    }
  }
  const metadata = ajv.compile({ $ref: `${COMMON_DEFINITIONS_ID}#/$defs/integrationEventMetadata` });
  return { ajv, validators, metadata };
}

/** Compiles every schema (once). Call at start-up to fail fast on a broken schema. */
export function compileAllSchemas(): void {
  compiled ??= build();
}

function getCompiled(): Compiled {
  compiled ??= build();
  return compiled;
}

/** Validates the data of an integration event of `type` at schema `version`. */
export function validateIntegrationEvent(type: string, version: number, data: unknown): ValidationResult {
  const validate = getCompiled().validators.get(key(type, version));
  if (!validate) {
    const known = isIntegrationEventType(type)
      ? `known versions: ${EVENT_CATALOGUE[type].versions.join(', ')}`
      : 'not a published event type';
    return { ok: false, known: false, errors: [`unknown event type/version ${type} v${version} (${known})`] };
  }
  if (!validate(data)) return { ok: false, known: true, errors: formatErrors(validate.errors ?? []) };
  const violations = invariantViolations(type as IntegrationEventType, version, data);
  return { ok: violations.length === 0, known: true, errors: violations };
}

/** Validates envelope metadata (correlation/causation ids, actor, reason, evidence, policy version). */
export function validateEventMetadata(metadata: unknown): ValidationResult {
  const validate = getCompiled().metadata;
  if (!validate(metadata)) return { ok: false, known: true, errors: formatErrors(validate.errors ?? [], '/metadata') };
  return { ok: true, known: true, errors: [] };
}

/** Throws a ContractViolationError unless the data is valid (for producers: never publish bad data). */
export function assertValidIntegrationEvent(type: string, version: number, data: unknown): void {
  const result = validateIntegrationEvent(type, version, data);
  if (!result.ok) throw new ContractViolationError(type, version, result.errors);
}

export class ContractViolationError extends Error {
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly errors: string[],
  ) {
    super(`${eventType} v${schemaVersion} violates its contract: ${errors.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

/** Turns ajv errors into `<pointer>: <problem>` lines, dropping the noise of if/then and oneOf wrappers. */
export function formatErrors(errors: readonly ErrorObject[], prefix = ''): string[] {
  const lines: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue; // the failing branch's own errors say what is wrong
    if (isCiphertextAlternative(e)) continue; // a personal field in clear: its own errors say what is wrong
    const at = prefix + e.instancePath || '/';
    switch (e.keyword) {
      case 'required':
        lines.push(`${join(at, (e.params as { missingProperty: string }).missingProperty)}: is required`);
        break;
      case 'additionalProperties':
        lines.push(`${join(at, (e.params as { additionalProperty: string }).additionalProperty)}: is not allowed here`);
        break;
      case 'enum':
        lines.push(`${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')}`);
        break;
      case 'const':
        lines.push(`${at}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`);
        break;
      case 'format':
        lines.push(`${at}: must be a valid ${(e.params as { format: string }).format}`);
        break;
      case 'pattern':
        lines.push(`${at}: has the wrong format (expected ${describePattern((e.params as { pattern: string }).pattern)})`);
        break;
      case 'not': {
        const forbidden = (e.schema as { required?: string[] } | undefined)?.required;
        if (forbidden) for (const p of forbidden) lines.push(`${join(at, p)}: must not be present in this case`);
        else lines.push(`${at}: must not match ${e.schemaPath}`);
        break;
      }
      default:
        lines.push(`${at}: ${e.message ?? e.keyword}`);
    }
  }
  return [...new Set(lines)];
}

/** Errors of the ciphertext alternative of a personal field (and its anyOf wrapper): noise for a clear value. */
function isCiphertextAlternative(e: ErrorObject): boolean {
  if ((e.parentSchema as { pattern?: string } | undefined)?.pattern === CIPHERTEXT_PATTERN) return true;
  if (e.keyword !== 'anyOf' || !Array.isArray(e.schema)) return false;
  return (e.schema as { pattern?: string }[]).some((alt) => alt?.pattern === CIPHERTEXT_PATTERN);
}

function join(path: string, prop: string): string {
  return path === '/' ? `/${prop}` : `${path}/${prop}`;
}

const PATTERN_WORDS: Record<string, string> = {
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$': 'a date YYYY-MM-DD',
  '^[0-9]{4}-(0[1-9]|1[0-2])$': 'a month YYYY-MM',
  '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$': 'a lower-case UUID',
  '^([0-9]{6}|[0-9]{9}|[0-9]{12})$': 'a 6, 9 or 12 digit division code',
  '^[0-9]{17}[0-9X]$': 'an 18-character resident ID',
};

function describePattern(pattern: string): string {
  return PATTERN_WORDS[pattern] ?? `pattern ${pattern}`;
}
