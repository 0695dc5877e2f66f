import { type IndicatorScore, type ManualInputs, evaluateIndicator } from './evaluate-indicator';
import { type ScoringFigures, assertScoringFigures } from './figures';
import { checkOnlineTargets, type OnlineTargetsCheck, type RuntimeOnlineTarget } from './online-targets';
import { roundTo } from './rounding';
import { type Band, type RuleSet, ruleSetRef } from './rule-set.types';

export interface GroupScore {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  readonly maxPoints: number;
  readonly lost: number;
}

export interface Score {
  readonly ruleSetId: string;
  readonly ruleSetVersion: number;
  /** `id@version`: store it with the score; `resolveRuleSet(id, date, version)` gives the same rules back. */
  readonly ruleSetRef: string;
  readonly ruleSetTitle: string;
  /** Sum of the indicators' points, rounded to the rule set's precision. */
  readonly total: number;
  /** The rule set's totalPoints (100 for 766). */
  readonly maxPoints: number;
  /** Sum of maxPoints over the indicators that are not `notAvailable`. */
  readonly availablePoints: number;
  /**
   * The band the total falls in; null when the rule set has no bands, and null when the score is not
   * complete: a total missing indicators ("not available") would read as a lower band than the unit
   * earned (a perfect unit without its manual inputs is not "average"). `notAvailable` says what is missing.
   */
  readonly band: Band | null;
  readonly groups: readonly GroupScore[];
  readonly indicators: readonly IndicatorScore[];
  /** No indicator is `notAvailable`. */
  readonly complete: boolean;
  /** Ids of the indicators that are not available (absent figure, zero denominator, missing manual input). */
  readonly notAvailable: readonly string[];
  /** Ids of the indicators waiting for a manual input. */
  readonly missingManualInputs: readonly string[];
  /** Manual inputs given for indicators that did not use them (computed from figures). */
  readonly ignoredManualInputs: readonly string[];
  /** Some indicator's formula, or the band, is assumed (not from an official text). */
  readonly assumed: boolean;
  /** Whether the unit met its level's online targets (null: the rule set has none, or the level is not given). */
  readonly onlineTargets: OnlineTargetsCheck | null;
}

export class ManualInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ManualInputError';
  }
}

function checkManualInputs(ruleSet: RuleSet, inputs: ManualInputs): ManualInputs {
  const checked: Record<string, number> = {};
  for (const [id, value] of Object.entries(inputs)) {
    const indicator = ruleSet.indicators.find((candidate) => candidate.id === id);
    if (!indicator) {
      throw new ManualInputError(`${ruleSetRef(ruleSet)}: manual input '${id}': no such indicator`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > indicator.maxPoints) {
      throw new ManualInputError(
        `${ruleSetRef(ruleSet)}: manual input '${id}': must be a number between 0 and ${indicator.maxPoints}, got ${String(value)}`,
      );
    }
    checked[id] = value;
  }
  return checked;
}

/** The band a total falls in: the first (highest) band whose `atLeast` the total reaches. */
export function bandFor(ruleSet: RuleSet, total: number): Band | null {
  return ruleSet.bands.find((band) => total >= band.atLeast) ?? null;
}

/**
 * Scores one unit's figures for one window with a rule set (pure).
 *
 * @param manualInputs points per indicator id for manual indicators (and indicators that fall back to a
 *   manual input); each must be between 0 and the indicator's maxPoints.
 * @param options.unitLevel the unit's level (province / district / commune), to check its online targets.
 * @param options.onlineTarget the level's targets decided at run time, instead of the rule set's numbers.
 * @throws FiguresError when a figure is missing, negative or not a count.
 * @throws ManualInputError when an input names no indicator or is out of range.
 */
export function scoreUnit(
  figures: ScoringFigures,
  ruleSet: RuleSet,
  manualInputs: ManualInputs = {},
  options: { readonly unitLevel?: string; readonly onlineTarget?: RuntimeOnlineTarget } = {},
): Score {
  assertScoringFigures(figures);
  const inputs = checkManualInputs(ruleSet, manualInputs);
  const { precision } = ruleSet;
  const indicators = ruleSet.indicators.map((indicator) => evaluateIndicator(indicator, figures, precision, inputs));

  const groups = ruleSet.groups.map((group): GroupScore => {
    const points = roundTo(
      indicators.filter((score) => score.group === group.id).reduce((acc, score) => acc + score.points, 0),
      precision,
    );
    return {
      id: group.id,
      title: group.title,
      points,
      maxPoints: group.maxPoints,
      lost: roundTo(group.maxPoints - points, precision),
    };
  });
  const total = roundTo(
    indicators.reduce((acc, score) => acc + score.points, 0),
    precision,
  );
  const available = indicators.filter((score) => !score.notAvailable);
  const complete = available.length === indicators.length;
  const band = complete ? bandFor(ruleSet, total) : null;
  const usedInputs = new Set(
    indicators.filter((score) => score.manual && !score.notAvailable).map((score) => score.indicatorId),
  );

  return {
    ruleSetId: ruleSet.id,
    ruleSetVersion: ruleSet.version,
    ruleSetRef: ruleSetRef(ruleSet),
    ruleSetTitle: ruleSet.title,
    total,
    maxPoints: ruleSet.totalPoints,
    availablePoints: roundTo(
      available.reduce((acc, score) => acc + score.maxPoints, 0),
      precision,
    ),
    band,
    groups,
    indicators,
    complete,
    notAvailable: indicators.filter((score) => score.notAvailable).map((score) => score.indicatorId),
    missingManualInputs: indicators
      .filter((score) => score.manual && score.notAvailable)
      .map((score) => score.indicatorId),
    ignoredManualInputs: Object.keys(inputs).filter((id) => !usedInputs.has(id)),
    assumed: indicators.some((score) => score.assumed) || (band?.assumed ?? false),
    onlineTargets: checkOnlineTargets(ruleSet.onlineTargets, options.unitLevel, figures, options.onlineTarget),
  };
}
