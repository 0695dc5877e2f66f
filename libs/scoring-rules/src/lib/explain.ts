import { type IndicatorScore, compare, thresholdReached } from './evaluate-indicator';
import type { FigurePath } from './figures';
import type { Comparison, Formula, Threshold } from './rule-set.types';
import type { Score } from './score-unit';

export interface Explanation extends IndicatorScore {
  readonly ruleSetRef: string;
  /** The formula in words. */
  readonly formulaText: string;
  /** Step by step: figures used, the value, the step or line reached, points earned and lost. */
  readonly steps: readonly string[];
}

const OP_TEXT: Record<Comparison['op'], string> = { eq: '=', ne: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥' };

function percent(value: number): string {
  return `${+(value * 100).toFixed(2)} %`;
}

function sumText(paths: readonly FigurePath[]): string {
  return paths.length === 1 ? paths[0] : `(${paths.join(' + ')})`;
}

function thresholdText(threshold: Threshold): string {
  return 'above' in threshold
    ? `> ${percent(threshold.above)} → ${threshold.points}`
    : `≥ ${percent(threshold.atLeast)} → ${threshold.points}`;
}

function comparisonText(comparison: Comparison): string {
  const right = typeof comparison.right === 'number' ? String(comparison.right) : sumText(comparison.right);
  return `${sumText(comparison.left)} ${OP_TEXT[comparison.op]} ${right}`;
}

/** The formula in words, e.g. `ratio (resolved.early + resolved.onTime) / resolved.total; steps ≥ 95 % → 3, …`. */
export function describeFormula(formula: Formula, maxPoints: number): string {
  switch (formula.kind) {
    case 'fixed':
      return `fixed ${formula.points} points`;
    case 'manual':
      return `manual input, 0 to ${maxPoints} points`;
    case 'condition':
      return `${maxPoints} points when ${formula.all.map(comparisonText).join(' and ')}, else 0`;
    case 'ratio': {
      const multiplier = formula.denominatorMultiplier ?? 1;
      const denominator =
        multiplier === 1 ? sumText(formula.denominator) : `(${sumText(formula.denominator)} × ${multiplier})`;
      const minus = formula.numeratorMinus ?? [];
      const numerator =
        minus.length === 0 ? sumText(formula.numerator) : `(${[formula.numerator.join(' + '), ...minus].join(' − ')})`;
      const ratio = `ratio ${numerator} / ${denominator}`;
      const zero = formula.onZeroDenominator ?? 'notAvailable';
      const zeroText = `; denominator 0 → ${zero}`;
      if (formula.scale === 'threshold') {
        const last = formula.thresholds[formula.thresholds.length - 1];
        const floor = 'atLeast' in last && last.atLeast === 0 ? '' : ', else 0';
        return `${ratio}; steps ${formula.thresholds.map(thresholdText).join(', ')}${floor}${zeroText}`;
      }
      const zeroAt = formula.zeroAt ?? 0;
      const fullAt = formula.fullAt ?? 1;
      const line =
        zeroAt === 0 && fullAt === 1
          ? `${maxPoints} × ratio (capped at ${maxPoints})`
          : `${maxPoints} × (ratio − ${percent(zeroAt)}) / (${percent(fullAt)} − ${percent(zeroAt)}), between 0 and ${maxPoints}`;
      return `${ratio}; points = ${line}${zeroText}`;
    }
  }
}

function figureLines(score: IndicatorScore): string[] {
  const lines: string[] = [];
  const used = Object.entries(score.figuresUsed);
  if (used.length > 0) lines.push(`figures: ${used.map(([path, value]) => `${path} = ${value}`).join(', ')}`);
  if (score.missingFigures.length > 0) lines.push(`absent figures: ${score.missingFigures.join(', ')}`);
  return lines;
}

function total(score: IndicatorScore, paths: readonly FigurePath[]): number {
  return paths.reduce((acc, path) => acc + (score.figuresUsed[path] ?? 0), 0);
}

function computationLines(score: IndicatorScore): string[] {
  const { formula } = score;
  if (score.manual || score.notAvailable || (formula.kind === 'ratio' && score.value === null)) {
    return score.reason === null ? [] : [score.reason];
  }
  switch (formula.kind) {
    case 'fixed':
    case 'manual':
      return [];
    case 'condition':
      return formula.all.map((comparison) => {
        const left = total(score, comparison.left);
        const right = typeof comparison.right === 'number' ? comparison.right : total(score, comparison.right);
        const holds = compare(left, comparison.op, right) ? 'holds' : 'fails';
        return `condition ${comparisonText(comparison)}: ${left} ${OP_TEXT[comparison.op]} ${right} → ${holds}`;
      });
    case 'ratio': {
      if (score.value === null) return [];
      const minus = total(score, formula.numeratorMinus ?? []);
      const numerator =
        minus === 0 ? String(total(score, formula.numerator)) : `(${total(score, formula.numerator)} − ${minus})`;
      const denominator = total(score, formula.denominator) * (formula.denominatorMultiplier ?? 1);
      const lines = [`ratio = ${numerator} / ${denominator} = ${percent(score.value)}`];
      if (formula.scale === 'threshold') {
        const reached = formula.thresholds.find((threshold) => thresholdReached(threshold, score.value as number));
        lines.push(reached ? `step reached: ${thresholdText(reached)}` : 'no step reached → 0');
      }
      return lines;
    }
  }
}

/**
 * Explains one indicator of a score: its formula in words, the figures used, the value, the points
 * earned and lost, which figures' dossiers cost the points, and whether the formula is assumed.
 * Works from the score alone, so a stored score can be explained after its rule set changed.
 *
 * @throws RangeError when the score has no such indicator.
 */
export function explain(score: Score, indicatorId: string): Explanation {
  const indicator = score.indicators.find((candidate) => candidate.indicatorId === indicatorId);
  if (!indicator) {
    throw new RangeError(
      `${score.ruleSetRef}: no indicator '${indicatorId}' (known: ${score.indicators.map((item) => item.indicatorId).join(', ')})`,
    );
  }
  const formulaText = describeFormula(indicator.formula, indicator.maxPoints);
  const steps = [`formula: ${formulaText}`, ...figureLines(indicator), ...computationLines(indicator)];
  if (indicator.notAvailable) steps.push(`not available: 0 of ${indicator.maxPoints} points`);
  else steps.push(`points: ${indicator.points} of ${indicator.maxPoints}, lost ${indicator.lost}`);
  if (indicator.lost > 0 && indicator.lostBy.length > 0) {
    const list = indicator.lostBy.map(({ path, count }) => (count === null ? path : `${path} (${count})`));
    steps.push(`dossiers that cost points: ${list.join(', ')}`);
  }
  steps.push(
    indicator.assumed ? `ASSUMED formula (no official text): ${indicator.source}` : `source: ${indicator.source}`,
  );
  return { ...indicator, ruleSetRef: score.ruleSetRef, formulaText, steps };
}
