import {
  halfPeriod,
  monthPeriod,
  nineMonthsPeriod,
  parsePeriod,
  quarterPeriod,
  yearPeriod,
  type CutoffMode,
  type LocalDate,
  type Period,
} from '@dossier-ledger/calendar';

export const TABS = ['form', 'charts', 'scores', 'quality'] as const;
export type Tab = (typeof TABS)[number];
export const COMPARES = ['none', 'previous', 'lastYear'] as const;
export type Compare = (typeof COMPARES)[number];

/** Everything a view is: the URL's query holds it, so a view can be shared (`?unit=42&w=2025-Q4&tab=form`). */
export interface ViewState {
  unit: string | null;
  /** A period code parsePeriod reads: 2025-11, 2025-Q4, 2025-H2, 2025-9M, 2025, 2025-10-01..2025-12-15. */
  window: string;
  cutoff: CutoffMode;
  compare: Compare;
  tab: Tab;
  /** Page of each paged list other than 1, by list (`page-late=3`); a new unit, window or tab starts at 1. */
  pages: Readonly<Record<string, number>>;
}

const PAGE_PARAM = /^page-([A-Za-z]+)$/;

function parsePages(q: URLSearchParams): Record<string, number> {
  const pages: Record<string, number> = {};
  for (const [name, value] of q) {
    const list = PAGE_PARAM.exec(name)?.[1];
    if (list && /^[1-9]\d{0,5}$/.test(value) && value !== '1') pages[list] = Number(value);
  }
  return pages;
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}

/** The current month: the default window. */
export function defaultWindow(today: LocalDate): string {
  return today.slice(0, 7);
}

export function parseViewState(search: string, today: LocalDate): ViewState {
  const q = new URLSearchParams(search);
  const cutoff = q.get('cutoff') === 'statutory' ? 'statutory' : 'calendar';
  let window = q.get('w') ?? defaultWindow(today);
  try {
    parsePeriod(window, { cutoff });
  } catch {
    window = defaultWindow(today);
  }
  return {
    unit: q.get('unit'),
    window,
    cutoff,
    compare: pick(q.get('cmp'), COMPARES, 'none'),
    tab: pick(q.get('tab'), TABS, 'form'),
    pages: parsePages(q),
  };
}

export function serializeViewState(state: ViewState): string {
  const q = new URLSearchParams();
  if (state.unit) q.set('unit', state.unit);
  q.set('w', state.window);
  if (state.cutoff === 'statutory') q.set('cutoff', 'statutory');
  if (state.compare !== 'none') q.set('cmp', state.compare);
  q.set('tab', state.tab);
  for (const list of Object.keys(state.pages).sort())
    if (state.pages[list] > 1) q.set(`page-${list}`, String(state.pages[list]));
  return `?${q.toString()}`;
}

export function periodOf(state: Pick<ViewState, 'window' | 'cutoff'>): Period {
  return parsePeriod(state.window, { cutoff: state.cutoff });
}

/** The report API's window parameters: `period` (+ `cutoff`) for a preset, `from` + `to` otherwise. */
export function windowQuery(period: Period): string {
  if (period.kind === 'custom') return `from=${period.from}&to=${period.to}`;
  return `period=${encodeURIComponent(period.code)}${period.cutoff === 'statutory' ? '&cutoff=statutory' : ''}`;
}

function shiftYear(date: LocalDate, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y + years}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

function dateOfDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** The period compared with: the one before (same kind and cutoff), or the same one a year earlier. */
export function comparePeriod(period: Period, compare: Compare): Period | null {
  if (compare === 'none') return null;
  const cutoff = period.cutoff ?? 'calendar';
  const year = period.year ?? 0;
  const index = period.index ?? 1;
  if (compare === 'lastYear') {
    switch (period.kind) {
      case 'month':
        return monthPeriod(year - 1, index, cutoff);
      case 'quarter':
        return quarterPeriod(year - 1, index, cutoff);
      case 'half':
        return halfPeriod(year - 1, index, cutoff);
      case 'nine-months':
        return nineMonthsPeriod(year - 1, cutoff);
      case 'year':
        return yearPeriod(year - 1, cutoff);
      case 'custom':
        return parsePeriod(`${shiftYear(period.from, -1)}..${shiftYear(period.to, -1)}`);
    }
  }
  switch (period.kind) {
    case 'month':
      return index === 1 ? monthPeriod(year - 1, 12, cutoff) : monthPeriod(year, index - 1, cutoff);
    case 'quarter':
      return index === 1 ? quarterPeriod(year - 1, 4, cutoff) : quarterPeriod(year, index - 1, cutoff);
    case 'half':
      return index === 1 ? halfPeriod(year - 1, 2, cutoff) : halfPeriod(year, 1, cutoff);
    case 'nine-months':
      return nineMonthsPeriod(year - 1, cutoff);
    case 'year':
      return yearPeriod(year - 1, cutoff);
    case 'custom': {
      const length = dayNumber(period.to) - dayNumber(period.from) + 1;
      const to = dayNumber(period.from) - 1;
      return parsePeriod(`${dateOfDayNumber(to - length + 1)}..${dateOfDayNumber(to)}`);
    }
  }
}
