// The figures of form II.06a (Biểu II.06a/VPCP/KSTT) and the scoring counters, as one domain shape:
// the reporting library computes them, the report DTO classes implement them, the form and the
// scoring rules read the parts they need (`CountFigures`). Column numbers: docs/domain.md §4.

export interface ReceivedFigures {
  /** Column 3 = 4 + 5 + 6. */
  readonly total: number;
  readonly inPeriod: {
    readonly total: number;
    /** Column 4. */
    readonly online: number;
    /** Column 5 is direct + postal. */
    readonly direct: number;
    readonly postal: number;
  };
  /** Column 6: received before `from`, not finished before `from`. */
  readonly carriedOver: number;
}

export interface ResolvedFigures {
  /** Column 7 = 8 + 9 + 10. */
  readonly total: number;
  readonly early: number;
  readonly onTime: number;
  readonly late: number;
}

export interface PendingFigures {
  /** Column 11 = 12 + 13. */
  readonly total: number;
  /** Column 12: processing within the appointment date, plus every waiting / paused dossier. */
  readonly inTime: number;
  /** Column 13: processing with appointment date < `to`. */
  readonly overdue: number;
  readonly byState: {
    readonly processing: number;
    readonly waitingSupplement: number;
    readonly waitingPayment: number;
    readonly paused: number;
  };
}

export interface RateFigures {
  /** (early + on time) / resolved; null when nothing was resolved. */
  readonly onTime: number | null;
  /** late / resolved (tỷ lệ quá hạn); null when nothing was resolved. */
  readonly late: number | null;
  /** online / new in period; null when nothing was received in the period. */
  readonly online: number | null;
}

/** The figures of one row; the identity received.total = resolved.total + returned + withdrawn + pending.total holds. */
export interface DossierFigures extends CountFigures {
  readonly pending: PendingFigures;
  readonly rates: RateFigures;
}

/** A numerator with its denominator; rate is null when the denominator is 0. */
export interface Share {
  readonly count: number;
  readonly of: number;
  readonly rate: number | null;
}

export interface AverageFigure {
  readonly sum: number;
  readonly count: number;
  readonly average: number | null;
}

/**
 * Dossier-derived inputs of the scores (Decision 766, PAR index). Raw counts with their populations;
 * the scoring rule sets turn them into points.
 */
/** Dossiers finished in the window by how they finished, never folded (see ReportScoringFigures.finished). */
export interface FinishedFigures {
  readonly early: number;
  readonly onTime: number;
  readonly late: number;
  readonly returned: number;
  readonly withdrawn: number;
}

/**
 * Dossiers with more than one supplement request (yêu cầu bổ sung nhiều lần) among those the form counts as
 * good: 766 progress judges them late (docs/scoring.md §4). Not a counting rule of the form: its early /
 * on time / in-time columns still count them.
 */
export interface RepeatedSupplementFigures {
  /** Resolved early or on time in the window, after two or more supplement rounds. Part of finished.early + finished.onTime. */
  readonly resolvedEarlyOrOnTime: number;
  /** Pending in time at `to` with two or more supplement rounds requested by `to`. Part of pending.inTime. */
  readonly pendingInTime: number;
}

export interface ReportScoringFigures {
  /**
   * Finished dossiers as they finished, whatever the counting rules' `foldReturnedIntoOnTime` (a read
   * option of the form): scores define their own populations and must not change with it.
   */
  readonly finished: FinishedFigures;
  /** Of the early / on-time finishes and the pending in time, those with more than one supplement round. */
  readonly repeatedSupplement: RepeatedSupplementFigures;
  /** Resolved dossiers finished late, with / without an apology letter (phiếu xin lỗi). Population: resolved.late. */
  readonly lateWithApology: Share;
  readonly lateWithoutApology: number;
  /** Resolved in the window and fee-bearing. Population: resolved dossiers (not folded). */
  readonly feeBearing: number;
  /** Of the fee-bearing resolved dossiers, paid online. */
  readonly paidOnline: Share;
  /** Resolved dossiers with an electronic result. */
  readonly electronicResult: Share;
  /** Dossiers received in the window that were digitised. */
  readonly digitized: Share;
  /** Online dossiers received in the window, full-process (toàn trình) / partial-process (một phần). */
  readonly receivedOnlineFull: Share;
  readonly receivedOnlinePartial: Share;
  /** Ratings given in the window, 1–5. */
  readonly satisfaction: AverageFigure;
  /** Working days from receipt to finish of dossiers resolved in the window. */
  readonly resolutionWorkingDays: AverageFigure;
  /** Distinct procedures with dossiers received in the window, and with online dossiers. */
  readonly procedures: { readonly withDossiers: number; readonly withOnlineDossiers: number };
}

/** The counts every consumer of the figures reads: the form's columns and the scores' populations. */
export interface CountFigures {
  readonly received: ReceivedFigures;
  readonly resolved: ResolvedFigures;
  readonly returned: number;
  readonly withdrawn: number;
  readonly pending: Pick<PendingFigures, 'total' | 'inTime' | 'overdue'>;
}
