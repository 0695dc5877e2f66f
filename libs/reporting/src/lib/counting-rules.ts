/**
 * Counting rules: the choices vendors make differently (docs/domain.md §3, §8), as data.
 * Every fact, contribution set, store and report carries the id of the rules that produced it.
 */
export interface CountingRules {
  /** Which date finishes a resolved dossier: processing finished (DossierResolved) or result handed back (ResultReturned). */
  readonly finishOn: 'processingFinished' | 'resultReturned';
  /** Which unit owns (counts) a dossier: the receiving unit, or the unit of the last transfer (liên thông). */
  readonly owner: 'receivingUnit' | 'resolvingUnit';
  /** One vendor folds returned (trả lại) and withdrawn (rút) dossiers into "resolved on time". Read-time only. */
  readonly foldReturnedIntoOnTime: boolean;
}

export const DEFAULT_COUNTING_RULES: CountingRules = Object.freeze({
  finishOn: 'processingFinished',
  owner: 'receivingUnit',
  foldReturnedIntoOnTime: false,
});

export const DEFAULT_COUNTING_RULES_ID = 'vn-default-v1';

/**
 * Stable id of a rule set: `vn-default-v1` for the default, otherwise `vn-v1` followed by each option
 * that differs from the default, in a fixed order (e.g. `vn-v1+finish=resultReturned+foldReturned`).
 */
export function countingRulesId(rules: CountingRules): string {
  let id = idCache.get(rules);
  if (id === undefined) {
    id = buildId(rules);
    idCache.set(rules, id);
  }
  return id;
}

// Ids are asked for on every fold: memoised per rules object (rules are treated as immutable).
const idCache = new WeakMap<CountingRules, string>();
const basisCache = new WeakMap<CountingRules, string>();

function buildId(rules: CountingRules): string {
  const parts: string[] = [];
  if (rules.finishOn !== DEFAULT_COUNTING_RULES.finishOn) parts.push(`finish=${rules.finishOn}`);
  if (rules.owner !== DEFAULT_COUNTING_RULES.owner) parts.push(`owner=${rules.owner}`);
  if (rules.foldReturnedIntoOnTime) parts.push('foldReturned');
  return parts.length === 0 ? DEFAULT_COUNTING_RULES_ID : `vn-v1+${parts.join('+')}`;
}

/**
 * Id of the options that shape facts and buckets (finishOn, owner). `foldReturnedIntoOnTime` only changes
 * how a report is read, so one counter store serves both of its values.
 */
export function countingBasisId(rules: CountingRules): string {
  let id = basisCache.get(rules);
  if (id === undefined) {
    id = buildId({ ...rules, foldReturnedIntoOnTime: false });
    basisCache.set(rules, id);
  }
  return id;
}
