import type { CountFigures } from '@dossier-ledger/contracts';
/**
 * The figures a unit is scored on, for one window. Produced by the reporting side (Biểu II.06a columns
 * plus the scoring counters); this library defines the shape and never imports the reporting library.
 *
 * All counts are dossier counts (non-negative integers) except the two sums (satisfaction, working days).
 * Figures marked optional may be absent when the source system does not give them: an indicator that
 * reads an absent figure falls back to a manual input or to "not available" (its `onMissing`).
 */
export interface ScoringFigures extends CountFigures {
  /** Late resolved dossiers that had a written apology with a new date (phiếu xin lỗi và hẹn lại). */
  readonly lateWithApology: number;
  readonly lateWithoutApology: number;
  /** Resolved dossiers that carried a fee or charge. */
  readonly feeBearing: number;
  /** Of feeBearing, paid online. */
  readonly paidOnline: number;
  /** Resolved dossiers with an electronic result. */
  readonly electronicResult: number;
  /** Dossiers received in the window with digitised components. */
  readonly digitized: number;
  /** Of digitized, dossiers that reused already-digitised data. Absent when the source does not say. */
  readonly digitizedReused?: number;
  /** Sum of satisfaction ratings given in the window (ratings 1–5, as the reporting library counts them; not × 1000). */
  readonly satisfactionSum: number;
  readonly satisfactionCount: number;
  /** Sum of resolution times of resolved dossiers, in working days. */
  readonly resolutionWorkingDaysSum: number;
  readonly resolutionWorkingDaysCount: number;
  /**
   * More than one supplement request (yêu cầu bổ sung nhiều lần): of the dossiers resolved early or on time
   * in the window, and of those pending in time at its end, the ones with two or more supplement rounds.
   * Parts of resolved.early + resolved.onTime and of pending.inTime; 766 progress judges them late.
   */
  readonly repeatedSupplement: { readonly resolvedEarlyOrOnTime: number; readonly pendingInTime: number };
  /** Online dossiers received in the window, full-process (toàn trình). */
  readonly receivedOnlineFull: number;
  /** Online dossiers received in the window, partial-process (một phần). */
  readonly receivedOnlinePartial: number;
  /** Dossiers received in the window that were synced to the national portal. Absent when unknown. */
  readonly syncedToNationalPortal?: number;
  /** Procedures (TTHC) the unit offers. Absent when the procedure catalogue is not connected. */
  readonly procedures?: {
    readonly total: number;
    readonly onlineCapable: number;
    readonly withOnlineDossiers: number;
    readonly withOnlinePayment: number;
  };
}

type Reader = (figures: ScoringFigures) => number | undefined;

/**
 * Every figure path a rule set may read, with its accessor. A lookup table, not string evaluation:
 * a path that is not a key here is rejected when a rule set is loaded.
 */
const READERS = {
  'received.total': (f) => f.received.total,
  'received.inPeriod.total': (f) => f.received.inPeriod.total,
  'received.inPeriod.online': (f) => f.received.inPeriod.online,
  'received.inPeriod.direct': (f) => f.received.inPeriod.direct,
  'received.inPeriod.postal': (f) => f.received.inPeriod.postal,
  'received.carriedOver': (f) => f.received.carriedOver,
  'resolved.total': (f) => f.resolved.total,
  'resolved.early': (f) => f.resolved.early,
  'resolved.onTime': (f) => f.resolved.onTime,
  'resolved.late': (f) => f.resolved.late,
  returned: (f) => f.returned,
  withdrawn: (f) => f.withdrawn,
  'pending.total': (f) => f.pending.total,
  'pending.inTime': (f) => f.pending.inTime,
  'pending.overdue': (f) => f.pending.overdue,
  'repeatedSupplement.resolvedEarlyOrOnTime': (f) => f.repeatedSupplement.resolvedEarlyOrOnTime,
  'repeatedSupplement.pendingInTime': (f) => f.repeatedSupplement.pendingInTime,
  lateWithApology: (f) => f.lateWithApology,
  lateWithoutApology: (f) => f.lateWithoutApology,
  feeBearing: (f) => f.feeBearing,
  paidOnline: (f) => f.paidOnline,
  electronicResult: (f) => f.electronicResult,
  digitized: (f) => f.digitized,
  digitizedReused: (f) => f.digitizedReused,
  satisfactionSum: (f) => f.satisfactionSum,
  satisfactionCount: (f) => f.satisfactionCount,
  resolutionWorkingDaysSum: (f) => f.resolutionWorkingDaysSum,
  resolutionWorkingDaysCount: (f) => f.resolutionWorkingDaysCount,
  receivedOnlineFull: (f) => f.receivedOnlineFull,
  receivedOnlinePartial: (f) => f.receivedOnlinePartial,
  syncedToNationalPortal: (f) => f.syncedToNationalPortal,
  'procedures.total': (f) => f.procedures?.total,
  'procedures.onlineCapable': (f) => f.procedures?.onlineCapable,
  'procedures.withOnlineDossiers': (f) => f.procedures?.withOnlineDossiers,
  'procedures.withOnlinePayment': (f) => f.procedures?.withOnlinePayment,
} as const satisfies Record<string, Reader>;

/** A dotted path naming one figure of {@link ScoringFigures}, e.g. `resolved.early`. */
export type FigurePath = keyof typeof READERS;

export const FIGURE_PATHS: readonly FigurePath[] = Object.freeze(Object.keys(READERS) as FigurePath[]);

/** Figures that may be absent from a {@link ScoringFigures} object. */
export const OPTIONAL_FIGURE_PATHS: readonly FigurePath[] = Object.freeze([
  'digitizedReused',
  'syncedToNationalPortal',
  'procedures.total',
  'procedures.onlineCapable',
  'procedures.withOnlineDossiers',
  'procedures.withOnlinePayment',
] satisfies FigurePath[]);

/** Figures that are sums of non-integer values; every other figure is a count. */
const SUM_PATHS: ReadonlySet<FigurePath> = new Set<FigurePath>(['satisfactionSum', 'resolutionWorkingDaysSum']);

export function isFigurePath(value: unknown): value is FigurePath {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(READERS, value);
}

/** The figure at `path`, or `undefined` when the (optional) figure is absent. */
export function readFigure(figures: ScoringFigures, path: FigurePath): number | undefined {
  return READERS[path](figures);
}

export class FiguresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FiguresError';
  }
}

/**
 * Checks that every present figure is a finite non-negative number (counts: integers) and that every
 * required figure is present. Throws {@link FiguresError} naming the path.
 */
export function assertScoringFigures(figures: ScoringFigures): void {
  if (figures === null || typeof figures !== 'object') throw new FiguresError('figures must be an object');
  const optional = new Set<FigurePath>(OPTIONAL_FIGURE_PATHS);
  for (const path of FIGURE_PATHS) {
    let value: number | undefined;
    try {
      value = readFigure(figures, path);
    } catch {
      throw new FiguresError(`figures: ${path} is missing`);
    }
    if (value === undefined || value === null) {
      if (optional.has(path)) continue;
      throw new FiguresError(`figures: ${path} is missing`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new FiguresError(`figures: ${path} must be a finite number >= 0, got ${String(value)}`);
    }
    if (!SUM_PATHS.has(path) && !Number.isInteger(value)) {
      throw new FiguresError(`figures: ${path} must be an integer count, got ${value}`);
    }
  }
}
