import type { AverageFigure, DossierFigures, ReportScoringFigures, UnitLevel } from '@dossier-ledger/contracts';

export type {
  AverageFigure,
  CountFigures,
  DossierFigures,
  FinishedFigures,
  PendingFigures,
  RateFigures,
  ReceivedFigures,
  RepeatedSupplementFigures,
  ReportScoringFigures,
  ResolvedFigures,
  Share,
} from '@dossier-ledger/contracts';
import type { LocalDate } from '@dossier-ledger/calendar';

// The report of one unit and window; its figures' shapes are the contracts' (libs/contracts report-figures).

/** A window [from, to] of local dates (inclusive) over one unit in one era of the hierarchy. */
export interface ReportQuery {
  readonly era: string;
  readonly unitCode: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** Units to show as child rows (e.g. a district's communes), in the order given. */
  readonly childUnitCodes?: readonly string[];
}

export interface ReportRow extends DossierFigures {
  /** Field code, unit code or level. */
  readonly key: string;
  readonly label: string;
}

export interface LevelReportRow extends ReportRow {
  readonly key: UnitLevel;
  /** One row per field (lĩnh vực) of dossiers at this level. */
  readonly fields: ReportRow[];
}

export interface DossierReport extends DossierFigures {
  readonly era: string;
  readonly unitCode: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** Id of the counting rules that produced the figures. */
  readonly countingRules: string;
  readonly scoring: ReportScoringFigures;
  readonly rows: {
    /** Dossiers by the level of their own unit (Cấp tỉnh / Cấp huyện / Cấp xã), each with its field rows. */
    readonly byLevel: LevelReportRow[];
    /** All levels together, one row per field. */
    readonly byField: ReportRow[];
    /** One row per requested child unit. */
    readonly byChild: ReportRow[];
  };
}

/** Per-procedure figures for a window (scoring: online share per procedure, average resolution time). */
export interface ProcedureFigures {
  readonly procedureCode: string;
  readonly received: number;
  readonly receivedOnline: number;
  readonly resolutionWorkingDays: AverageFigure;
}
