import type { IndicatorScore, ManualInputs } from '../lib/evaluate-indicator';
import type { FigurePath, ScoringFigures } from '../lib/figures';
import type { RuleSet } from '../lib/rule-set.types';
import { scoreUnit } from '../lib/score-unit';
import { setFigures, zeroFigures } from './figures.fixture';

/** One indicator's score for these figures. */
export function indicatorScore(
  ruleSet: RuleSet,
  id: string,
  figures: ScoringFigures,
  inputs: ManualInputs = {},
): IndicatorScore {
  const found = scoreUnit(figures, ruleSet, inputs).indicators.find((score) => score.indicatorId === id);
  if (!found) throw new Error(`no indicator ${id} in ${ruleSet.id}@${ruleSet.version}`);
  return found;
}

/** Zero figures with these figures set. */
export function only(values: Partial<Record<FigurePath, number | undefined>>): ScoringFigures {
  return setFigures(zeroFigures(), values);
}
