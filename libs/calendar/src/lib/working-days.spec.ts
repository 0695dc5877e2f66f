import fc from 'fast-check';
import { VN_HOLIDAY_TABLE } from '../data/vn-holidays';
import { addDays, fromDayNumber, InvalidDateError, type LocalDate, parseIsoLocalDate, toDayNumber } from './local-date';
import {
  addWorkingDays,
  computeAppointment,
  defaultWorkingCalendar as cal,
  isWorkingDay,
  nextWorkingDay,
  nthWorkingDayAfter,
  WorkingCalendar,
  workingDaysBetween,
} from './working-days';

const d = (s: string): LocalDate => parseIsoLocalDate(s);

// 1995-01-01 .. 2035-12-31: table years, computed years and their boundaries.
const dayArb = fc.integer({ min: toDayNumber(d('1995-01-01')), max: toDayNumber(d('2035-12-31')) }).map(fromDayNumber);

function bruteForceBetween(a: LocalDate, b: LocalDate): number {
  let count = 0;
  for (let x = addDays(a, 1); x <= b; x = addDays(x, 1)) if (isWorkingDay(x)) count++;
  return count;
}

describe('isWorkingDay', () => {
  it('treats weekends as rest days and worked Saturdays as working days', () => {
    expect(isWorkingDay(d('2025-03-07'))).toBe(true); // Friday
    expect(isWorkingDay(d('2025-03-08'))).toBe(false); // Saturday
    expect(isWorkingDay(d('2025-03-09'))).toBe(false); // Sunday
    expect(isWorkingDay(d('2025-04-26'))).toBe(true); // Saturday worked (swap)
    expect(isWorkingDay(d('2025-05-02'))).toBe(false); // Friday off (swap)
  });

  it('describes a day', () => {
    expect(cal.dayInfo(d('2025-01-29'))).toMatchObject({
      working: false,
      weekend: false,
      source: 'table',
      dayOff: { holiday: 'lunar-new-year', kind: 'holiday' },
    });
    expect(cal.dayInfo(d('2025-03-07'))).toEqual({
      date: '2025-03-07',
      working: true,
      weekend: false,
      source: 'table',
    });
  });

  it('validates a custom table', () => {
    expect(
      () =>
        new WorkingCalendar({
          table: [
            {
              year: 2030,
              daysOff: [],
              workedDays: [{ date: '2030-01-02', replaces: '2030-01-03', reason: 'x', source: 'x', confirmed: true }],
            },
          ],
        }),
    ).toThrow(/not a weekend day/);
    expect(
      () =>
        new WorkingCalendar({
          table: [
            {
              year: 2030,
              daysOff: [
                { date: '2030-02-30', kind: 'holiday', holiday: 'new-year', reason: 'x', source: 'x', confirmed: true },
              ],
              workedDays: [],
            },
          ],
        }),
    ).toThrow(InvalidDateError);
  });

  it('can drop unconfirmed rows by filtering the table', () => {
    const confirmedOnly = new WorkingCalendar({
      table: VN_HOLIDAY_TABLE.map((y) => ({
        ...y,
        daysOff: y.daysOff.filter((r) => r.confirmed),
        workedDays: y.workedDays.filter((r) => r.confirmed),
      })),
    });
    expect(cal.isWorkingDay(d('2026-11-24'))).toBe(false);
    expect(confirmedOnly.isWorkingDay(d('2026-11-24'))).toBe(true);
  });
});

describe('addWorkingDays (appointment dates)', () => {
  it('counts from the next working day after receipt, across a weekend', () => {
    // Thursday 09:00 + 3 working days: Fri, Mon, Tue.
    expect(addWorkingDays('2025-03-06T09:00:00+07:00', 3)).toBe('2025-03-11T17:00:00+07:00');
    expect(addWorkingDays('2025-03-06T02:00:00Z', 3)).toBe('2025-03-11T17:00:00+07:00');
    expect(addWorkingDays({ date: '2025-03-06', time: '09:00' }, 3)).toBe('2025-03-11T17:00:00+07:00');
  });

  it('treats a receipt on a non-working day as received at the start of the next working day', () => {
    const saturday = computeAppointment('2025-03-08T10:00:00+07:00', 1);
    expect(saturday).toEqual({
      receivedOn: '2025-03-08',
      countsFrom: '2025-03-10',
      due: '2025-03-11',
      dueAt: '2025-03-11T17:00:00+07:00',
    });
    expect(addWorkingDays({ date: '2025-03-09' }, 1)).toBe('2025-03-11T17:00:00+07:00');
  });

  it('treats a receipt after office hours as received the next working day', () => {
    expect(addWorkingDays('2025-03-07T16:59:00+07:00', 1)).toBe('2025-03-10T17:00:00+07:00');
    expect(addWorkingDays('2025-03-07T17:00:00+07:00', 1)).toBe('2025-03-11T17:00:00+07:00');
    expect(addWorkingDays('2025-03-07T10:30:00Z', 1)).toBe('2025-03-11T17:00:00+07:00'); // 17:30 local
    expect(addWorkingDays('2025-03-07T16:45:00+07:00', 1, { officeClose: '16:30', dueTime: '16:30' })).toBe(
      '2025-03-11T16:30:00+07:00',
    );
  });

  it('uses the local (UTC+7) date of an instant received around midnight', () => {
    // 18:00Z Thursday is 01:00 Friday in Hà Nội, before closing: counts from Friday.
    expect(computeAppointment('2025-03-06T18:00:00Z', 1)).toMatchObject({
      receivedOn: '2025-03-07',
      countsFrom: '2025-03-07',
      due: '2025-03-10',
    });
  });

  it('skips the Tết 2025 break', () => {
    // Friday 24/01/2025; 25/01–02/02 off.
    expect(addWorkingDays('2025-01-24T10:00:00+07:00', 1)).toBe('2025-02-03T17:00:00+07:00');
    expect(addWorkingDays('2025-01-24T10:00:00+07:00', 2)).toBe('2025-02-04T17:00:00+07:00');
    expect(addWorkingDays('2025-01-23T10:00:00+07:00', 5)).toBe('2025-02-06T17:00:00+07:00');
    // Received during Tết: counts from Monday 03/02.
    expect(computeAppointment('2025-01-29T09:00:00+07:00', 1)).toMatchObject({
      countsFrom: '2025-02-03',
      due: '2025-02-04',
    });
  });

  it('follows the 2025 swap: Saturday 26/4 worked, Friday 2/5 off', () => {
    expect(addWorkingDays('2025-04-25T09:00:00+07:00', 1)).toBe('2025-04-26T17:00:00+07:00');
    expect(addWorkingDays('2025-04-25T09:00:00+07:00', 2)).toBe('2025-04-28T17:00:00+07:00');
    expect(addWorkingDays('2025-04-25T09:00:00+07:00', 4)).toBe('2025-05-05T17:00:00+07:00');
    // Received on the worked Saturday: it is a working day, the count starts on Monday.
    expect(computeAppointment('2025-04-26T10:00:00+07:00', 1)).toMatchObject({
      countsFrom: '2025-04-26',
      due: '2025-04-28',
    });
  });

  it('follows the 2024 swap: Monday 29/4 off, Saturday 4/5 worked', () => {
    expect(addWorkingDays('2024-04-26T09:00:00+07:00', 1)).toBe('2024-05-02T17:00:00+07:00');
    expect(addWorkingDays('2024-05-03T09:00:00+07:00', 1)).toBe('2024-05-04T17:00:00+07:00');
  });

  it('returns the receipt working day for n = 0 and rejects invalid counts', () => {
    expect(addWorkingDays('2025-03-08T10:00:00+07:00', 0)).toBe('2025-03-10T17:00:00+07:00');
    expect(() => addWorkingDays('2025-03-06T09:00:00+07:00', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-03-06T09:00:00+07:00', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-03-06T09:00:00', 1)).toThrow(InvalidDateError);
  });

  it('lands on a working day n working days after the day it counts from (property)', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 120 }), (date, minute, n) => {
        const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        const a = computeAppointment({ date, time }, n);
        expect(isWorkingDay(a.countsFrom)).toBe(true);
        expect(isWorkingDay(a.due)).toBe(true);
        expect(workingDaysBetween(a.countsFrom, a.due)).toBe(n);
        expect(a.dueAt).toBe(`${a.due}T17:00:00+07:00`);
      }),
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after a, up to and including b', () => {
    expect(workingDaysBetween(d('2025-01-24'), d('2025-02-04'))).toBe(2);
    expect(workingDaysBetween(d('2025-03-06'), d('2025-03-06'))).toBe(0);
    expect(workingDaysBetween(d('2025-03-07'), d('2025-03-09'))).toBe(0);
    expect(workingDaysBetween(d('2025-03-07'), d('2025-03-10'))).toBe(1);
    expect(workingDaysBetween(d('2025-03-10'), d('2025-03-07'))).toBe(-1);
  });

  it('counts a whole year of working days', () => {
    // 2025: 261 weekdays − 12 weekdays off + 1 worked Saturday.
    expect(workingDaysBetween(d('2024-12-31'), d('2025-12-31'))).toBe(250);
    expect(cal.workingDaysIn(d('2025-01-01'), d('2025-12-31'))).toBe(250);
    expect(cal.workingDaysIn(d('2025-01-25'), d('2025-02-02'))).toBe(0);
  });

  it('matches a day-by-day count, across years and table boundaries (property)', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 400 }), (a, span) => {
        const b = addDays(a, span);
        expect(workingDaysBetween(a, b)).toBe(bruteForceBetween(a, b));
        expect(workingDaysBetween(b, a)).toBe(0 - bruteForceBetween(a, b));
      }),
      { numRuns: 100 },
    );
  });

  it('is additive and agrees with nthWorkingDayAfter (property)', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 400 }), dayArb, (a, n, c) => {
        const b = nthWorkingDayAfter(a, n);
        expect(isWorkingDay(b)).toBe(true);
        expect(workingDaysBetween(a, b)).toBe(n);
        // b is the first day reaching n: the day before it is still at n - 1.
        expect(workingDaysBetween(a, addDays(b, -1))).toBe(n - 1);
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
      }),
    );
  });

  it('handles far years through the computed fallback', () => {
    expect(workingDaysBetween(d('1990-01-01'), d('2060-01-01'))).toBe(
      bruteForceBetween(d('1990-01-01'), d('2060-01-01')),
    );
    expect(nextWorkingDay(d('2030-12-31'))).toBe('2031-01-02');
  });
});
