/**
 * Local calendar dates in Asia/Ho_Chi_Minh (UTC+7 all year, no DST since 1975).
 *
 * A LocalDate is a `YYYY-MM-DD` string. Arithmetic goes through a day number
 * (days since 1970-01-01) with Hinnant's civil-from-days algorithm: no Date
 * objects, so these are safe on hot paths (millions of calls).
 */

declare const localDateBrand: unique symbol;

/** `YYYY-MM-DD`, a real Gregorian date, year 0001–9999. Obtain one from parseIsoLocalDate or the functions here. */
export type LocalDate = string & { readonly [localDateBrand]: true };

/** ISO day of week: 1 = Monday … 6 = Saturday, 7 = Sunday. */
export type IsoDayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Offset of Asia/Ho_Chi_Minh from UTC, in minutes; as written in ISO-8601; in milliseconds. */
export const VN_UTC_OFFSET_MINUTES = 420;
export const VN_UTC_OFFSET = '+07:00';
export const VN_UTC_OFFSET_MS = VN_UTC_OFFSET_MINUTES * 60_000;

const MINUTES_PER_DAY = 1440;
const MS_PER_DAY = 86_400_000;

/** Thrown for a string that is not the expected date / date-time shape, or not a real date. */
export class InvalidDateError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDateError';
  }
}

// Two-digit strings for 0..99, so formatting allocates nothing but the result.
const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil, writing into a reused tuple to stay allocation-free. */
function civilFromDays(dayNumber: number, out: [number, number, number]): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out[1] = month;
  out[2] = day;
  return out;
}

const scratch: [number, number, number] = [0, 0, 0];

/** Year, month (1–12) and day of a day number. */
export function civilOfDayNumber(dayNumber: number): { year: number; month: number; day: number } {
  const [year, month, day] = civilFromDays(dayNumber, scratch);
  return { year, month, day };
}

/** Gregorian year of a day number, without allocating. */
export function yearOfDayNumber(dayNumber: number): number {
  return civilFromDays(dayNumber, scratch)[0];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Builds a LocalDate from parts, validating it is a real date. */
export function localDate(year: number, month: number, day: number): LocalDate {
  if (!Number.isInteger(year) || year < 1 || year > 9999)
    throw new InvalidDateError(`Year out of range 1–9999: ${year}`);
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new InvalidDateError(`Month out of range 1–12: ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidDateError(`Day out of range for ${year}-${PAD2[month]}: ${day}`);
  }
  return formatParts(year, month, day);
}

function formatParts(year: number, month: number, day: number): LocalDate {
  const y = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${y}-${PAD2[month]}-${PAD2[day]}` as LocalDate;
}

// Digit at position i, or -1 when it is not 0-9 (charCodeAt beats slicing + parseInt on hot paths).
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function readInt(s: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const d = digitAt(s, i);
    if (d < 0) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** True when `s` is a `YYYY-MM-DD` string naming a real date. */
export function isIsoLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const year = readInt(s, 0, 4);
  const month = readInt(s, 5, 2);
  const day = readInt(s, 8, 2);
  return isCalendarDate(year, month, day);
}

/** A real date of years 0001–9999 (parts read as -1 when not digits). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Validates a `YYYY-MM-DD` string (a real calendar date) and brands it. */
export function parseIsoLocalDate(s: string): LocalDate {
  if (!isIsoLocalDate(s)) {
    throw new InvalidDateError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(s)}`);
  }
  return s;
}

/** Days since 1970-01-01. Trusts the brand: only the shape is checked, not the calendar. */
export function toDayNumber(date: LocalDate): number {
  // Unrolled digit reads: this runs millions of times per report.
  const y0 = date.charCodeAt(0) - 48;
  const y1 = date.charCodeAt(1) - 48;
  const y2 = date.charCodeAt(2) - 48;
  const y3 = date.charCodeAt(3) - 48;
  const m0 = date.charCodeAt(5) - 48;
  const m1 = date.charCodeAt(6) - 48;
  const d0 = date.charCodeAt(8) - 48;
  const d1 = date.charCodeAt(9) - 48;
  // Any non-digit (or NaN past the end) makes some value fall outside 0..9; `>>> 0` folds the sign check.
  if (
    date.length !== 10 ||
    (y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >>> 0 > 15 ||
    y0 > 9 ||
    y1 > 9 ||
    y2 > 9 ||
    y3 > 9 ||
    m0 > 9 ||
    m1 > 9 ||
    d0 > 9 ||
    d1 > 9
  ) {
    throw new InvalidDateError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  }
  return daysFromCivil(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
}

// 0001-01-01 and 9999-12-31: the range a four-digit year can print.
const MIN_DAY_NUMBER = -719162;
const MAX_DAY_NUMBER = 2932896;

// Formatted strings for day numbers 1970-01-01 .. 2099-12-31, filled on first use (hot range of reports).
const CACHE_FIRST = 0;
const CACHE_SIZE = 47482;
const formatCache: (LocalDate | undefined)[] = new Array(CACHE_SIZE);

export function fromDayNumber(dayNumber: number): LocalDate {
  const slot = dayNumber - CACHE_FIRST;
  if (slot >= 0 && slot < CACHE_SIZE && Number.isInteger(dayNumber)) {
    const hit = formatCache[slot];
    if (hit !== undefined) return hit;
    const [year, month, day] = civilFromDays(dayNumber, scratch);
    return (formatCache[slot] = formatParts(year, month, day));
  }
  if (!Number.isInteger(dayNumber) || dayNumber < MIN_DAY_NUMBER || dayNumber > MAX_DAY_NUMBER) {
    throw new InvalidDateError(`Day number out of range: ${dayNumber}`);
  }
  const [year, month, day] = civilFromDays(dayNumber, scratch);
  return formatParts(year, month, day);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Number of days from `from` to `to` (positive when `to` is later): addDays(from, diffDays(from, to)) === to. */
export function diffDays(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The day before `date`; a window [from, to] carries over what was open at the end of previousDay(from). */
export function previousDay(date: LocalDate): LocalDate {
  return addDays(date, -1);
}

/** ISO day of week of a day number (1970-01-01 was a Thursday). */
export function dayOfWeekOfDayNumber(dayNumber: number): IsoDayOfWeek {
  return (((((dayNumber + 3) % 7) + 7) % 7) + 1) as IsoDayOfWeek;
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: LocalDate): IsoDayOfWeek {
  return dayOfWeekOfDayNumber(toDayNumber(date));
}

/** -1, 0 or 1. Fixed-width ISO strings order like the dates they name. */
export function compare(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

/** `dd/MM/yyyy`, as printed on Vietnamese forms. */
export function formatVi(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** A local date and the minute of the day (0–1439) in UTC+7. */
export interface LocalDateTime {
  readonly date: LocalDate;
  readonly minuteOfDay: number;
}

/**
 * Reads an ISO-8601 instant with a mandatory offset
 * (`YYYY-MM-DDTHH:mm[:ss[.fff]](Z|±HH:mm|±HHmm)`) and returns it in UTC+7.
 * The offset is mandatory: a bare local time is ambiguous between the sender's zone and UTC+7.
 */
export function localDateTimeOf(isoWithOffset: string): LocalDateTime {
  const s = isoWithOffset;
  const fail = (why: string): never => {
    throw new InvalidDateError(`Not an ISO-8601 instant with offset (${why}): ${JSON.stringify(s)}`);
  };
  if (typeof s !== 'string' || s.length < 17) fail('too short');
  const sep = s.charCodeAt(10);
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    (sep !== 84 && sep !== 116 && sep !== 32) ||
    s.charCodeAt(13) !== 58
  ) {
    fail('expected YYYY-MM-DDTHH:mm');
  }
  const year = readInt(s, 0, 4);
  const month = readInt(s, 5, 2);
  const day = readInt(s, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) fail('invalid date');
  const hour = readInt(s, 11, 2);
  const minute = readInt(s, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) fail('invalid time');

  let i = 16;
  if (s.charCodeAt(i) === 58) {
    const second = readInt(s, i + 1, 2);
    if (second < 0 || second > 60) fail('invalid seconds');
    i += 3;
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      let j = i + 1;
      while (j < s.length && digitAt(s, j) >= 0) j++;
      if (j === i + 1) fail('empty fraction');
      i = j;
    }
  }

  let offsetMinutes = 0;
  const sign = s.charCodeAt(i);
  if ((sign === 90 || sign === 122) && i + 1 === s.length) {
    offsetMinutes = 0;
  } else if (sign === 43 || sign === 45) {
    const rest = s.length - i - 1;
    const oh = readInt(s, i + 1, 2);
    let om = 0;
    if (rest === 5 && s.charCodeAt(i + 3) === 58) om = readInt(s, i + 4, 2);
    else if (rest === 4) om = readInt(s, i + 3, 2);
    else if (rest !== 2) fail('invalid offset');
    if (oh < 0 || oh > 23 || om < 0 || om > 59) fail('invalid offset');
    offsetMinutes = (oh * 60 + om) * (sign === 45 ? -1 : 1);
  } else {
    fail('missing offset');
  }

  const minutes = hour * 60 + minute - offsetMinutes + VN_UTC_OFFSET_MINUTES;
  const dayShift = Math.floor(minutes / MINUTES_PER_DAY);
  return {
    date: fromDayNumber(daysFromCivil(year, month, day) + dayShift),
    minuteOfDay: minutes - dayShift * MINUTES_PER_DAY,
  };
}

/** Local date in UTC+7 of an ISO-8601 instant with offset, e.g. 2023-01-04T17:30:00Z → 2023-01-05. */
export function localDateOf(isoWithOffset: string): LocalDate {
  return localDateTimeOf(isoWithOffset).date;
}

/** Local date in UTC+7 of epoch milliseconds (e.g. Date.now() supplied by the caller: this lib reads no clock). */
export function localDateOfEpochMs(epochMs: number): LocalDate {
  return fromDayNumber(Math.floor((epochMs + VN_UTC_OFFSET_MS) / MS_PER_DAY));
}

/** ISO-8601 in UTC+7 with its offset, to the second, of epoch milliseconds: `2026-11-25T09:30:12+07:00`. */
export function isoInVietnam(epochMs: number): string {
  const local = Math.floor(epochMs / 1000) + VN_UTC_OFFSET_MINUTES * 60;
  const day = Math.floor(local / 86_400);
  const second = local - day * 86_400;
  const time = `${PAD2[Math.floor(second / 3600)]}:${PAD2[Math.floor(second / 60) % 60]}:${PAD2[second % 60]}`;
  return `${fromDayNumber(day)}T${time}${VN_UTC_OFFSET}`;
}

/**
 * Epoch seconds of a string exactly as isoInVietnam prints it (a real date, 0001–9999, 00:00:00–
 * 23:59:59, offset +07:00), else null: a string that reads back identically from its seconds.
 */
export function epochSecondsOfIsoInVietnam(s: string): number | null {
  if (
    s.length !== 25 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 ||
    !s.endsWith(VN_UTC_OFFSET)
  ) {
    return null;
  }
  const year = readInt(s, 0, 4);
  const month = readInt(s, 5, 2);
  const day = readInt(s, 8, 2);
  const hour = readInt(s, 11, 2);
  const minute = readInt(s, 14, 2);
  const second = readInt(s, 17, 2);
  if (!isCalendarDate(year, month, day)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - VN_UTC_OFFSET_MINUTES) * 60 + second;
}

/** `YYYY-MM-DDTHH:mm:ss+07:00` for a local date and minute of day. */
export function toIsoWithVnOffset(date: LocalDate, minuteOfDay: number): string {
  if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay >= MINUTES_PER_DAY) {
    throw new InvalidDateError(`Minute of day out of range 0–1439: ${minuteOfDay}`);
  }
  return `${date}T${PAD2[Math.floor(minuteOfDay / 60)]}:${PAD2[minuteOfDay % 60]}:00${VN_UTC_OFFSET}`;
}

/** Parses `HH:mm` (or `HH:mm:ss`, seconds ignored) to a minute of day. */
export function parseTimeOfDay(s: string): number {
  const ok =
    typeof s === 'string' && (s.length === 5 || (s.length === 8 && s.charCodeAt(5) === 58)) && s.charCodeAt(2) === 58;
  const hour = ok ? readInt(s, 0, 2) : -1;
  const minute = ok ? readInt(s, 3, 2) : -1;
  const second = ok && s.length === 8 ? readInt(s, 6, 2) : 0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    throw new InvalidDateError(`Not a valid HH:mm time: ${JSON.stringify(s)}`);
  }
  return hour * 60 + minute;
}
