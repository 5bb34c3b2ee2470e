/** The calendar dates events may carry: real dates, within one documented range. */
import { acceptedDateRule, DATE_RANGE, isAcceptedDate, isIsoDate } from '../src';

describe('accepted dates', () => {
  it('are real calendar dates YYYY-MM-DD', () => {
    for (const d of ['2026-02-28', '2028-02-29', '2027-04-30', '2027-12-31']) expect(isAcceptedDate(d)).toBe(true);
    for (const d of ['2026-02-29', '2027-02-30', '2027-04-31', '2027-13-01', '2027-00-10', '2027-01-00', '2027-1-1']) {
      expect(isAcceptedDate(d)).toBe(false);
    }
    for (const d of ['2027-01-01T00:00:00Z', ' 2027-01-01', '２０２７-01-01', 20270101, null, undefined]) {
      expect(isAcceptedDate(d)).toBe(false);
    }
  });

  it('lie within 2000-01-01 to 2099-12-31, both ends included', () => {
    expect(DATE_RANGE).toMatchObject({ from: '2000-01-01', to: '2099-12-31' });
    expect(['2000-01-01', '2099-12-31'].map((d) => isAcceptedDate(d))).toEqual([true, true]);
    expect(['1999-12-31', '2100-01-01', '9999-12-02', '0000-01-01'].map((d) => isAcceptedDate(d))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    // The machine's own check stays as version 1 was released: any real calendar date.
    expect(isIsoDate('9999-12-02')).toBe(true);
  });

  it('take another range, and say which', () => {
    const range = { from: '2026-01-01', to: '2026-12-31', source: 'test' };
    expect(isAcceptedDate('2027-01-01', range)).toBe(false);
    expect(isAcceptedDate('2026-06-30', range)).toBe(true);
    expect(acceptedDateRule('signedOn')).toBe(
      'signedOn must be a real calendar date (YYYY-MM-DD) from 2000-01-01 to 2099-12-31',
    );
    expect(acceptedDateRule('projectEndDate', range)).toContain('from 2026-01-01 to 2026-12-31');
  });
});
