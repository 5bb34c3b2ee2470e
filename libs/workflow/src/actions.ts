/**
 * Domain actions: named data the service runs AFTER the commit (notify,
 * file with AWS, ...). Nothing with a side effect runs inside the machine;
 * the machine only enqueues these names with their data. Each event's
 * definition names what it emits (`emit` in concepts/*.ts); the step adds
 * `phaseChanged` and `opportunityEnded` when the phase changes.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A named action with its data, as an event's definition emits it. */
export interface DomainActionData {
  type: string;
  [key: string]: JsonValue;
}

/** A named action with its data and the opportunity it is about, plain JSON. */
export interface DomainAction extends DomainActionData {
  opportunityId: string;
}

/** The action `type` with its `data`. */
export function domainAction(type: string, data: Record<string, JsonValue> = {}): DomainActionData {
  return { ...data, type };
}
