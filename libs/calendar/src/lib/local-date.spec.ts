import fc from 'fast-check';
import {
  addDays,
  compare,
  dayOfWeek,
  diffDays,
  epochSecondsOfIsoInVietnam,
  formatVi,
  fromDayNumber,
  InvalidDateError,
  isoInVietnam,
  isIsoLocalDate,
  localDate,
  type LocalDate,
  localDateOf,
  localDateOfEpochMs,
  localDateTimeOf,
  parseIsoLocalDate,
  parseTimeOfDay,
  previousDay,
  toDayNumber,
  toIsoWithVnOffset,
} from './local-date';

const d = (s: string): LocalDate => parseIsoLocalDate(s);

// Day numbers of 1900-01-01 .. 2199-12-31.
const dayNumberArb = fc.integer({ min: -25567, max: 84005 });

describe('day numbers', () => {
  it('anchors on the Unix epoch', () => {
    expect(toDayNumber(d('1970-01-01'))).toBe(0);
    expect(toDayNumber(d('1969-12-31'))).toBe(-1);
    expect(toDayNumber(d('2000-03-01'))).toBe(11017);
    expect(fromDayNumber(19723)).toBe('2024-01-01');
  });

  it('agrees with Date.UTC over four centuries of samples', () => {
    fc.assert(
      fc.property(dayNumberArb, (n) => {
        expect(fromDayNumber(n)).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });

  it('round-trips toDayNumber/fromDayNumber', () => {
    fc.assert(fc.property(dayNumberArb, (n) => toDayNumber(fromDayNumber(n)) === n));
  });

  it('prints years below 1000 with four digits and rejects out-of-range day numbers', () => {
    expect(fromDayNumber(toDayNumber(d('0999-12-31')))).toBe('0999-12-31');
    expect(() => fromDayNumber(1.5)).toThrow(InvalidDateError);
    expect(() => fromDayNumber(1e9)).toThrow(InvalidDateError);
  });
});

describe('arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(d('2023-12-31'), 1)).toBe('2024-01-01');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(previousDay(d('2024-01-01'))).toBe('2023-12-31');
  });

  it('diffDays counts from the first to the second argument', () => {
    expect(diffDays(d('2024-01-01'), d('2024-12-31'))).toBe(365);
    expect(diffDays(d('2024-03-01'), d('2024-02-28'))).toBe(-2);
  });

  it('keeps addDays and diffDays consistent', () => {
    fc.assert(
      fc.property(dayNumberArb, fc.integer({ min: -5000, max: 5000 }), (n, k) => {
        const a = fromDayNumber(n);
        const b = addDays(a, k);
        expect(diffDays(a, b)).toBe(k);
        expect(addDays(b, -k)).toBe(a);
        expect(compare(b, a)).toBe(k === 0 ? 0 : Math.sign(k));
      }),
    );
  });

  it('gives ISO days of the week', () => {
    expect(dayOfWeek(d('2025-01-25'))).toBe(6); // Saturday
    expect(dayOfWeek(d('2025-01-26'))).toBe(7); // Sunday
    expect(dayOfWeek(d('2025-01-27'))).toBe(1); // Monday
    expect(dayOfWeek(d('1970-01-01'))).toBe(4); // Thursday
    fc.assert(
      fc.property(dayNumberArb, (n) => {
        const js = new Date(n * 86_400_000).getUTCDay();
        expect(dayOfWeek(fromDayNumber(n))).toBe(js === 0 ? 7 : js);
      }),
    );
  });

  it('compares', () => {
    expect(compare(d('2024-01-02'), d('2024-01-10'))).toBe(-1);
    expect(compare(d('2024-01-10'), d('2024-01-10'))).toBe(0);
    expect(compare(d('2025-01-01'), d('2024-12-31'))).toBe(1);
  });
});

describe('parsing and formatting', () => {
  it('accepts real YYYY-MM-DD dates only', () => {
    expect(parseIsoLocalDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of [
      '2023-02-29',
      '1900-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-1-05',
      '20240105',
      '2024-01-05T00:00',
      '',
      ' 2024-01-05',
      '0000-01-01',
    ]) {
      expect(isIsoLocalDate(bad)).toBe(false);
      expect(() => parseIsoLocalDate(bad)).toThrow(InvalidDateError);
    }
    expect(isIsoLocalDate('2000-02-29')).toBe(true);
    expect(isIsoLocalDate(20240105)).toBe(false);
  });

  it('builds dates from parts with validation', () => {
    expect(localDate(2024, 2, 29)).toBe('2024-02-29');
    expect(() => localDate(2023, 2, 29)).toThrow(InvalidDateError);
    expect(() => localDate(2023, 13, 1)).toThrow(InvalidDateError);
  });

  it('formats dd/MM/yyyy', () => {
    expect(formatVi(d('2024-02-05'))).toBe('05/02/2024');
  });

  it('parses office times', () => {
    expect(parseTimeOfDay('08:30')).toBe(510);
    expect(parseTimeOfDay('17:00:59')).toBe(1020);
    expect(() => parseTimeOfDay('24:00')).toThrow(InvalidDateError);
    expect(() => parseTimeOfDay('8:30')).toThrow(InvalidDateError);
  });
});

describe('local date of an instant (UTC+7)', () => {
  it('converts around local midnight', () => {
    expect(localDateOf('2023-01-04T17:30:00Z')).toBe('2023-01-05');
    expect(localDateOf('2023-01-04T16:59:59Z')).toBe('2023-01-04');
    expect(localDateOf('2023-01-04T17:00:00Z')).toBe('2023-01-05');
    expect(localDateOf('2023-01-05T00:00:00+07:00')).toBe('2023-01-05');
    expect(localDateOf('2023-01-04T23:59:59.999+07:00')).toBe('2023-01-04');
    expect(localDateOf('2023-12-31T17:00:00.000Z')).toBe('2024-01-01');
    expect(localDateOf('2024-02-28T20:00:00-05:00')).toBe('2024-02-29');
    expect(localDateOf('2024-03-01T06:59+07:00')).toBe('2024-03-01');
    expect(localDateOf('2024-03-01T00:30:00+0900')).toBe('2024-02-29');
    expect(localDateOf('2024-03-01T00:30:00+09')).toBe('2024-02-29');
  });

  it('returns the local minute of day', () => {
    expect(localDateTimeOf('2023-01-04T01:30:00Z')).toEqual({ date: '2023-01-04', minuteOfDay: 8 * 60 + 30 });
  });

  it('requires an offset and a valid instant', () => {
    for (const bad of [
      '2023-01-04T17:30:00',
      '2023-01-04',
      '2023-02-30T10:00:00Z',
      '2023-01-04T25:00:00Z',
      '2023-01-04T10:00:00+7',
      'yesterday',
    ]) {
      expect(() => localDateOf(bad)).toThrow(InvalidDateError);
    }
  });

  it('matches Date for random instants and offsets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (seconds, offset) => {
          const ms = seconds * 1000;
          const shifted = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const iso = `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const expected = new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
          expect(localDateOf(iso)).toBe(expected);
          expect(localDateOfEpochMs(ms)).toBe(expected);
        },
      ),
    );
  });

  it('prints instants with +07:00', () => {
    expect(toIsoWithVnOffset(d('2025-02-03'), 17 * 60)).toBe('2025-02-03T17:00:00+07:00');
    expect(() => toIsoWithVnOffset(d('2025-02-03'), 1440)).toThrow(InvalidDateError);
  });
});

describe('isoInVietnam and epochSecondsOfIsoInVietnam', () => {
  const reference = (ms: number) =>
    new Date(Math.floor(ms / 1000) * 1000 + 7 * 3_600_000).toISOString().slice(0, 19) + '+07:00';
  // 0001-01-02 .. 9999-12-30 in epoch milliseconds.
  const msArb = fc.integer({ min: -62_135_000_000_000, max: 253_402_000_000_000 });

  it('prints what Date prints, to the second, and reads it back', () => {
    fc.assert(
      fc.property(msArb, (ms) => {
        const iso = isoInVietnam(ms);
        expect(iso).toBe(reference(ms));
        expect(epochSecondsOfIsoInVietnam(iso)).toBe(Math.floor(ms / 1000));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads only strings that isoInVietnam prints', () => {
    const slow = (s: string) => {
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/.test(s) || s.startsWith('0000')) return null;
      const seconds = Date.parse(s) / 1000;
      return Number.isFinite(seconds) && reference(seconds * 1000) === s ? seconds : null;
    };
    const digit = fc.constantFrom(...'0123456789'.split(''));
    const field = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((ds) => ds.join(''));
    const candidate = fc.tuple(
      fc.oneof(field(4), fc.constantFrom('2024', '2025', '1900', '2000', '0000', '0001', '9999')),
      fc.oneof(field(2), fc.constantFrom('01', '02', '12')),
      field(2),
      fc.oneof(field(2), fc.constantFrom('00', '23', '24')),
      field(2),
      field(2),
      fc.constantFrom('+07:00', '+07:00', 'Z', '+00:00', '.000+07:00'),
    );
    fc.assert(
      fc.property(candidate, ([y, mo, d, h, mi, s, zone]) => {
        const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`;
        expect(epochSecondsOfIsoInVietnam(iso)).toBe(slow(iso));
      }),
      { numRuns: 5000 },
    );
    expect(epochSecondsOfIsoInVietnam('2024-02-29T23:59:59+07:00')).toBe(Date.UTC(2024, 1, 29, 16, 59, 59) / 1000);
    expect(epochSecondsOfIsoInVietnam('2023-02-29T08:00:00+07:00')).toBeNull();
    expect(epochSecondsOfIsoInVietnam('2024-03-04T08:00:00+07:00 ')).toBeNull();
  });
});
