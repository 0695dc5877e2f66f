import { isIsoLocalDate, parsePeriod, PeriodParseError, type LocalDate, type Period } from '@dossier-ledger/calendar';
import type { DossierReportQueryDto } from '@dossier-ledger/contracts';

export interface ReportWindow {
  from: LocalDate;
  to: LocalDate;
  /** Set when the window came from `period`. */
  period?: Period;
}

/** A query parameter that cannot be used: answered as 400 naming it. */
export class ReportParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportParameterError';
  }
}

/** The window of a report query: `period` (with its cutoff), or `from` and `to`. */
export function resolveReportWindow(
  query: Pick<DossierReportQueryDto, 'from' | 'to' | 'period' | 'cutoff'>,
): ReportWindow {
  if (query.period !== undefined) {
    if (query.from !== undefined || query.to !== undefined) {
      throw new ReportParameterError('period', 'period cannot be combined with from/to: send one or the other');
    }
    let period: Period;
    try {
      period = parsePeriod(query.period, { cutoff: query.cutoff ?? 'calendar' });
    } catch (error) {
      if (error instanceof PeriodParseError) throw new ReportParameterError('period', `period: ${error.message}`);
      throw error;
    }
    return { from: period.from as LocalDate, to: period.to as LocalDate, period };
  }
  if (query.from === undefined)
    throw new ReportParameterError('from', 'from is required (a date YYYY-MM-DD), or give period');
  if (query.to === undefined)
    throw new ReportParameterError('to', 'to is required (a date YYYY-MM-DD), or give period');
  if (!isIsoLocalDate(query.from))
    throw new ReportParameterError('from', `from must be a valid date YYYY-MM-DD, got ${JSON.stringify(query.from)}`);
  if (!isIsoLocalDate(query.to))
    throw new ReportParameterError('to', `to must be a valid date YYYY-MM-DD, got ${JSON.stringify(query.to)}`);
  if (query.from > query.to)
    throw new ReportParameterError('from', `from (${query.from}) must not be after to (${query.to})`);
  return { from: query.from, to: query.to };
}
