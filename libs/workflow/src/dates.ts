/**
 * The calendar dates an event may carry (`signedOn`, `projectEndDate`): what
 * the HTTP layer accepts, defined once. A date is a real calendar date
 * `YYYY-MM-DD` ({@link isIsoDate}: no February 30) inside {@link DATE_RANGE}.
 *
 * The machine's own rules keep the check version 1 was released with (a real
 * calendar date, any year), so that chains recorded before the range existed
 * still replay unchanged; the range is enforced where requests come in.
 */
import { isIsoDate } from './money';

/** The accepted dates, both ends included. */
export interface DateRange {
  from: string;
  to: string;
  source: string;
}

/**
 * Years 2000 to 2099: a MAP agreement signed in the past (MAP dates from 2017)
 * or a project ending a few years out fits with room to spare, and every date
 * derived from one (a claim due 30 days after a project's end) keeps a
 * four-digit year, which JSON reads, PostgreSQL and partners' tools all agree on.
 */
export const DATE_RANGE: DateRange = {
  from: '2000-01-01',
  to: '2099-12-31',
  source: 'mapflow: years 2000-2099, so every derived date keeps a four-digit year',
};

/** True for a real calendar date `YYYY-MM-DD` within `range`. */
export function isAcceptedDate(s: unknown, range: DateRange = DATE_RANGE): s is string {
  return isIsoDate(s) && s >= range.from && s <= range.to;
}

/** How an accepted date is described to a caller, e.g. in a 400's field error. */
export function acceptedDateRule(field: string, range: DateRange = DATE_RANGE): string {
  return `${field} must be a real calendar date (YYYY-MM-DD) from ${range.from} to ${range.to}`;
}
