import fc from 'fast-check';
import { parseIsoLocalDate } from './local-date';
import {
  customPeriod,
  halfPeriod,
  monthPeriod,
  nineMonthsPeriod,
  parsePeriod,
  type Period,
  PeriodParseError,
  periodContains,
  periodLengthDays,
  quarterPeriod,
  yearPeriod,
} from './periods';

const window = (p: Period): [string, string] => [p.from, p.to];

describe('calendar presets', () => {
  it('month, with leap years', () => {
    expect(parsePeriod('2024-02')).toEqual({
      kind: 'month',
      from: '2024-02-01',
      to: '2024-02-29',
      label: 'Tháng 02/2024',
      rangeLabel: 'Từ ngày 01/02/2024 đến ngày 29/02/2024',
      code: '2024-02',
      cutoff: 'calendar',
      year: 2024,
      index: 2,
    });
    expect(window(parsePeriod('2023-02'))).toEqual(['2023-02-01', '2023-02-28']);
    expect(window(parsePeriod('2000-02'))).toEqual(['2000-02-01', '2000-02-29']);
    expect(window(parsePeriod('1900-02'))).toEqual(['1900-02-01', '1900-02-28']);
    expect(window(parsePeriod('2023-12'))).toEqual(['2023-12-01', '2023-12-31']);
  });

  it('quarter, half, 9 months, year', () => {
    expect(parsePeriod('2023-Q3')).toMatchObject({
      kind: 'quarter',
      from: '2023-07-01',
      to: '2023-09-30',
      label: 'Quý III/2023',
      index: 3,
    });
    expect(parsePeriod('2024-Q1')).toMatchObject({ from: '2024-01-01', to: '2024-03-31', label: 'Quý I/2024' });
    expect(parsePeriod('2023-Q4').label).toBe('Quý IV/2023');
    expect(parsePeriod('2023-H1')).toMatchObject({
      kind: 'half',
      from: '2023-01-01',
      to: '2023-06-30',
      label: '6 tháng đầu năm 2023',
    });
    expect(parsePeriod('2023-H2')).toMatchObject({
      from: '2023-07-01',
      to: '2023-12-31',
      label: '6 tháng cuối năm 2023',
    });
    expect(parsePeriod('2023-9M')).toMatchObject({
      kind: 'nine-months',
      from: '2023-01-01',
      to: '2023-09-30',
      label: '9 tháng năm 2023',
    });
    expect(parsePeriod('2023')).toMatchObject({
      kind: 'year',
      from: '2023-01-01',
      to: '2023-12-31',
      label: 'Năm 2023',
      code: '2023',
    });
  });
});

describe('statutory cut-off (NĐ 09/2019: 15th of the previous month to the 14th)', () => {
  const statutory = { cutoff: 'statutory' } as const;

  it('month', () => {
    expect(parsePeriod('2024-02', statutory)).toMatchObject({
      from: '2024-01-15',
      to: '2024-02-14',
      label: 'Tháng 02/2024',
      rangeLabel: 'Từ ngày 15/01/2024 đến ngày 14/02/2024',
      cutoff: 'statutory',
    });
    expect(window(parsePeriod('2024-01', statutory))).toEqual(['2023-12-15', '2024-01-14']);
    // Leap year: the statutory March window crosses 29/02.
    expect(periodLengthDays(parsePeriod('2024-03', statutory))).toBe(29);
    expect(periodLengthDays(parsePeriod('2023-03', statutory))).toBe(28);
  });

  it('quarter, half, 9 months, year start on 15/12 of the previous year', () => {
    expect(window(parsePeriod('2024-Q1', statutory))).toEqual(['2023-12-15', '2024-03-14']);
    expect(window(parsePeriod('2024-Q2', statutory))).toEqual(['2024-03-15', '2024-06-14']);
    expect(window(parsePeriod('2024-Q3', statutory))).toEqual(['2024-06-15', '2024-09-14']);
    expect(window(parsePeriod('2024-Q4', statutory))).toEqual(['2024-09-15', '2024-12-14']);
    expect(window(parsePeriod('2024-H1', statutory))).toEqual(['2023-12-15', '2024-06-14']);
    expect(window(parsePeriod('2024-H2', statutory))).toEqual(['2024-06-15', '2024-12-14']);
    expect(window(parsePeriod('2024-9M', statutory))).toEqual(['2023-12-15', '2024-09-14']);
    expect(window(parsePeriod('2024', statutory))).toEqual(['2023-12-15', '2024-12-14']);
    expect(parsePeriod('2024', statutory).rangeLabel).toBe('Từ ngày 15/12/2023 đến ngày 14/12/2024');
  });

  it('tiles the year without gaps or overlaps (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1901, max: 2199 }),
        fc.constantFrom('calendar', 'statutory') as fc.Arbitrary<'calendar' | 'statutory'>,
        (year, cutoff) => {
          const months = Array.from({ length: 12 }, (_, i) => monthPeriod(year, i + 1, cutoff));
          const days = months.reduce((sum, p) => sum + periodLengthDays(p), 0);
          expect(days).toBe(periodLengthDays(yearPeriod(year, cutoff)));
          for (let i = 1; i < 12; i++) {
            expect(periodLengthDays(customPeriod(months[i - 1].to, months[i].from))).toBe(2);
          }
          expect(quarterPeriod(year, 1, cutoff).from).toBe(yearPeriod(year, cutoff).from);
          expect(halfPeriod(year, 2, cutoff).to).toBe(yearPeriod(year, cutoff).to);
          expect(nineMonthsPeriod(year, cutoff).to).toBe(quarterPeriod(year, 3, cutoff).to);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('custom windows', () => {
  it('validates from ≤ to and labels the range', () => {
    expect(customPeriod('2024-01-19', '2024-02-19')).toEqual({
      kind: 'custom',
      from: '2024-01-19',
      to: '2024-02-19',
      label: 'Từ ngày 19/01/2024 đến ngày 19/02/2024',
      rangeLabel: 'Từ ngày 19/01/2024 đến ngày 19/02/2024',
      code: '2024-01-19..2024-02-19',
    });
    expect(customPeriod('2024-01-01', '2024-01-01').to).toBe('2024-01-01');
    expect(customPeriod('2024-01-01', '2024-09-20', 'Báo cáo 9 tháng (đến 20/9)').label).toBe(
      'Báo cáo 9 tháng (đến 20/9)',
    );
    expect(() => customPeriod('2024-02-19', '2024-01-19')).toThrow(/start 2024-02-19 is after end 2024-01-19/);
    expect(() => customPeriod('2024-02-30', '2024-03-01')).toThrow(PeriodParseError);
  });

  it('parses from text', () => {
    expect(parsePeriod('2024-01-19..2024-02-19')).toMatchObject({
      kind: 'custom',
      from: '2024-01-19',
      to: '2024-02-19',
    });
    expect(parsePeriod(' 2024-01-01/2024-09-20 ')).toMatchObject({ from: '2024-01-01', to: '2024-09-20' });
    expect(parsePeriod('2024-01-19..2024-02-19', { cutoff: 'statutory' }).cutoff).toBeUndefined();
  });

  it('contains its ends', () => {
    const p = parsePeriod('2024-02', { cutoff: 'statutory' });
    expect(periodContains(p, parseIsoLocalDate('2024-01-15'))).toBe(true);
    expect(periodContains(p, parseIsoLocalDate('2024-02-14'))).toBe(true);
    expect(periodContains(p, parseIsoLocalDate('2024-02-15'))).toBe(false);
  });
});

describe('parse errors', () => {
  const cases: Array<[string, RegExp]> = [
    ['2023-Q5', /"2023-Q5": quarter must be 1–4/],
    ['2023-Q0', /quarter must be 1–4/],
    ['2023-H3', /half must be 1 or 2/],
    ['2024-13', /"2024-13": month must be 01–12/],
    ['2024-00', /month must be 01–12/],
    ['0999', /year must be 1000–9999/],
    ['2023-8M', /expected YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-9M or YYYY-MM-DD\.\.YYYY-MM-DD/],
    ['Q3-2023', /expected YYYY/],
    ['', /empty/],
    ['2024-03-01..2024-02-01', /after end/],
    ['2024-02-30..2024-03-01', /start "2024-02-30" is not a valid YYYY-MM-DD date/],
  ];
  it.each(cases)('%s', (text, message) => {
    expect(() => parsePeriod(text)).toThrow(PeriodParseError);
    expect(() => parsePeriod(text)).toThrow(message);
  });

  it('rejects an unknown cutoff and keeps the input on the error', () => {
    expect(() => parsePeriod('2024-02', { cutoff: 'fiscal' as never })).toThrow(
      /cutoff must be 'calendar' or 'statutory'/,
    );
    try {
      parsePeriod('2023-Q5');
    } catch (e) {
      expect(e).toBeInstanceOf(PeriodParseError);
      expect((e as PeriodParseError).input).toBe('2023-Q5');
      expect((e as PeriodParseError).reason).toBe('quarter must be 1–4');
    }
  });

  it('accepts lower-case and one-digit months', () => {
    expect(parsePeriod('2023-q3').code).toBe('2023-Q3');
    expect(parsePeriod('2023-h1').code).toBe('2023-H1');
    expect(parsePeriod('2023-9m').code).toBe('2023-9M');
    expect(parsePeriod('2024-2').code).toBe('2024-02');
  });

  it('round-trips codes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1001, max: 9999 }),
        fc.constantFrom('month', 'quarter', 'half', 'nine-months', 'year'),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('calendar', 'statutory') as fc.Arbitrary<'calendar' | 'statutory'>,
        (year, kind, i, cutoff) => {
          const p =
            kind === 'month'
              ? monthPeriod(year, i, cutoff)
              : kind === 'quarter'
                ? quarterPeriod(year, ((i - 1) % 4) + 1, cutoff)
                : kind === 'half'
                  ? halfPeriod(year, ((i - 1) % 2) + 1, cutoff)
                  : kind === 'nine-months'
                    ? nineMonthsPeriod(year, cutoff)
                    : yearPeriod(year, cutoff);
          expect(parsePeriod(p.code, { cutoff })).toEqual(p);
          expect(p.from <= p.to).toBe(true);
        },
      ),
    );
  });
});
