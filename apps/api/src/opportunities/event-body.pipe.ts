import { Injectable, PipeTransform } from '@nestjs/common';
import { checkedEventBodyOr400, type CheckedEventBody } from './event-body';

/**
 * Validates an event body `{ type, ...payload }` before the opportunity is read, so before its
 * machine version is known: against the DTO of its type in each version that has the event.
 * Not a JSON object, or a type of no version: 400. Valid for at least one version: the checks of
 * every version that has the event, each run once (the service takes, with `eventBodyFor`, the check
 * of the version the opportunity runs). Invalid for every version: the 400 of the latest version
 * that has the event, listing each field (an unknown field, a wrong type, a bad format).
 */
@Injectable()
export class EventBodyPipe implements PipeTransform<unknown, Promise<CheckedEventBody>> {
  transform(value: unknown): Promise<CheckedEventBody> {
    return checkedEventBodyOr400(value);
  }
}
