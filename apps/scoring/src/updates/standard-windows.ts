import { monthPeriod, quarterPeriod, yearPeriod, type Period } from '@dossier-ledger/calendar';

export type StandardWindowKind = 'month' | 'quarter' | 'year';

/** A window scores are recomputed and published for. */
export interface ScoreWindow {
  readonly kind: StandardWindowKind;
  /** Period code (`2024-02`, `2024-Q1`, `2024`). */
  readonly code: string;
  readonly from: string;
  /** The period's last day, or today while the period runs. */
  readonly to: string;
}

/**
 * The standard windows that contain `day`: its calendar month, quarter and year (766 is published
 * monthly and yearly, provincial PAR reports are quarterly). A window that has not started by `today`
 * has no score yet; a running one ends today, because the report API counts as overdue, at `to`,
 * every pending dossier due before it — a future `to` would count dossiers overdue that are not.
 */
export function standardWindows(day: string, today: string): ScoreWindow[] {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const periods: [StandardWindowKind, Period][] = [
    ['month', monthPeriod(year, month)],
    ['quarter', quarterPeriod(year, Math.ceil(month / 3))],
    ['year', yearPeriod(year)],
  ];
  return periods
    .filter(([, period]) => period.from <= today)
    .map(([kind, period]) => ({
      kind,
      code: period.code,
      from: period.from,
      to: period.to < today ? period.to : today,
    }));
}
