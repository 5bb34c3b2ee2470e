import { Injectable, PipeTransform } from '@nestjs/common';
import { checkEventBody, invalidEventBody, typedEventBody, VersionedEventBody } from './event-body';

/**
 * Validates an event body `{ type, ...payload }` before the opportunity is read, so before its
 * machine version is known: against the DTO of its type in each version that has the event.
 * Not a JSON object, or a type of no version: 400. Valid for at least one version: the instance
 * of the latest such version (the service validates it again, with `validateEventBody`, against
 * the version the opportunity runs). Invalid for every version: the 400 of the latest version
 * that has the event, listing each field (an unknown field, a wrong type, a bad format).
 */
@Injectable()
export class EventBodyPipe implements PipeTransform<unknown, Promise<VersionedEventBody>> {
  async transform(value: unknown): Promise<VersionedEventBody> {
    const typed = typedEventBody(value);
    const checks = await Promise.all(typed.dtos.map((dto) => checkEventBody(typed.body, dto)));
    const valid = checks.filter((c) => c.errors.length === 0).at(-1);
    if (valid !== undefined) return valid.instance;
    // typedEventBody never returns an event without a version, so there is a latest check.
    throw invalidEventBody(checks.at(-1)?.errors ?? []);
  }
}
