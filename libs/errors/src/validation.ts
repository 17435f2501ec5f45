import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
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

/**
 * The platform's validation: unknown properties are refused (400 naming them), payloads are
 * transformed to their DTO classes, and every bad field is reported as problem+json.
 */
export function createValidationPipe(options: ValidationPipeOptions = {}): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new ValidationProblemException(flattenValidationErrors(errors)),
    ...options,
  });
}
