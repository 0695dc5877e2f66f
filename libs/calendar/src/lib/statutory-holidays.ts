/**
 * Fallback for years the table does not cover: the statutory holidays
 * computed from the Labour Code, without the yearly swaps (those are decided
 * each year and cannot be predicted). Every computed row is `confirmed: false`.
 */
import type { DayOffRow, HolidayYear, VnHoliday } from '../data/vn-holidays';
import { addDays, dayOfWeek, localDate, type LocalDate, toDayNumber, fromDayNumber } from './local-date';
import { hungKingsDate, tetDate } from './vietnamese-lunar';

const COMPUTED = 'Computed from Bộ luật Lao động 2019 Điều 112(1), 111(3); no yearly notice encoded';
const COMPUTED_CULTURE =
  'Computed: Ngày Văn hóa Việt Nam 24/11 (reported Nghị quyết 28/2026/QH16, not in Điều 112 so no nghỉ bù); unconfirmed';

const TET_NAMES = ['2 ngày trước mùng 1', 'ngày cuối năm âm lịch', 'mùng 1', 'mùng 2', 'mùng 3'];

function isWeekend(date: LocalDate): boolean {
  return dayOfWeek(date) >= 6;
}

/**
 * Second National Day day (from 2021, Điều 112(1)(đ)): the Prime Minister picks 1/9 or 3/9.
 * Every decision 2021–2026 matches "1/9, except 3/9 when 2/9 is a Thursday" (a Friday joins the weekend).
 */
export function nationalDayAdjacent(year: number): LocalDate {
  const national = localDate(year, 9, 2);
  return dayOfWeek(national) === 4 ? localDate(year, 9, 3) : localDate(year, 9, 1);
}

/** Statutory days off of `year` without swaps, with Điều 111(3) make-up days. */
export function computedHolidayYear(year: number): HolidayYear {
  const holidays: DayOffRow[] = [];
  const add = (date: LocalDate, holiday: VnHoliday, reason: string): void => {
    holidays.push({ date, kind: 'holiday', holiday, reason, source: COMPUTED, confirmed: false });
  };

  add(localDate(year, 1, 1), 'new-year', 'Tết Dương lịch');

  // Tết: 5 days since the 2012 Code (4 before 2013). The usual decision is the last two days of
  // the old year + mùng 1–3; with make-up days this yields the same weekdays off as 2021–2026.
  const tet = toDayNumber(tetDate(year));
  const tetDays = year >= 2013 ? 5 : 4;
  const firstTetDay = year >= 2013 ? -2 : -1;
  for (let i = 0; i < tetDays; i++) {
    const offset = firstTetDay + i;
    add(fromDayNumber(tet + offset), 'lunar-new-year', `Tết Âm lịch (${TET_NAMES[offset + 2]})`);
  }

  if (year >= 2007) add(hungKingsDate(year), 'hung-kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
  add(localDate(year, 4, 30), 'reunification-day', 'Ngày Chiến thắng');
  add(localDate(year, 5, 1), 'labour-day', 'Ngày Quốc tế Lao động');
  add(localDate(year, 9, 2), 'national-day', 'Quốc khánh');
  if (year >= 2021) add(nationalDayAdjacent(year), 'national-day', 'Quốc khánh (ngày liền kề)');

  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  // Make-up days: each holiday on a weekend moves to the next weekday that is not already off.
  const taken = new Set(holidays.map((h) => h.date));
  const compensatory: DayOffRow[] = [];
  for (const h of holidays) {
    if (!isWeekend(h.date as LocalDate)) continue;
    let d = addDays(h.date as LocalDate, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    compensatory.push({
      date: d,
      kind: 'compensatory',
      holiday: h.holiday,
      reason: `Nghỉ bù ${h.reason}`,
      source: COMPUTED,
      confirmed: false,
    });
  }

  // Culture Day is outside Điều 112(1), so (as reported) it gets no make-up day.
  const extra: DayOffRow[] =
    year >= 2026
      ? [
          {
            date: localDate(year, 11, 24),
            kind: 'holiday',
            holiday: 'culture-day',
            reason: 'Ngày Văn hóa Việt Nam',
            source: COMPUTED_CULTURE,
            confirmed: false,
          },
        ]
      : [];

  const daysOff = [...holidays, ...compensatory, ...extra].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  return { year, daysOff, workedDays: [] };
}
