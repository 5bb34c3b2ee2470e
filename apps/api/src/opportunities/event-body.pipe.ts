import { Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EVENT_TYPES, isEventType } from '@mapflow/workflow';
import { AppError, ErrorCode } from '../common/errors';
import { flatten } from '../common/validation';
import { EVENT_DTOS, OpportunityEventDto } from './dto';

/**
 * Validates an event body `{ type, ...payload }` against the DTO of its type:
 * an unknown type, an unknown field, a wrong type or a bad format is a 400
 * listing each field.
 */
@Injectable()
export class EventBodyPipe implements PipeTransform<unknown, Promise<OpportunityEventDto>> {
  async transform(value: unknown): Promise<OpportunityEventDto> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new AppError(ErrorCode.Validation, 'The body must be a JSON object { "type": ..., ...payload }', {
        errors: [{ field: 'body', message: 'must be a JSON object' }],
      });
    }
    const type = (value as { type?: unknown }).type;
    if (typeof type !== 'string' || !isEventType(type)) {
      throw new AppError(ErrorCode.Validation, 'type must be one of the event types of the v1 vocabulary', {
        errors: [{ field: 'type', message: `type must be one of ${EVENT_TYPES.join(', ')}` }],
      });
    }
    const dtoClass: new () => OpportunityEventDto = EVENT_DTOS[type];
    const instance: OpportunityEventDto = plainToInstance(dtoClass, value as Record<string, unknown>);
    const errors = flatten(
      await validate(instance, {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
        validationError: { target: false, value: false },
      }),
    );
    if (errors.length > 0) {
      throw new AppError(ErrorCode.Validation, errors.map((e) => e.message).join('; '), { errors });
    }
    return instance;
  }
}
