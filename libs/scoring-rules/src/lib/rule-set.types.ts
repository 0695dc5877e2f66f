import type { FigurePath } from './figures';
import type { OnlineTargets } from './online-targets';

import type { LocalDate } from '@dossier-ledger/calendar';

/** One step of a step scale: reached when the ratio is `>= atLeast` (or `> above`). Exactly one is set. */
export type Threshold =
  { readonly atLeast: number; readonly points: number } | { readonly above: number; readonly points: number };

/** What a ratio indicator earns when its denominator is 0. */
export type ZeroDenominatorRule = 'notAvailable' | 'manual' | 'full' | 'zero';

/**
 * `value = (sum(numerator) − sum(numeratorMinus)) / (sum(denominator) × denominatorMultiplier)`.
 * - `linear`: `points = maxPoints × clamp((value − zeroAt) / (fullAt − zeroAt), 0, 1)`
 *   (defaults zeroAt 0, fullAt 1: `maxPoints × value`, capped at maxPoints).
 * - `threshold`: the points of the first threshold reached, thresholds sorted from the highest bound
 *   down; 0 when none is reached.
 */
export type RatioFormula =
  | (RatioBase & { readonly scale: 'linear'; readonly zeroAt?: number; readonly fullAt?: number })
  | (RatioBase & { readonly scale: 'threshold'; readonly thresholds: readonly Threshold[] });

interface RatioBase {
  readonly kind: 'ratio';
  readonly numerator: readonly FigurePath[];
  /**
   * Figures taken off the numerator: parts of its populations that the rule judges otherwise (e.g. 766
   * progress: good on the form, late after more than one supplement request). Default none.
   */
  readonly numeratorMinus?: readonly FigurePath[];
  readonly denominator: readonly FigurePath[];
  /** e.g. 5 to turn a sum of 1–5 ratings over a count into a share. Default 1. */
  readonly denominatorMultiplier?: number;
  /** Default `notAvailable`. */
  readonly onZeroDenominator?: ZeroDenominatorRule;
}

/** Always `points` (≤ maxPoints). */
export interface FixedFormula {
  readonly kind: 'fixed';
  readonly points: number;
}

/** Points come from an input (0..maxPoints) given by a person through the API. */
export interface ManualFormula {
  readonly kind: 'manual';
}

export type ComparisonOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

/** `sum(left) op right`, where right is a number or the sum of other figures. */
export interface Comparison {
  readonly left: readonly FigurePath[];
  readonly op: ComparisonOp;
  readonly right: number | readonly FigurePath[];
}

/** All-or-nothing: maxPoints when every comparison holds, else 0 (e.g. `lateWithoutApology eq 0`). */
export interface ConditionFormula {
  readonly kind: 'condition';
  readonly all: readonly Comparison[];
}

export type Formula = RatioFormula | FixedFormula | ManualFormula | ConditionFormula;

/** When a figure the indicator reads is absent from the input: take a manual input, or "not available". */
export type MissingFigureRule = 'notAvailable' | 'manual';

export interface Indicator {
  readonly id: string;
  readonly group: string;
  /** Vietnamese title, as in the official text where there is one. */
  readonly title: string;
  readonly maxPoints: number;
  readonly formula: Formula;
  /** Exactly the figures the formula reads. */
  readonly reads: readonly FigurePath[];
  /** Figures whose dossiers cost points (the service lists those dossiers in explanations). */
  readonly lostBy?: readonly FigurePath[];
  /** Default `notAvailable`. */
  readonly onMissing?: MissingFigureRule;
  /** The official text (or other source) the indicator and its formula come from. */
  readonly source: string;
  /** True when no official text gives the formula. Shown in every score and explanation. */
  readonly assumed: boolean;
}

export interface Group {
  readonly id: string;
  readonly title: string;
  readonly maxPoints: number;
}

/** A band is reached when the total is `>= atLeast`; bands are sorted from the highest down to 0. */
export interface Band {
  readonly id: string;
  readonly title: string;
  readonly atLeast: number;
  readonly assumed: boolean;
}

export interface RuleSet {
  /** Short id used by the API: `766`, `par-dak-nong`, … */
  readonly id: string;
  /** Positive integer, unique per id. A published score records id and version. */
  readonly version: number;
  /** First day the version applies (inclusive). */
  readonly effectiveFrom: LocalDate;
  /** Last day the version applies (inclusive); null when open-ended. */
  readonly effectiveTo: LocalDate | null;
  readonly title: string;
  readonly source: string;
  /** Sum of the groups' maxPoints (100 for a full index; less for a subset such as PAR's dossier criteria). */
  readonly totalPoints: number;
  /** Decimal places points and totals are rounded to (half up). */
  readonly precision: number;
  readonly groups: readonly Group[];
  readonly indicators: readonly Indicator[];
  /** Empty when the rule set has no bands (e.g. a subset of an index). */
  readonly bands: readonly Band[];
  /** Online shares each level should reach; null when the rule set sets none. */
  readonly onlineTargets: OnlineTargets | null;
}

/** `id@version`, e.g. `766@1`. */
export function ruleSetRef(ruleSet: Pick<RuleSet, 'id' | 'version'>): string {
  return `${ruleSet.id}@${ruleSet.version}`;
}
