/**
 * Reporting periods: inclusive windows [from, to] of local dates, as data.
 *
 * Presets: month, quarter, half, 9 months, year, each either on calendar
 * boundaries or on the statutory cut-off of Nghị định 09/2019/NĐ-CP (data
 * from the 15th of the previous month to the 14th of the closing month), plus
 * custom windows (practice uses arbitrary ones, e.g. 01/01–20/09).
 */
import { daysInMonth, diffDays, formatVi, isIsoLocalDate, localDate, type LocalDate } from './local-date';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'nine-months' | 'year' | 'custom';

/** `calendar`: 1st to month end. `statutory`: 15th of the previous month to the 14th (NĐ 09/2019). */
export type CutoffMode = 'calendar' | 'statutory';

export interface Period {
  readonly kind: PeriodKind;
  /** First day, inclusive. */
  readonly from: LocalDate;
  /** Last day, inclusive. */
  readonly to: LocalDate;
  /** Vietnamese name: "Tháng 02/2024", "Quý III/2023", "6 tháng đầu năm 2023", "9 tháng năm 2023", "Năm 2023"; custom: the range. */
  readonly label: string;
  /** "Từ ngày 15/01/2024 đến ngày 14/02/2024" */
  readonly rangeLabel: string;
  /** Text form parsePeriod accepts: "2024-02", "2023-Q3", "2023-H1", "2023-9M", "2023", "2024-01-19..2024-02-19". */
  readonly code: string;
  /** Absent for custom windows. */
  readonly cutoff?: CutoffMode;
  /** Reporting year of a preset. */
  readonly year?: number;
  /** Month 1–12, quarter 1–4 or half 1–2 of a preset. */
  readonly index?: number;
}

export interface ParsePeriodOptions {
  /** Default `calendar`. Ignored for custom windows. */
  readonly cutoff?: CutoffMode;
}

export class PeriodParseError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`Invalid period ${JSON.stringify(input)}: ${reason}`);
    this.name = 'PeriodParseError';
  }
}

const EXPECTED = 'expected YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-9M or YYYY-MM-DD..YYYY-MM-DD';
const ROMAN = ['I', 'II', 'III', 'IV'];
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "Từ ngày dd/MM/yyyy đến ngày dd/MM/yyyy" */
export function rangeLabelVi(from: LocalDate, to: LocalDate): string {
  return `Từ ngày ${formatVi(from)} đến ngày ${formatVi(to)}`;
}

function checkYear(year: number, input: string): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new PeriodParseError(input, `year must be ${MIN_YEAR}–${MAX_YEAR}`);
  }
}

function checkCutoff(cutoff: unknown, input: string): CutoffMode {
  if (cutoff === undefined || cutoff === 'calendar') return 'calendar';
  if (cutoff === 'statutory') return 'statutory';
  throw new PeriodParseError(input, `cutoff must be 'calendar' or 'statutory', got ${JSON.stringify(cutoff)}`);
}

/** Window covering months firstMonth..lastMonth of `year`, on calendar or statutory boundaries. */
function monthsSpan(year: number, firstMonth: number, lastMonth: number, cutoff: CutoffMode): [LocalDate, LocalDate] {
  if (cutoff === 'calendar') {
    return [localDate(year, firstMonth, 1), localDate(year, lastMonth, daysInMonth(year, lastMonth))];
  }
  // Statutory: from the 15th of the month before (December of the previous year for January).
  const from = firstMonth === 1 ? localDate(year - 1, 12, 15) : localDate(year, firstMonth - 1, 15);
  return [from, localDate(year, lastMonth, 14)];
}

function preset(
  kind: Exclude<PeriodKind, 'custom'>,
  year: number,
  index: number | undefined,
  months: [number, number],
  label: string,
  code: string,
  cutoff: CutoffMode,
): Period {
  const [from, to] = monthsSpan(year, months[0], months[1], cutoff);
  return {
    kind,
    from,
    to,
    label,
    rangeLabel: rangeLabelVi(from, to),
    code,
    cutoff,
    year,
    ...(index === undefined ? {} : { index }),
  };
}

export function monthPeriod(year: number, month: number, cutoff: CutoffMode = 'calendar'): Period {
  const code = `${year}-${pad2(month)}`;
  checkYear(year, code);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new PeriodParseError(code, 'month must be 01–12');
  return preset('month', year, month, [month, month], `Tháng ${pad2(month)}/${year}`, code, checkCutoff(cutoff, code));
}

export function quarterPeriod(year: number, quarter: number, cutoff: CutoffMode = 'calendar'): Period {
  const code = `${year}-Q${quarter}`;
  checkYear(year, code);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new PeriodParseError(code, 'quarter must be 1–4');
  const last = quarter * 3;
  return preset(
    'quarter',
    year,
    quarter,
    [last - 2, last],
    `Quý ${ROMAN[quarter - 1]}/${year}`,
    code,
    checkCutoff(cutoff, code),
  );
}

export function halfPeriod(year: number, half: number, cutoff: CutoffMode = 'calendar'): Period {
  const code = `${year}-H${half}`;
  checkYear(year, code);
  if (half !== 1 && half !== 2) throw new PeriodParseError(code, 'half must be 1 or 2');
  const label = half === 1 ? `6 tháng đầu năm ${year}` : `6 tháng cuối năm ${year}`;
  return preset('half', year, half, half === 1 ? [1, 6] : [7, 12], label, code, checkCutoff(cutoff, code));
}

export function nineMonthsPeriod(year: number, cutoff: CutoffMode = 'calendar'): Period {
  const code = `${year}-9M`;
  checkYear(year, code);
  return preset('nine-months', year, undefined, [1, 9], `9 tháng năm ${year}`, code, checkCutoff(cutoff, code));
}

export function yearPeriod(year: number, cutoff: CutoffMode = 'calendar'): Period {
  const code = String(year);
  checkYear(year, code);
  return preset('year', year, undefined, [1, 12], `Năm ${year}`, code, checkCutoff(cutoff, code));
}

/** A custom window; both ends inclusive, `from` ≤ `to`. */
export function customPeriod(from: string, to: string, label?: string): Period {
  const code = `${from}..${to}`;
  if (!isIsoLocalDate(from))
    throw new PeriodParseError(code, `start ${JSON.stringify(from)} is not a valid YYYY-MM-DD date`);
  if (!isIsoLocalDate(to)) throw new PeriodParseError(code, `end ${JSON.stringify(to)} is not a valid YYYY-MM-DD date`);
  if (from > to) throw new PeriodParseError(code, `start ${from} is after end ${to}`);
  const rangeLabel = rangeLabelVi(from, to);
  return { kind: 'custom', from, to, label: label ?? rangeLabel, rangeLabel, code };
}

const YEAR_RE = /^(\d{4})$/;
const MONTH_RE = /^(\d{4})-(\d{1,2})$/;
const QUARTER_RE = /^(\d{4})-Q(\d+)$/i;
const HALF_RE = /^(\d{4})-H(\d+)$/i;
const NINE_MONTHS_RE = /^(\d{4})-9M$/i;
const CUSTOM_RE = /^(\S+?)\s*(?:\.\.|\/)\s*(\S+)$/;

/**
 * Parses the API's period text. Presets take `cutoff` (default `calendar`);
 * a custom window is `YYYY-MM-DD..YYYY-MM-DD` (or with `/`), both ends inclusive.
 * Throws PeriodParseError with the reason.
 */
export function parsePeriod(text: string, options: ParsePeriodOptions = {}): Period {
  if (typeof text !== 'string') throw new PeriodParseError(String(text), 'not a string');
  const input = text.trim();
  const cutoff = checkCutoff(options.cutoff, input);
  return withInput(input, () => {
    let m = YEAR_RE.exec(input);
    if (m) return yearPeriod(Number(m[1]), cutoff);
    m = MONTH_RE.exec(input);
    if (m) return monthPeriod(Number(m[1]), Number(m[2]), cutoff);
    m = QUARTER_RE.exec(input);
    if (m) return quarterPeriod(Number(m[1]), Number(m[2]), cutoff);
    m = HALF_RE.exec(input);
    if (m) return halfPeriod(Number(m[1]), Number(m[2]), cutoff);
    m = NINE_MONTHS_RE.exec(input);
    if (m) return nineMonthsPeriod(Number(m[1]), cutoff);
    m = CUSTOM_RE.exec(input);
    if (m && /^\d{4}-/.test(m[1])) return customPeriod(m[1], m[2]);
    throw new PeriodParseError(input, input === '' ? `empty; ${EXPECTED}` : EXPECTED);
  });
}

// Re-raise with the caller's exact text, so the message quotes what was sent.
function withInput(input: string, build: () => Period): Period {
  try {
    return build();
  } catch (e) {
    if (e instanceof PeriodParseError && e.input !== input) {
      throw new PeriodParseError(input, e.reason);
    }
    throw e;
  }
}

export function periodContains(period: Period, date: LocalDate): boolean {
  return date >= period.from && date <= period.to;
}

/** Calendar days in the window, both ends included. */
export function periodLengthDays(period: Period): number {
  return diffDays(period.from, period.to) + 1;
}
