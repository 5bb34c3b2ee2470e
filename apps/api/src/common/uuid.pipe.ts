import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppError, ErrorCode } from './errors';

/** A path parameter that must be a UUID; anything else is a 400 problem naming the field. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new AppError(ErrorCode.Validation, `${name} must be a UUID`, {
          errors: [{ field: name, message: `${name} must be a UUID` }],
        }),
    }),
  );
