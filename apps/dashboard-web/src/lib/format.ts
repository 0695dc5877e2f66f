import { formatNumberVi, formatPercentVi, formatVi, type LocalDate } from '@dossier-ledger/calendar';

/** 20.845 */
export const num = (n: number): string => formatNumberVi(n);
/** 89,4 %, or a dash when there is nothing to divide. */
export const pct = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined ? '–' : formatPercentVi(ratio);
/** dd/MM/yyyy */
export const day = (date: string): string => formatVi(date as LocalDate);

/** "+12" / "−3,1 điểm %" beside a figure compared with another period. */
export function delta(now: number, before: number, percentPoints = false): string {
  const d = percentPoints ? (now - before) * 100 : now - before;
  if (d === 0) return '±0';
  const text = percentPoints ? `${formatNumberVi(Math.abs(d), { fractionDigits: 1 })} điểm %` : num(Math.abs(d));
  return `${d > 0 ? '+' : '−'}${text}`;
}
