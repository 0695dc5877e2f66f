import { evaluateIndicator } from './evaluate-indicator';
import { type ScoringFigures, assertScoringFigures } from './figures';
import { type RuleSet, ruleSetRef } from './rule-set.types';

export const PROGRESS_INDICATOR_ID = 'progress';

export interface WhatIfProgressResult {
  readonly ruleSetRef: string;
  readonly indicatorId: string;
  readonly targetPoints: number;
  readonly maxPoints: number;
  /** The indicator's points now (pending in-time dossiers count as they are now); null when not available. */
  readonly currentPoints: number | null;
  /** Pending dossiers that can still finish on time: `pending.inTime`. */
  readonly candidates: number;
  /** Minimal number of candidates that must finish on time; null when the target cannot be reached. */
  readonly required: number | null;
  readonly possible: boolean;
  /** Why the target cannot be reached; null when it can. */
  readonly reason: string | null;
  /** Points when no candidate finishes on time / when every candidate does (null when not available). */
  readonly pointsIfNoneOnTime: number | null;
  readonly pointsIfAllOnTime: number | null;
  /** The what-if model is this library's own (no official text describes it). */
  readonly assumed: true;
}

/**
 * The figures once every pending in-time dossier has finished, `onTime` of them on time and the rest
 * late (without an apology: the conservative case). Overdue pending dossiers stay as they are (they can
 * no longer finish on time), nothing new is received, nothing is returned or withdrawn. The candidates
 * with more than one supplement round (`repeatedSupplement.pendingInTime`) are the last to finish on
 * time: they stay repeated-supplement dossiers when they do (766 progress still judges them late).
 */
export function projectFigures(figures: ScoringFigures, onTime: number): ScoringFigures {
  const candidates = figures.pending.inTime;
  const late = candidates - onTime;
  const repeatedOnTime = Math.max(0, onTime - (candidates - figures.repeatedSupplement.pendingInTime));
  return {
    ...figures,
    resolved: {
      total: figures.resolved.total + candidates,
      early: figures.resolved.early,
      onTime: figures.resolved.onTime + onTime,
      late: figures.resolved.late + late,
    },
    pending: { total: figures.pending.total - candidates, inTime: 0, overdue: figures.pending.overdue },
    lateWithoutApology: figures.lateWithoutApology + late,
    repeatedSupplement: {
      resolvedEarlyOrOnTime: figures.repeatedSupplement.resolvedEarlyOrOnTime + repeatedOnTime,
      pendingInTime: 0,
    },
  };
}

/**
 * What-if for the progress indicator: the minimal number of the currently pending in-time dossiers that
 * must finish on time (the others finishing late) for the indicator to reach `targetPoints`, points
 * computed exactly as `scoreUnit` does (same formula, same rounding) on {@link projectFigures}.
 *
 * With 766's assumed progress formula `20 × (early + onTime + returned + pending.inTime − R) / D`, where
 * R = repeatedSupplement.resolvedEarlyOrOnTime + repeatedSupplement.pendingInTime and
 * D = resolved.total + returned + pending.total does not change when pending dossiers finish, this is
 * `max(0, ceil(target × D / 20 − (early + onTime + returned − repeatedSupplement.resolvedEarlyOrOnTime)))`,
 * up to the rounding of points; impossible when it exceeds `pending.inTime − repeatedSupplement.pendingInTime`.
 *
 * Requires the indicator's points to be non-decreasing in the number finishing on time (true of every
 * ratio with on-time dossiers in the numerator: validated thresholds never lose points as the ratio
 * rises); the search is a binary search over 0..pending.inTime.
 *
 * @throws RangeError when the rule set has no such indicator, or targetPoints is not a finite number >= 0.
 */
export function whatIfProgress(
  figures: ScoringFigures,
  ruleSet: RuleSet,
  targetPoints: number,
  options: { readonly indicatorId?: string } = {},
): WhatIfProgressResult {
  assertScoringFigures(figures);
  const indicatorId = options.indicatorId ?? PROGRESS_INDICATOR_ID;
  const indicator = ruleSet.indicators.find((candidate) => candidate.id === indicatorId);
  if (!indicator) throw new RangeError(`${ruleSetRef(ruleSet)}: no indicator '${indicatorId}' for a what-if`);
  if (indicator.formula.kind !== 'ratio') {
    throw new RangeError(`${ruleSetRef(ruleSet)}: indicator '${indicatorId}' is not a ratio; no what-if`);
  }
  if (typeof targetPoints !== 'number' || !Number.isFinite(targetPoints) || targetPoints < 0) {
    throw new RangeError(`targetPoints must be a finite number >= 0, got ${String(targetPoints)}`);
  }
  const pointsWith = (onTime: number) => {
    const score = evaluateIndicator(indicator, projectFigures(figures, onTime), ruleSet.precision);
    return score.notAvailable ? null : score.points;
  };
  const current = evaluateIndicator(indicator, figures, ruleSet.precision);
  const candidates = figures.pending.inTime;
  const none = pointsWith(0);
  const all = pointsWith(candidates);
  const base = {
    ruleSetRef: ruleSetRef(ruleSet),
    indicatorId,
    targetPoints,
    maxPoints: indicator.maxPoints,
    currentPoints: current.notAvailable ? null : current.points,
    candidates,
    pointsIfNoneOnTime: none,
    pointsIfAllOnTime: all,
    assumed: true as const,
  };
  const impossible = (reason: string): WhatIfProgressResult => ({ ...base, required: null, possible: false, reason });

  if (targetPoints > indicator.maxPoints) {
    return impossible(`target ${targetPoints} is above the indicator's maximum ${indicator.maxPoints}`);
  }
  if (none === null || all === null)
    return impossible(`the indicator is not available: ${current.reason ?? 'no figures'}`);
  if (none >= targetPoints) return { ...base, required: 0, possible: true, reason: null };
  if (all < targetPoints) {
    return impossible(
      `even if all ${candidates} pending in-time dossiers finish on time the indicator reaches only ${all}`,
    );
  }
  // Invariant: pointsWith(low) < target <= pointsWith(high).
  let low = 0;
  let high = candidates;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if ((pointsWith(middle) ?? 0) >= targetPoints) high = middle;
    else low = middle;
  }
  return { ...base, required: high, possible: true, reason: null };
}
