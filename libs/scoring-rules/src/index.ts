export {
  FIGURE_PATHS,
  FiguresError,
  OPTIONAL_FIGURE_PATHS,
  assertScoringFigures,
  isFigurePath,
  readFigure,
  type FigurePath,
  type ScoringFigures,
} from './lib/figures';

export {
  ruleSetRef,
  type Band,
  type Comparison,
  type ComparisonOp,
  type ConditionFormula,
  type FixedFormula,
  type Formula,
  type Group,
  type Indicator,
  type ManualFormula,
  type MissingFigureRule,
  type RatioFormula,
  type RuleSet,
  type Threshold,
  type ZeroDenominatorRule,
} from './lib/rule-set.types';

export { RuleSetError, formulaPaths, parseRuleSet } from './lib/rule-set.schema';

export {
  BUNDLED_RULE_SET_DATA,
  DEFAULT_RULE_SET_ID,
  RuleSetCatalog,
  RuleSetNotFoundError,
  defaultRuleSetCatalog,
  resolveRuleSet,
} from './lib/rule-set-catalog';

export { evaluateIndicator, type IndicatorScore, type ManualInputs } from './lib/evaluate-indicator';

export { ManualInputError, bandFor, scoreUnit, type GroupScore, type Score } from './lib/score-unit';

export { describeFormula, explain, type Explanation } from './lib/explain';

export { rankPeers, type PeerRank, type PeerTotal } from './lib/rank-peers';

export { PROGRESS_INDICATOR_ID, projectFigures, whatIfProgress, type WhatIfProgressResult } from './lib/what-if';

export { roundTo } from './lib/rounding';

export {
  checkOnlineTargets,
  type OnlineTarget,
  type OnlineTargets,
  type OnlineTargetsCheck,
  type RuntimeOnlineTarget,
  type TargetCheck,
} from './lib/online-targets';
export { mergeRuleSetData, type NamedRuleSetData } from './lib/merge-rule-set-data';
