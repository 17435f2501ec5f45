import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { IsDefined, IsObject, type ValidationError, ValidationTypes, getMetadataStorage } from 'class-validator';
import { type FieldError, ValidationProblemException } from './problem';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function join(path: string, property: string, parentIsArray: boolean): string {
  if (parentIsArray && /^\d+$/.test(property)) return `${path}[${property}]`;
  if (IDENTIFIER.test(property)) return path ? `${path}.${property}` : property;
  return `${path}[${JSON.stringify(property)}]`;
}

/** class-validator's error tree as one entry per broken constraint, named by dotted path (`household.members[1].residentId`). */
export function flattenValidationErrors(errors: ValidationError[], path = '', parentIsArray = false): FieldError[] {
  return errors.flatMap((error) => {
    const field = join(path, error.property, parentIsArray);
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    const nested = flattenValidationErrors(error.children ?? [], field, Array.isArray(error.value));
    return [...own, ...nested];
  });
}

type Ctor = abstract new (...args: never[]) => unknown;

interface StoredMetadata {
  type: string;
  target: Ctor | string;
  propertyName: string;
  each?: boolean;
}

const scanned = new Map<Ctor | string, number>();

/**
 * `@ValidateNested()` passes a missing value (class-validator validates what is there), so a DTO
 * that forgot `@IsDefined()` let `{}` through to a handler that then dereferenced it (TypeError,
 * 500). Every nested property not marked `@IsOptional()` (or otherwise conditional) is required:
 * this adds `@IsDefined()` to each, once per class, for every DTO of every service.
 * `@ValidateNested()` also validates an array's elements in place of an object, so `[]` passed for
 * a nested object and reached the handler (found by test/security fuzzing: 500): a nested property
 * that is not an array by its declared type must be an object (`@IsObject()` added likewise).
 */
export function requireNestedProperties(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Ctor | string, StoredMetadata[]> };
  for (const [target, metadatas] of storage.validationMetadatas) {
    if (typeof target !== 'function' || scanned.get(target) === metadatas.length) continue;
    const byProperty = new Map<string, Set<string>>();
    const eachNested = new Set<string>();
    for (const m of metadatas) {
      const types = byProperty.get(m.propertyName) ?? new Set<string>();
      types.add(m.type);
      byProperty.set(m.propertyName, types);
      if (m.type === ValidationTypes.NESTED_VALIDATION && m.each) eachNested.add(m.propertyName);
    }
    for (const [property, types] of byProperty) {
      if (!types.has(ValidationTypes.NESTED_VALIDATION)) continue;
      const declared = Reflect.getMetadata('design:type', target.prototype as object, property) as unknown;
      if (!eachNested.has(property) && typeof declared === 'function' && declared !== Array && declared !== Object) {
        IsObject({ message: `${property} must be an object` })(target.prototype as object, property);
      }
      if (types.has(ValidationTypes.CONDITIONAL_VALIDATION) || types.has(ValidationTypes.IS_DEFINED)) continue;
      IsDefined({ message: `${property} is required` })(target.prototype as object, property);
    }
    scanned.set(target, metadatas.length);
  }
}

class PlatformValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    requireNestedProperties();
    return super.transform(value, metadata);
  }
}

/**
 * The platform's validation: unknown properties are refused (400 naming them), payloads are
 * transformed to their DTO classes, nested objects not marked optional are required, and every bad field is reported as problem+json.
 */
export function createValidationPipe(options: ValidationPipeOptions = {}): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new ValidationProblemException(flattenValidationErrors(errors)),
    ...options,
  });
}
