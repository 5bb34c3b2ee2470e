/**
 * Event bodies `{ type, ...payload }`, validated against the DTO of their type in a machine
 * version: version 1's (EVENT_DTOS) or version 2's (EVENT_DTOS_2). One code path for the pipe,
 * which runs before the opportunity is read and accepts a body valid for some version, and for
 * {@link validateEventBody}, which the service runs once it knows the version the opportunity
 * runs (design/funding-v2.md, "Versions side by side").
 */
import { plainToInstance } from 'class-transformer';
import { validate, ValidatorOptions } from 'class-validator';
import { MACHINE_VERSIONS } from '@mapflow/workflow';
import type { MachineVersionId } from '@mapflow/workflow';
import { AppError, ErrorCode, FieldError } from '../common/errors';
import { flatten } from '../common/validation';
import { EVENT_DTOS, EVENT_DTOS_2 } from './dto';
import type { OpportunityEventDto, OpportunityEventV2Dto } from './dto';

/** A validated event body of some machine version. */
export type VersionedEventBody = OpportunityEventDto | OpportunityEventV2Dto;

export type EventBodyClass = new () => VersionedEventBody;

/** Each version's DTO class per event type (version 2 keeps version 1's class where the body did not change). */
export const DTOS_BY_VERSION: { readonly [V in MachineVersionId]: Readonly<Record<string, EventBodyClass>> } = {
  '1': EVENT_DTOS,
  '2': EVENT_DTOS_2,
};

/** What the global validation pipe uses too: unknown fields refused, nothing implicit. */
const OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** A body whose type names an event of some version, with the DTO class of each version that knows it. */
export interface TypedEventBody {
  type: string;
  body: object;
  /** In version order; never empty. */
  dtos: { version: MachineVersionId; dto: EventBodyClass }[];
}

/** The outcome of validating a body against one version's DTO: the instance, and each field's error. */
export interface EventBodyCheck {
  version: MachineVersionId;
  instance: VersionedEventBody;
  errors: FieldError[];
}

/** The DTO class of `type` in `version`, or undefined when that version has no such event. */
function dtoOf(version: MachineVersionId, type: string): EventBodyClass | undefined {
  const table = DTOS_BY_VERSION[version];
  return Object.hasOwn(table, type) ? table[type] : undefined;
}

/** Every event type of some version, each once, in version order. */
function allEventTypes(): string[] {
  return [...new Set(MACHINE_VERSIONS.flatMap((v) => Object.keys(DTOS_BY_VERSION[v])))];
}

/** The event types of `version` that no other version has. */
function onlyIn(version: MachineVersionId): string[] {
  return Object.keys(DTOS_BY_VERSION[version]).filter((type) =>
    MACHINE_VERSIONS.every((v) => v === version || dtoOf(v, type) === undefined),
  );
}

/** The 400 for a body that is not an object or names no event of any version (the type is then listed). */
function notAnEvent(field: 'body' | 'type'): AppError {
  if (field === 'body') {
    return new AppError(ErrorCode.Validation, 'The body must be a JSON object { "type": ..., ...payload }', {
      errors: [{ field: 'body', message: 'must be a JSON object' }],
    });
  }
  const versionOnly = MACHINE_VERSIONS.map((v) => ({ v, types: onlyIn(v) }))
    .filter((x) => x.types.length > 0)
    .map((x) => `; ${x.types.join(', ')} exist in machine version ${x.v} only`)
    .join('');
  return new AppError(
    ErrorCode.Validation,
    `type must be one of the event types of machine version ${MACHINE_VERSIONS.join(' or ')}`,
    { errors: [{ field: 'type', message: `type must be one of ${allEventTypes().join(', ')}${versionOnly}` }] },
  );
}

/** The 400 listing each invalid field. */
export function invalidEventBody(errors: FieldError[]): AppError {
  return new AppError(ErrorCode.Validation, errors.map((e) => e.message).join('; '), { errors });
}

/**
 * The body's type and the DTO class of each version that knows it.
 * 400 when the body is not a JSON object, or its type is an event of no version.
 */
export function typedEventBody(body: unknown): TypedEventBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw notAnEvent('body');
  const type: unknown = Reflect.get(body, 'type');
  const dtos =
    typeof type === 'string'
      ? MACHINE_VERSIONS.flatMap((version) => {
          const dto = dtoOf(version, type);
          return dto === undefined ? [] : [{ version, dto }];
        })
      : [];
  if (typeof type !== 'string' || dtos.length === 0) throw notAnEvent('type');
  return { type, body, dtos };
}

/** Validates the body against one version's DTO class; never throws for an invalid body. */
export async function checkEventBody(
  body: object,
  { version, dto }: { version: MachineVersionId; dto: EventBodyClass },
): Promise<EventBodyCheck> {
  const instance = plainToInstance(dto, body);
  return { version, instance, errors: flatten(await validate(instance, OPTIONS)) };
}

/**
 * A body checked once against the DTO of its type in every version that has the event: what the pipe
 * hands the service, which then takes the check of the version the opportunity runs (no second pass).
 */
export interface CheckedEventBody {
  type: string;
  /** In version order; never empty. */
  checks: readonly EventBodyCheck[];
}

/**
 * Checks `body` against its type's DTO in each version that has it. 400 when the body is not a JSON
 * object or its type is an event of no version; never throws for an invalid payload.
 */
export async function checkedEventBody(body: unknown): Promise<CheckedEventBody> {
  const typed = typedEventBody(body);
  // Versions that kept an event's DTO class share one check of it (most events did not change).
  const byClass = new Map<EventBodyClass, Promise<EventBodyCheck>>();
  const checks = typed.dtos.map(async (dto) => {
    const first = byClass.get(dto.dto);
    if (first !== undefined) return { ...(await first), version: dto.version };
    const check = checkEventBody(typed.body, dto);
    byClass.set(dto.dto, check);
    return check;
  });
  return { type: typed.type, checks: await Promise.all(checks) };
}

/** The instance of the latest version the body is valid for, or undefined when it is valid for none. */
export function latestValid(checked: CheckedEventBody): VersionedEventBody | undefined {
  return checked.checks.filter((c) => c.errors.length === 0).at(-1)?.instance;
}

/**
 * The body as `version` (the version the opportunity runs) reads it. 409 when its type is an event of
 * another version only; 400 listing each field when it is invalid for `version`.
 */
export function eventBodyFor(version: '1', checked: CheckedEventBody): OpportunityEventDto;
export function eventBodyFor(version: '2', checked: CheckedEventBody): OpportunityEventV2Dto;
export function eventBodyFor(version: MachineVersionId, checked: CheckedEventBody): VersionedEventBody;
export function eventBodyFor(version: MachineVersionId, checked: CheckedEventBody): VersionedEventBody {
  const check = checked.checks.find((c) => c.version === version);
  if (check === undefined) {
    const elsewhere = checked.checks.map((c) => c.version).join(' and ');
    throw new AppError(
      ErrorCode.StateConflict,
      `${checked.type} is an event of machine version ${elsewhere}, not of machine version ${version}, which this opportunity runs.`,
    );
  }
  if (check.errors.length > 0) throw invalidEventBody(check.errors);
  return check.instance;
}

/**
 * Validates an event body against the DTO of its type in `version` and returns the DTO instance:
 * {@link checkedEventBody}, then {@link eventBodyFor}.
 */
export async function validateEventBody(version: MachineVersionId, body: unknown): Promise<VersionedEventBody> {
  return eventBodyFor(version, await checkedEventBody(body));
}

/**
 * `body` checked for every version that has its event (see {@link checkedEventBody}); 400 when it is
 * valid for none, listing each field of the latest version that has the event. The API's pipe and the
 * web app's forms both take bodies through here.
 */
export async function checkedEventBodyOr400(body: unknown): Promise<CheckedEventBody> {
  const checked = await checkedEventBody(body);
  if (latestValid(checked) !== undefined) return checked;
  // checkedEventBody never returns an event without a version, so there is a latest check.
  throw invalidEventBody(checked.checks.at(-1)?.errors ?? []);
}
