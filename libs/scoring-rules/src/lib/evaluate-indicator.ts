import { type FigurePath, type ScoringFigures, readFigure } from './figures';
import { roundTo } from './rounding';
import type { Comparison, ComparisonOp, Formula, Indicator, RatioFormula, Threshold } from './rule-set.types';

/** One indicator's result inside a {@link Score}. Self-contained: `explain` needs nothing else. */
export interface IndicatorScore {
  readonly indicatorId: string;
  readonly group: string;
  readonly title: string;
  /** Rounded to the rule set's precision. */
  readonly points: number;
  readonly maxPoints: number;
  /** maxPoints − points (a not-available indicator loses all its points). */
  readonly lost: number;
  /** The ratio for ratio formulas (unrounded; may exceed 1, e.g. progress with carried-over dossiers); else null. */
  readonly value: number | null;
  /** The figures read, by path (absent figures are in `missingFigures`). */
  readonly figuresUsed: Readonly<Partial<Record<FigurePath, number>>>;
  readonly missingFigures: readonly FigurePath[];
  /** The formula is not given by an official text. */
  readonly assumed: boolean;
  /** The points come (or would come) from a manual input: a manual indicator, or a fallback to one. */
  readonly manual: boolean;
  /** No points could be computed: a figure is absent, a denominator is 0, or a manual input is missing. */
  readonly notAvailable: boolean;
  /** Why the indicator is manual or not available, or how an edge case was decided; null otherwise. */
  readonly reason: string | null;
  readonly formula: Formula;
  readonly source: string;
  /** Figures whose dossiers cost points (from the rule set), with their counts (null when absent). */
  readonly lostBy: readonly { readonly path: FigurePath; readonly count: number | null }[];
}

export type ManualInputs = Readonly<Record<string, number>>;

function sum(figures: ScoringFigures, list: readonly FigurePath[]): number {
  let total = 0;
  for (const path of list) total += readFigure(figures, path) ?? 0;
  return total;
}

/** The numerator of a ratio: its figures less those of `numeratorMinus`, each summed by `sumOf`. */
export function ratioNumerator(formula: RatioFormula, sumOf: (paths: readonly FigurePath[]) => number): number {
  return sumOf(formula.numerator) - sumOf(formula.numeratorMinus ?? []);
}

export function compare(left: number, op: ComparisonOp, right: number): boolean {
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
  }
}

/** The comparison's two sides for these figures. */
export function comparisonSides(figures: ScoringFigures, comparison: Comparison): { left: number; right: number } {
  const right = typeof comparison.right === 'number' ? comparison.right : sum(figures, comparison.right);
  return { left: sum(figures, comparison.left), right };
}

export function thresholdReached(threshold: Threshold, value: number): boolean {
  return 'above' in threshold ? value > threshold.above : value >= threshold.atLeast;
}

/** Unrounded points of a ratio formula for a ratio value. */
export function ratioPoints(formula: RatioFormula, maxPoints: number, value: number): number {
  if (formula.scale === 'linear') {
    const zeroAt = formula.zeroAt ?? 0;
    const fullAt = formula.fullAt ?? 1;
    const share = Math.min(1, Math.max(0, (value - zeroAt) / (fullAt - zeroAt)));
    return maxPoints * share;
  }
  const reached = formula.thresholds.find((threshold) => thresholdReached(threshold, value));
  return reached ? reached.points : 0;
}

interface Outcome {
  readonly points: number;
  readonly value: number | null;
  readonly manual: boolean;
  readonly notAvailable: boolean;
  readonly reason: string | null;
}

function fromManual(indicator: Indicator, inputs: ManualInputs, why: string): Outcome {
  const input = Object.prototype.hasOwnProperty.call(inputs, indicator.id) ? inputs[indicator.id] : undefined;
  if (input === undefined) {
    return { points: 0, value: null, manual: true, notAvailable: true, reason: `${why}; manual input missing` };
  }
  return { points: input, value: null, manual: true, notAvailable: false, reason: `${why}; manual input` };
}

function outcome(
  indicator: Indicator,
  figures: ScoringFigures,
  inputs: ManualInputs,
  missing: readonly FigurePath[],
): Outcome {
  const { formula } = indicator;
  if (formula.kind === 'manual') return fromManual(indicator, inputs, 'manual indicator');
  if (missing.length > 0) {
    const why = `figures absent: ${missing.join(', ')}`;
    if (indicator.onMissing === 'manual') return fromManual(indicator, inputs, why);
    return { points: 0, value: null, manual: false, notAvailable: true, reason: why };
  }
  switch (formula.kind) {
    case 'fixed':
      return { points: formula.points, value: null, manual: false, notAvailable: false, reason: null };
    case 'condition': {
      const holds = formula.all.every((comparison) => {
        const { left, right } = comparisonSides(figures, comparison);
        return compare(left, comparison.op, right);
      });
      return { points: holds ? indicator.maxPoints : 0, value: null, manual: false, notAvailable: false, reason: null };
    }
    case 'ratio': {
      const denominator = sum(figures, formula.denominator) * (formula.denominatorMultiplier ?? 1);
      if (denominator === 0) {
        const rule = formula.onZeroDenominator ?? 'notAvailable';
        const why = 'denominator is 0';
        switch (rule) {
          case 'manual':
            return fromManual(indicator, inputs, why);
          case 'full':
            return {
              points: indicator.maxPoints,
              value: null,
              manual: false,
              notAvailable: false,
              reason: `${why}: full points`,
            };
          case 'zero':
            return { points: 0, value: null, manual: false, notAvailable: false, reason: `${why}: no points` };
          case 'notAvailable':
            return { points: 0, value: null, manual: false, notAvailable: true, reason: why };
        }
      }
      const value = ratioNumerator(formula, (paths) => sum(figures, paths)) / denominator;
      return {
        points: ratioPoints(formula, indicator.maxPoints, value),
        value,
        manual: false,
        notAvailable: false,
        reason: null,
      };
    }
  }
}

/**
 * Scores one indicator. Manual inputs must already be validated (0..maxPoints); see `scoreUnit`.
 * Points are rounded half up to `precision` decimals.
 */
export function evaluateIndicator(
  indicator: Indicator,
  figures: ScoringFigures,
  precision: number,
  inputs: ManualInputs = {},
): IndicatorScore {
  const figuresUsed: Partial<Record<FigurePath, number>> = {};
  const missingFigures: FigurePath[] = [];
  for (const path of indicator.reads) {
    const value = readFigure(figures, path);
    if (value === undefined) missingFigures.push(path);
    else figuresUsed[path] = value;
  }
  const result = outcome(indicator, figures, inputs, missingFigures);
  const points = roundTo(Math.min(indicator.maxPoints, Math.max(0, result.points)), precision);
  return {
    indicatorId: indicator.id,
    group: indicator.group,
    title: indicator.title,
    points,
    maxPoints: indicator.maxPoints,
    lost: roundTo(indicator.maxPoints - points, precision),
    value: result.value,
    figuresUsed,
    missingFigures,
    assumed: indicator.assumed,
    manual: result.manual,
    notAvailable: result.notAvailable,
    reason: result.reason,
    formula: indicator.formula,
    source: indicator.source,
    lostBy: (indicator.lostBy ?? []).map((path) => ({ path, count: readFigure(figures, path) ?? null })),
  };
}
