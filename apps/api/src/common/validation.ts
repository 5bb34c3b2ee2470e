import { ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsString, MaxLength, validate, ValidateBy, ValidationOptions, ValidatorOptions } from 'class-validator';
import { isText } from '@mapflow/workflow';
import { AppError, ErrorCode, FieldError } from './errors';

/**
 * Text a person reads or names something by (a title, a name, a reason, a
 * rollback plan, a workload): a string with at least one character that is not
 * whitespace, as the domain's `isText` requires, and at most `max` long.
 * A string of spaces is a 400 here, not a 409 or a 500 further in.
 * `{ each: true }` applies it to every item of an array.
 */
export const Text =
  (max = 2000, options: ValidationOptions = {}): PropertyDecorator =>
  (target, key) => {
    IsString(options)(target, key);
    ValidateBy(
      {
        name: 'hasText',
        validator: {
          validate: (value: unknown) => isText(value),
          defaultMessage: (args) =>
            `${options.each === true ? 'each value in ' : ''}${args?.property ?? String(key)} must not be empty or only whitespace`,
        },
      },
      options,
    )(target, key);
    MaxLength(max, options)(target, key);
  };

/** Each failed constraint of a class-validator result, with its dotted field path. */
export function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** What the pipe and {@link validDtoOr400} check: unknown fields are refused. */
const CHECKS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** One 400 problem listing each field that failed. */
function invalid(errors: ValidationError[]): AppError {
  const list = flatten(errors);
  return new AppError(ErrorCode.Validation, list.map((e) => e.message).join('; ') || 'The request is invalid', {
    errors: list,
  });
}

/**
 * The global validation pipe: unknown fields are rejected, payloads are
 * transformed into their DTO classes, and every failure becomes one 400
 * problem document listing each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...CHECKS,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: invalid,
  });
}

/** `body` as an instance of `dto`, checked as the pipe checks a request's body (a web form's fields, say); else the pipe's 400. */
export async function validDtoOr400<T extends object>(dto: new () => T, body: object): Promise<T> {
  const instance = plainToInstance(dto, body);
  const errors = await validate(instance, { ...CHECKS, validationError: { target: false, value: false } });
  if (errors.length > 0) throw invalid(errors);
  return instance;
}
