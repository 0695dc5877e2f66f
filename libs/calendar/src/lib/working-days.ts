/**
 * Working days of the Vietnamese civil service and appointment dates (ngày hẹn trả).
 *
 * A day is a working day when it is Monday–Friday and not a day off, or a
 * Saturday/Sunday listed as worked (make-up day). Years in the holiday table
 * are authoritative; other years fall back to the computed statutory rules.
 * Per-year flags and prefix counts are built lazily and cached, so lookups
 * are O(1) and workingDaysBetween is O(years spanned).
 */
import { type DayOffRow, type HolidayYear, VN_HOLIDAY_TABLE, type WorkedDayRow } from '../data/vn-holidays';
import {
  dayOfWeekOfDayNumber,
  daysFromCivil,
  fromDayNumber,
  InvalidDateError,
  isLeapYear,
  type LocalDate,
  localDateTimeOf,
  parseIsoLocalDate,
  parseTimeOfDay,
  toDayNumber,
  toIsoWithVnOffset,
  yearOfDayNumber,
} from './local-date';
import { computedHolidayYear } from './statutory-holidays';

// Prefix counts are kept relative to 1 January of this year.
const ANCHOR_YEAR = 2000;

export interface WorkingCalendarOptions {
  /** Days off and worked days; authoritative for the years it lists. Default: VN_HOLIDAY_TABLE. */
  readonly table?: readonly HolidayYear[];
}

/** Where a year's days off come from. */
export type HolidaySource = 'table' | 'computed';

export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  readonly weekend: boolean;
  /** Present when the date is a holiday, make-up day off or swapped day off. */
  readonly dayOff?: DayOffRow;
  /** Present when the date is a weekend day worked to pay back a swap. */
  readonly workedWeekend?: WorkedDayRow;
  readonly source: HolidaySource;
}

export interface YearHolidays extends HolidayYear {
  readonly source: HolidaySource;
}

interface YearData {
  readonly year: number;
  readonly start: number;
  readonly length: number;
  /** 1 = working day, by day of year. */
  readonly flags: Uint8Array;
  /** cumulative[i] = working days in [start, start + i). */
  readonly cumulative: Int32Array;
  readonly total: number;
  readonly source: HolidaySource;
  readonly holidays: YearHolidays;
  readonly daysOff: ReadonlyMap<number, DayOffRow>;
  readonly worked: ReadonlyMap<number, WorkedDayRow>;
}

function assertTable(table: readonly HolidayYear[]): void {
  const years = new Set<number>();
  const seen = new Set<string>();
  for (const entry of table) {
    if (years.has(entry.year)) throw new Error(`Holiday table lists year ${entry.year} twice`);
    years.add(entry.year);
    for (const row of entry.daysOff) {
      const date = parseIsoLocalDate(row.date);
      if (seen.has(date)) throw new Error(`Holiday table lists ${date} twice`);
      seen.add(date);
      const dow = dayOfWeekOfDayNumber(toDayNumber(date));
      if (row.kind !== 'holiday' && dow >= 6)
        throw new Error(`Holiday table: ${row.kind} day ${date} is a weekend day`);
    }
    for (const row of entry.workedDays) {
      const date = parseIsoLocalDate(row.date);
      parseIsoLocalDate(row.replaces);
      if (seen.has(date)) throw new Error(`Holiday table lists ${date} twice`);
      seen.add(date);
      if (dayOfWeekOfDayNumber(toDayNumber(date)) < 6)
        throw new Error(`Holiday table: worked day ${date} is not a weekend day`);
    }
  }
}

export class WorkingCalendar {
  private readonly tableYears = new Map<number, HolidayYear>();
  // Rows indexed by the year of their date: a swap's worked Saturday may fall in a neighbouring year.
  private readonly offByYear = new Map<number, DayOffRow[]>();
  private readonly workedByYear = new Map<number, WorkedDayRow[]>();
  private readonly years = new Map<number, YearData>();
  private readonly beforeYear = new Map<number, number>([[ANCHOR_YEAR, 0]]);
  private last: YearData | undefined;

  constructor(options: WorkingCalendarOptions = {}) {
    const table = options.table ?? VN_HOLIDAY_TABLE;
    assertTable(table);
    for (const entry of table) {
      this.tableYears.set(entry.year, entry);
      for (const row of entry.daysOff) push(this.offByYear, Number(row.date.slice(0, 4)), row);
      for (const row of entry.workedDays) push(this.workedByYear, Number(row.date.slice(0, 4)), row);
    }
  }

  /** True when the table (not the computed fallback) covers `year`. */
  coversYear(year: number): boolean {
    return this.tableYears.has(year);
  }

  /** The year's days off and worked weekend days, from the table or computed. */
  holidaysOf(year: number): YearHolidays {
    return this.yearData(year).holidays;
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /** Hot-path variant taking a day number (days since 1970-01-01). */
  isWorkingDayNumber(dayNumber: number): boolean {
    let y = this.last;
    if (y === undefined || dayNumber < y.start || dayNumber >= y.start + y.length) {
      y = this.yearData(yearOfDayNumber(dayNumber));
      this.last = y;
    }
    return y.flags[dayNumber - y.start] === 1;
  }

  dayInfo(date: LocalDate): DayInfo {
    const n = toDayNumber(date);
    const y = this.yearData(yearOfDayNumber(n));
    const dayOff = y.daysOff.get(n);
    const workedWeekend = y.worked.get(n);
    return {
      date,
      working: y.flags[n - y.start] === 1,
      weekend: dayOfWeekOfDayNumber(n) >= 6,
      ...(dayOff ? { dayOff } : {}),
      ...(workedWeekend ? { workedWeekend } : {}),
      source: y.source,
    };
  }

  /** First working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    let n = toDayNumber(date) + 1;
    while (!this.isWorkingDayNumber(n)) n++;
    return fromDayNumber(n);
  }

  /** Last working day strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate {
    let n = toDayNumber(date) - 1;
    while (!this.isWorkingDayNumber(n)) n--;
    return fromDayNumber(n);
  }

  /** The n-th working day after `date` (n = 0 returns `date`). workingDaysBetween(date, result) === n. */
  nthWorkingDayAfter(date: LocalDate, n: number): LocalDate {
    assertCount(n);
    let d = toDayNumber(date);
    for (let count = 0; count < n;) {
      d++;
      if (this.isWorkingDayNumber(d)) count++;
    }
    return fromDayNumber(d);
  }

  /**
   * Working days in (a, b]: the days after `a` up to and including `b`. This is the
   * resolution time of a dossier received on `a` and finished on `b` (0 when finished
   * the same day or only non-working days passed). Negative when b < a.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    // Difference of prefix counts: also right (negative) when b < a.
    return this.countUpTo(toDayNumber(b)) - this.countUpTo(toDayNumber(a));
  }

  /** Working days in [a, b] inclusive (0 when b < a): e.g. the working days of a reporting window. */
  workingDaysIn(from: LocalDate, to: LocalDate): number {
    const na = toDayNumber(from);
    const nb = toDayNumber(to);
    if (nb < na) return 0;
    return this.countUpTo(nb) - this.countUpTo(na - 1);
  }

  /** Appointment for a dossier received at `received`, due after `n` working days. See docs/calendar.md. */
  appointment(received: ReceiptInput, n: number, options: AppointmentOptions = {}): Appointment {
    assertCount(n);
    const officeClose = parseTimeOfDay(options.officeClose ?? DEFAULT_OFFICE_CLOSE);
    const dueMinute = parseTimeOfDay(options.dueTime ?? DEFAULT_DUE_TIME);
    const { date, minuteOfDay } = readReceipt(received);
    // Received on a day off, or after closing: counts as received at the start of the next working day.
    const countsFrom = this.isWorkingDay(date) && minuteOfDay < officeClose ? date : this.nextWorkingDay(date);
    const due = this.nthWorkingDayAfter(countsFrom, n);
    return { receivedOn: date, countsFrom, due, dueAt: toIsoWithVnOffset(due, dueMinute) };
  }

  /** `appointment(...).dueAt`: ISO instant with +07:00 of the appointment. */
  addWorkingDays(received: ReceiptInput, n: number, options: AppointmentOptions = {}): string {
    return this.appointment(received, n, options).dueAt;
  }

  /** Working days from 1 January of ANCHOR_YEAR up to and including `dayNumber` (negative before it). */
  private countUpTo(dayNumber: number): number {
    let y = this.last;
    if (y === undefined || dayNumber < y.start || dayNumber >= y.start + y.length) {
      y = this.yearData(yearOfDayNumber(dayNumber));
      this.last = y;
    }
    return this.workingDaysBeforeYear(y.year) + y.cumulative[dayNumber - y.start + 1];
  }

  /** Working days from 1 January ANCHOR_YEAR to 1 January `year` (exclusive), cached per year. */
  private workingDaysBeforeYear(year: number): number {
    const cached = this.beforeYear.get(year);
    if (cached !== undefined) return cached;
    // Walk from the anchor, caching every year on the way (no recursion: years may be far apart).
    const step = year >= ANCHOR_YEAR ? 1 : -1;
    let yr = ANCHOR_YEAR;
    let count = 0;
    while (yr !== year) {
      const next = yr + step;
      const known = this.beforeYear.get(next);
      count = known ?? (step === 1 ? count + this.yearData(yr).total : count - this.yearData(next).total);
      this.beforeYear.set(next, count);
      yr = next;
    }
    return count;
  }

  private yearData(year: number): YearData {
    const cached = this.years.get(year);
    if (cached) return cached;
    const data = this.buildYear(year);
    this.years.set(year, data);
    return data;
  }

  private buildYear(year: number): YearData {
    if (!Number.isInteger(year) || year < 1 || year > 9999)
      throw new InvalidDateError(`Year out of range 1–9999: ${year}`);
    const start = daysFromCivil(year, 1, 1);
    const length = isLeapYear(year) ? 366 : 365;
    const flags = new Uint8Array(length);
    for (let i = 0; i < length; i++) flags[i] = dayOfWeekOfDayNumber(start + i) <= 5 ? 1 : 0;

    const tableEntry = this.tableYears.get(year);
    const source: HolidaySource = tableEntry ? 'table' : 'computed';
    const base: HolidayYear = tableEntry ?? computedHolidayYear(year);
    // Rows filed under a neighbouring year's entry still apply to their own date.
    const offRows = dedupe([...(tableEntry ? [] : base.daysOff), ...(this.offByYear.get(year) ?? [])]);
    const workedRows = dedupe([...(tableEntry ? [] : base.workedDays), ...(this.workedByYear.get(year) ?? [])]);

    const daysOff = new Map<number, DayOffRow>();
    for (const row of offRows) {
      const n = toDayNumber(row.date as LocalDate);
      daysOff.set(n, row);
      flags[n - start] = 0;
    }
    const worked = new Map<number, WorkedDayRow>();
    for (const row of workedRows) {
      const n = toDayNumber(row.date as LocalDate);
      worked.set(n, row);
      flags[n - start] = 1;
    }

    const cumulative = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) cumulative[i + 1] = cumulative[i] + flags[i];
    const holidays: YearHolidays = {
      year,
      daysOff: [...daysOff.values()].sort(byDate),
      workedDays: [...worked.values()].sort(byDate),
      source,
    };
    return { year, start, length, flags, cumulative, total: cumulative[length], source, holidays, daysOff, worked };
  }
}

/** Receipt instant: an ISO-8601 string with offset, or a local date with an optional `HH:mm` time. */
export type ReceiptInput = string | { readonly date: string; readonly time?: string };

export interface AppointmentOptions {
  /** Local closing time: a receipt at or after it counts from the next working day. Default 17:00. */
  readonly officeClose?: string;
  /** Local time of the appointment on the due date. Default 17:00. */
  readonly dueTime?: string;
  /** Calendar to use (module-level functions only). Default: the built-in table. */
  readonly calendar?: WorkingCalendar;
}

export interface Appointment {
  /** Local date of receipt (UTC+7). */
  readonly receivedOn: LocalDate;
  /** Working day treated as the receipt day: receivedOn, or the next working day. */
  readonly countsFrom: LocalDate;
  /** Appointment date: the n-th working day after countsFrom. */
  readonly due: LocalDate;
  /** Appointment instant, ISO-8601 with +07:00. */
  readonly dueAt: string;
}

export const DEFAULT_OFFICE_CLOSE = '17:00';
export const DEFAULT_DUE_TIME = '17:00';

function readReceipt(received: ReceiptInput): { date: LocalDate; minuteOfDay: number } {
  if (typeof received === 'string') return localDateTimeOf(received);
  if (received === null || typeof received !== 'object') {
    throw new InvalidDateError('Receipt must be an ISO-8601 instant with offset or {date, time}');
  }
  // A bare date is taken as received during office hours.
  return {
    date: parseIsoLocalDate(received.date),
    minuteOfDay: received.time === undefined ? 0 : parseTimeOfDay(received.time),
  };
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Working-day count must be a non-negative integer, got ${n}`);
  }
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function dedupe<T extends { date: string }>(rows: readonly T[]): T[] {
  const byDate = new Map<string, T>();
  for (const row of rows) byDate.set(row.date, row);
  return [...byDate.values()];
}

function byDate(a: { date: string }, b: { date: string }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/** Calendar over the built-in table (2021–2026) with the statutory fallback. */
export const defaultWorkingCalendar = new WorkingCalendar();

export function isWorkingDay(date: LocalDate, calendar: WorkingCalendar = defaultWorkingCalendar): boolean {
  return calendar.isWorkingDay(date);
}

export function workingDaysBetween(
  a: LocalDate,
  b: LocalDate,
  calendar: WorkingCalendar = defaultWorkingCalendar,
): number {
  return calendar.workingDaysBetween(a, b);
}

export function nthWorkingDayAfter(
  date: LocalDate,
  n: number,
  calendar: WorkingCalendar = defaultWorkingCalendar,
): LocalDate {
  return calendar.nthWorkingDayAfter(date, n);
}

export function nextWorkingDay(date: LocalDate, calendar: WorkingCalendar = defaultWorkingCalendar): LocalDate {
  return calendar.nextWorkingDay(date);
}

/**
 * Appointment instant (ISO with +07:00) for a dossier received at `received` with a processing
 * time of `n` working days: the n-th working day after the (effective) receipt day, at 17:00.
 */
export function addWorkingDays(received: ReceiptInput, n: number, options: AppointmentOptions = {}): string {
  return (options.calendar ?? defaultWorkingCalendar).addWorkingDays(received, n, options);
}

export function computeAppointment(received: ReceiptInput, n: number, options: AppointmentOptions = {}): Appointment {
  return (options.calendar ?? defaultWorkingCalendar).appointment(received, n, options);
}
