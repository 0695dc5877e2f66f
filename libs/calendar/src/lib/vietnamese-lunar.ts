/**
 * Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
 *
 * The Vietnamese calendar uses the same rules as the Chinese one but at the
 * 105°E meridian (UTC+7) instead of 120°E (UTC+8): a new moon between 23:00
 * and 24:00 Hanoi time falls on different days in the two calendars, which is
 * why Tết differs in some years (e.g. 1985, 2007 Chinese 18/02 vs Vietnamese 17/02).
 *
 * Algorithm: Hồ Ngọc Đức's (new moons and solar longitude after Meeus,
 * "Astronomical Algorithms"), pure integer/float math, synchronous. Tested
 * against `date-holidays` (astronomia VSOP87 based) in the spec.
 */
import { daysFromCivil, fromDayNumber, type LocalDate, toDayNumber } from './local-date';

export interface LunarDate {
  /** 1–30 */
  readonly day: number;
  /** 1–12 */
  readonly month: number;
  /** Lunar year, named by the Gregorian year in which its first month begins. */
  readonly year: number;
  /** True for the intercalary (nhuận) month that repeats `month`. */
  readonly leap: boolean;
}

const TIME_ZONE = 7;
// Julian day number = day number (days since 1970-01-01) + this.
const JD_OF_EPOCH = 2440588;
// New moon of 1900-01-01 13:52 UTC, origin of the lunation index k.
const NEW_MOON_EPOCH_JD = 2415021.076998695;
const SYNODIC_MONTH = 29.530588853;
const DEG = Math.PI / 180;

/** Julian date (UT) of the k-th new moon after 1900-01-01. */
function newMoonJd(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DEG) + 0.0021 * Math.sin(2 * DEG * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DEG * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DEG * 2 * F) - 0.0051 * Math.sin(DEG * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DEG * (M - Mpr)) + 0.0004 * Math.sin(DEG * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DEG * (2 * F - M)) - 0.0006 * Math.sin(DEG * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DEG * (2 * F - Mpr)) + 0.0005 * Math.sin(DEG * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Julian day number of the local (UTC+7) day containing the k-th new moon. */
function newMoonDay(k: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + TIME_ZONE / 24);
}

/** Sun's apparent longitude (radians, 0..2π) at Julian date jdn. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DEG * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(DEG * 2 * M) + 0.00029 * Math.sin(DEG * 3 * M);
  let L = (L0 + DL) * DEG;
  L = L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return L;
}

/** Solar-term sector (0..11, 30° each) at local midnight starting the day `jdn`. */
function sunSector(jdn: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - TIME_ZONE / 24) / Math.PI) * 6);
}

/** JDN of the start of lunar month 11 (the month containing the winter solstice) of Gregorian year `year`. */
function lunarMonth11(year: number): number {
  const off = daysFromCivil(year, 12, 31) + JD_OF_EPOCH - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Index (after month 11 at a11) of the leap month: the first month without a principal term. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Gregorian date → Vietnamese lunar date. */
export function solarToLunar(date: LocalDate): LunarDate {
  const jdn = toDayNumber(date) + JD_OF_EPOCH;
  const year = Number(date.slice(0, 4));
  const k = Math.floor((jdn - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > jdn) monthStart = newMoonDay(k);
  let a11 = lunarMonth11(year);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = lunarMonth11(year - 1);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1);
  }
  const day = jdn - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/** Vietnamese lunar date → Gregorian date. Throws for a leap flag on a month that is not leap that year. */
export function lunarToSolar(lunar: LunarDate): LocalDate {
  const { day, month, year, leap } = lunar;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`Invalid lunar date ${day}/${month}/${year}`);
  }
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1);
    b11 = lunarMonth11(year);
  } else {
    a11 = lunarMonth11(year);
    b11 = lunarMonth11(year + 1);
  }
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`Lunar year ${year} has no leap month`);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  const monthStart = newMoonDay(k + off);
  const jdn = monthStart + day - 1;
  const result = fromDayNumber(jdn - JD_OF_EPOCH);
  // A 30th of a 29-day month would silently roll into the next month.
  if (day === 30) {
    const back = solarToLunar(result);
    if (back.day !== 30) throw new RangeError(`Lunar month ${month}/${year} has only 29 days`);
  }
  return result;
}

const tetCache = new Map<number, LocalDate>();

/** Mùng 1 Tết (1/1 lunar) of the lunar year beginning in Gregorian `year`. */
export function tetDate(year: number): LocalDate {
  let d = tetCache.get(year);
  if (d === undefined) {
    d = lunarToSolar({ day: 1, month: 1, year, leap: false });
    tetCache.set(year, d);
  }
  return d;
}

/** Giỗ Tổ Hùng Vương, 10/3 lunar (never the leap month) of Gregorian `year`. */
export function hungKingsDate(year: number): LocalDate {
  return lunarToSolar({ day: 10, month: 3, year, leap: false });
}
