import { computedHolidayYear, nationalDayAdjacent } from '../lib/statutory-holidays';
import { addDays, dayOfWeek, type LocalDate, parseIsoLocalDate, toDayNumber } from '../lib/local-date';
import { WorkingCalendar } from '../lib/working-days';
import { VN_HOLIDAY_TABLE } from './vn-holidays';

const cal = new WorkingCalendar();
const d = (s: string): LocalDate => parseIsoLocalDate(s);

function offDays(from: string, to: string, c: WorkingCalendar = cal): string[] {
  const out: string[] = [];
  for (let x = d(from); x <= to; x = addDays(x, 1)) if (!c.isWorkingDay(x)) out.push(x);
  return out;
}

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let x = d(from); x <= to; x = addDays(x, 1)) out.push(x);
  return out;
}

/** Weekdays off and weekend days worked in a year, as the calendar resolves them. */
function exceptions(c: WorkingCalendar, year: number): { weekdaysOff: string[]; weekendsWorked: string[] } {
  const weekdaysOff: string[] = [];
  const weekendsWorked: string[] = [];
  for (let x = d(`${year}-01-01`); x <= `${year}-12-31`; x = addDays(x, 1)) {
    const weekend = dayOfWeek(x) >= 6;
    const working = c.isWorkingDay(x);
    if (!weekend && !working) weekdaysOff.push(x);
    if (weekend && working) weekendsWorked.push(x);
  }
  return { weekdaysOff, weekendsWorked };
}

describe('VN holiday table 2021–2026', () => {
  it('is well formed: valid dates, each row sourced, swaps paired with a worked weekend day', () => {
    for (const entry of VN_HOLIDAY_TABLE) {
      for (const row of entry.daysOff) {
        expect(row.date.startsWith(String(entry.year))).toBe(true);
        expect(row.source.length).toBeGreaterThan(10);
        expect(row.reason.length).toBeGreaterThan(3);
      }
      const swaps = entry.daysOff
        .filter((r) => r.kind === 'swap')
        .map((r) => r.date)
        .sort();
      const paid = entry.workedDays.map((w) => w.replaces).sort();
      expect(paid).toEqual(swaps);
      for (const w of entry.workedDays) expect(dayOfWeek(d(w.date))).toBe(6);
    }
    expect(VN_HOLIDAY_TABLE.map((y) => y.year)).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('lists exactly these weekdays off and worked weekend days per year', () => {
    const expected: Record<number, { weekdaysOff: string[]; weekendsWorked: string[] }> = {
      2021: {
        weekdaysOff: [
          '2021-01-01',
          '2021-02-10',
          '2021-02-11',
          '2021-02-12',
          '2021-02-15',
          '2021-02-16',
          '2021-04-21',
          '2021-04-30',
          '2021-05-03',
          '2021-09-02',
          '2021-09-03',
        ],
        weekendsWorked: [],
      },
      2022: {
        weekdaysOff: [
          '2022-01-03',
          '2022-01-31',
          '2022-02-01',
          '2022-02-02',
          '2022-02-03',
          '2022-02-04',
          '2022-04-11',
          '2022-05-02',
          '2022-05-03',
          '2022-09-01',
          '2022-09-02',
        ],
        weekendsWorked: [],
      },
      2023: {
        weekdaysOff: [
          '2023-01-02',
          '2023-01-20',
          '2023-01-23',
          '2023-01-24',
          '2023-01-25',
          '2023-01-26',
          '2023-05-01',
          '2023-05-02',
          '2023-05-03',
          '2023-09-01',
          '2023-09-04',
        ],
        weekendsWorked: [],
      },
      2024: {
        weekdaysOff: [
          '2024-01-01',
          '2024-02-08',
          '2024-02-09',
          '2024-02-12',
          '2024-02-13',
          '2024-02-14',
          '2024-04-18',
          '2024-04-29',
          '2024-04-30',
          '2024-05-01',
          '2024-09-02',
          '2024-09-03',
        ],
        weekendsWorked: ['2024-05-04'],
      },
      2025: {
        weekdaysOff: [
          '2025-01-01',
          '2025-01-27',
          '2025-01-28',
          '2025-01-29',
          '2025-01-30',
          '2025-01-31',
          '2025-04-07',
          '2025-04-30',
          '2025-05-01',
          '2025-05-02',
          '2025-09-01',
          '2025-09-02',
        ],
        weekendsWorked: ['2025-04-26'],
      },
      2026: {
        weekdaysOff: [
          '2026-01-01',
          '2026-01-02',
          '2026-02-16',
          '2026-02-17',
          '2026-02-18',
          '2026-02-19',
          '2026-02-20',
          '2026-04-27',
          '2026-04-30',
          '2026-05-01',
          '2026-08-31',
          '2026-09-01',
          '2026-09-02',
          '2026-11-24',
        ],
        weekendsWorked: ['2026-01-10', '2026-08-22'],
      },
    };
    for (const year of [2021, 2022, 2023, 2024, 2025, 2026]) {
      expect({ year, ...exceptions(cal, year) }).toEqual({ year, ...expected[year] });
    }
  });

  describe('spot checks (civil-service breaks)', () => {
    it('2021: Tết 10–16/02 (7 days); 30/4–3/5; Quốc khánh 2–5/9', () => {
      expect(offDays('2021-02-06', '2021-02-20')).toEqual(
        range('2021-02-06', '2021-02-07').concat(range('2021-02-10', '2021-02-16'), range('2021-02-20', '2021-02-20')),
      );
      expect(offDays('2021-04-29', '2021-05-04')).toEqual(range('2021-04-30', '2021-05-03'));
      expect(offDays('2021-09-01', '2021-09-06')).toEqual(range('2021-09-02', '2021-09-05'));
    });

    it('2022: 1–3/01; Tết 29/01–06/02 (9 days); Hùng Kings on Sunday 10/4 made up on 11/4', () => {
      expect(offDays('2021-12-31', '2022-01-04')).toEqual(range('2022-01-01', '2022-01-03'));
      expect(offDays('2022-01-28', '2022-02-07')).toEqual(range('2022-01-29', '2022-02-06'));
      expect(offDays('2022-04-08', '2022-04-12')).toEqual(range('2022-04-09', '2022-04-11'));
      expect(offDays('2022-04-29', '2022-05-04')).toEqual(range('2022-04-30', '2022-05-03'));
      expect(offDays('2022-08-31', '2022-09-05')).toEqual(range('2022-09-01', '2022-09-04'));
    });

    it('2023: Tết 20–26/01; Hùng Kings (Sat 29/4) + 30/4 + 1/5 → 29/4–3/5; Quốc khánh 1–4/9', () => {
      expect(offDays('2023-01-19', '2023-01-27')).toEqual(range('2023-01-20', '2023-01-26'));
      expect(offDays('2023-04-28', '2023-05-04')).toEqual(range('2023-04-29', '2023-05-03'));
      expect(offDays('2023-08-31', '2023-09-05')).toEqual(range('2023-09-01', '2023-09-04'));
    });

    it('2024: Tết 08–14/02; 27/4–1/5 with Monday 29/4 swapped for Saturday 4/5; Quốc khánh 31/8–3/9', () => {
      expect(offDays('2024-02-07', '2024-02-15')).toEqual(range('2024-02-08', '2024-02-14'));
      expect(offDays('2024-04-26', '2024-05-05')).toEqual(range('2024-04-27', '2024-05-01').concat(['2024-05-05']));
      expect(cal.isWorkingDay(d('2024-05-04'))).toBe(true);
      expect(offDays('2024-08-30', '2024-09-04')).toEqual(range('2024-08-31', '2024-09-03'));
    });

    it('2025: Tết 25/01–02/02 (9 days); 30/4–4/5 with 2/5 off and Saturday 26/4 worked; 2/9 + 1/9', () => {
      expect(offDays('2025-01-24', '2025-02-03')).toEqual(range('2025-01-25', '2025-02-02'));
      expect(cal.isWorkingDay(d('2025-01-24'))).toBe(true);
      expect(cal.isWorkingDay(d('2025-02-03'))).toBe(true);
      expect(cal.isWorkingDay(d('2025-04-26'))).toBe(true);
      expect(cal.dayInfo(d('2025-04-26')).workedWeekend?.replaces).toBe('2025-05-02');
      expect(offDays('2025-04-29', '2025-05-05')).toEqual(range('2025-04-30', '2025-05-04'));
      expect(cal.dayInfo(d('2025-05-02')).dayOff?.kind).toBe('swap');
      expect(offDays('2025-04-04', '2025-04-08')).toEqual(range('2025-04-05', '2025-04-07'));
      expect(offDays('2025-08-29', '2025-09-03')).toEqual(range('2025-08-30', '2025-09-02'));
      expect(cal.dayInfo(d('2025-09-01')).dayOff?.holiday).toBe('national-day');
    });

    it('2026: 1–4/01 (Saturday 10/01 worked); Tết 14–22/02; Quốc khánh 29/8–2/9 (Saturday 22/8 worked)', () => {
      expect(offDays('2025-12-31', '2026-01-05')).toEqual(range('2026-01-01', '2026-01-04'));
      expect(cal.isWorkingDay(d('2026-01-10'))).toBe(true);
      expect(offDays('2026-02-13', '2026-02-23')).toEqual(range('2026-02-14', '2026-02-22'));
      expect(offDays('2026-04-24', '2026-05-04')).toEqual([
        '2026-04-25',
        '2026-04-26',
        '2026-04-27',
        '2026-04-30',
        '2026-05-01',
        '2026-05-02',
        '2026-05-03',
      ]);
      expect(offDays('2026-08-28', '2026-09-03')).toEqual(range('2026-08-29', '2026-09-02'));
      expect(cal.isWorkingDay(d('2026-08-22'))).toBe(true);
    });

    it('flags the rows that could not be confirmed', () => {
      const unconfirmed = VN_HOLIDAY_TABLE.flatMap((y) => [...y.daysOff, ...y.workedDays]).filter((r) => !r.confirmed);
      expect(unconfirmed.map((r) => r.date)).toEqual(['2026-11-24']);
    });
  });
});

describe('statutory fallback rules', () => {
  it('reproduce every table year except the swaps (which are decided yearly)', () => {
    const computedOnly = new WorkingCalendar({ table: [] });
    for (const entry of VN_HOLIDAY_TABLE) {
      const swaps = new Set(entry.daysOff.filter((r) => r.kind === 'swap').map((r) => r.date));
      const table = exceptions(cal, entry.year);
      const computed = exceptions(computedOnly, entry.year);
      expect({ year: entry.year, off: computed.weekdaysOff }).toEqual({
        year: entry.year,
        off: table.weekdaysOff.filter((x) => !swaps.has(x)),
      });
      expect(computed.weekendsWorked).toEqual([]);
    }
  });

  it('picks the adjacent National Day the way 2021–2026 decisions did', () => {
    expect([2021, 2022, 2023, 2024, 2025, 2026].map(nationalDayAdjacent)).toEqual([
      '2021-09-03',
      '2022-09-01',
      '2023-09-01',
      '2024-09-01',
      '2025-09-01',
      '2026-09-01',
    ]);
  });

  it('moves a holiday on a rest day to the next working day (each rule)', () => {
    // 2027: Tết 06/02 is a Saturday; 1/5 a Saturday; 2/9 a Thursday.
    const y2027 = computedHolidayYear(2027);
    const byDate = new Map(y2027.daysOff.map((r) => [r.date, r]));
    expect(byDate.get('2027-02-06')?.holiday).toBe('lunar-new-year');
    expect(byDate.get('2027-05-03')).toMatchObject({ kind: 'compensatory', holiday: 'labour-day' });
    expect(byDate.get('2027-09-03')).toMatchObject({ kind: 'holiday', holiday: 'national-day' });
    expect(y2027.daysOff.every((r) => !r.confirmed)).toBe(true);
    // Tết 2027: 04–05/02 before, 06–08/02 after; Saturday 6 and Sunday 7 made up on 9 and 10.
    const cal2027 = new WorkingCalendar({ table: [] });
    expect(offDays('2027-02-03', '2027-02-11', cal2027)).toEqual(range('2027-02-04', '2027-02-10'));
  });

  it('computes years before 2021 with the older rules (one National Day day)', () => {
    const y2019 = computedHolidayYear(2019);
    expect(y2019.daysOff.filter((r) => r.holiday === 'national-day').map((r) => r.date)).toEqual(['2019-09-02']);
    // Tết 2020 as decided: 23–29/01 (Thông báo of MoLISA); the rule gives the same days.
    const c = new WorkingCalendar({ table: [] });
    expect(offDays('2020-01-22', '2020-01-30', c)).toEqual(range('2020-01-23', '2020-01-29'));
  });

  it('falls back to the computed rules outside the table', () => {
    expect(cal.coversYear(2026)).toBe(true);
    expect(cal.coversYear(2027)).toBe(false);
    expect(cal.holidaysOf(2027).source).toBe('computed');
    expect(cal.isWorkingDay(d('2027-01-01'))).toBe(false);
    expect(toDayNumber(d('2027-01-01'))).toBeGreaterThan(0);
  });
});
