import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isCalendarMonth, shanghaiDate } from '@sa/time';
import { checkResidentId, isDivisionCode, isValidBankAccountNumber } from '../domain';

/**
 * class-validator constraints built on the domain's own checks, so a request is refused (400,
 * naming the field) by exactly the rules the decider applies.
 */
function constraint(name: string, test: (value: unknown) => string | undefined, options?: ValidationOptions) {
  return (object: object, propertyName: string) => {
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => test(value) === undefined,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${test(args.value) ?? 'is invalid'}`,
      },
    });
  };
}

/** 18 characters, a real birth date not in the future, and the GB 11643 check digit. */
export const IsResidentId = (options?: ValidationOptions) =>
  constraint(
    'isResidentId',
    (value) => {
      const check = checkResidentId(value, shanghaiDate(new Date()));
      return check.valid ? undefined : `is not a valid resident ID: it ${check.message}`;
    },
    options,
  );

/** A calendar date `YYYY-MM-DD`. */
export const IsLocalDate = (options?: ValidationOptions) =>
  constraint('isLocalDate', (value) => (isCalendarDate(value) ? undefined : 'must be a date YYYY-MM-DD'), options);

/** A month `YYYY-MM`. */
export const IsYearMonth = (options?: ValidationOptions) =>
  constraint('isYearMonth', (value) => (isCalendarMonth(value) ? undefined : 'must be a month YYYY-MM'), options);

/** Money in whole fen: a non-negative safe integer. */
export const IsFen = (options?: ValidationOptions & { signed?: boolean }) =>
  constraint(
    'isFen',
    (value) =>
      typeof value === 'number' && Number.isSafeInteger(value) && (options?.signed || value >= 0)
        ? undefined
        : options?.signed
          ? 'must be a whole number of fen'
          : 'must be a non-negative whole number of fen',
    options,
  );

/** An administrative division code of the given length(s). */
export const IsDivisionCode = (lengths: number[] = [6, 9, 12], options?: ValidationOptions) =>
  constraint(
    'isDivisionCode',
    (value) =>
      isDivisionCode(value) && lengths.includes(value.length)
        ? undefined
        : `must be a ${lengths.join(', ')}-digit administrative division code`,
    options,
  );

export const IsBankAccountNumber = (options?: ValidationOptions) =>
  constraint('isBankAccountNumber', (value) => (isValidBankAccountNumber(value) ? undefined : 'must be 12 to 30 digits'), options);
