import { isIsoLocalDate, type LocalDate } from '@dossier-ledger/calendar';
import { type FigurePath, isFigurePath } from './figures';
import { onlineTargetsIssues, type OnlineTargets } from './online-targets';
import { hasAtMostDecimals } from './rounding';
import type {
  Band,
  Comparison,
  ComparisonOp,
  Formula,
  Group,
  Indicator,
  MissingFigureRule,
  RuleSet,
  Threshold,
  ZeroDenominatorRule,
} from './rule-set.types';

/**
 * A rule set that cannot be used. The message names the rule set and the place, one problem per line:
 * `766@2: indicator progress: maxPoints must be > 0`.
 */
export class RuleSetError extends Error {
  constructor(
    message: string,
    /** Every problem found, each prefixed with `id@version`. */
    readonly issues: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'RuleSetError';
  }
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const COMPARISON_OPS: readonly ComparisonOp[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'];
const ZERO_RULES: readonly ZeroDenominatorRule[] = ['notAvailable', 'manual', 'full', 'zero'];
const MISSING_RULES: readonly MissingFigureRule[] = ['notAvailable', 'manual'];
const MAX_PRECISION = 4;
/** Tolerance for sums of decimal points (e.g. 1.6 + 0.4). */
const SUM_EPSILON = 1e-9;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Collects problems with their location; the rule set is rejected when there is at least one. */
class Issues {
  readonly list: string[] = [];
  constructor(private readonly ref: string) {}

  add(where: string, problem: string): void {
    this.list.push(where ? `${this.ref}: ${where}: ${problem}` : `${this.ref}: ${problem}`);
  }

  unknownKeys(where: string, value: Json, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(where, `unknown key '${key}'`);
    }
  }
}

function paths(issues: Issues, where: string, field: string, value: unknown, allowEmpty = false): FigurePath[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    issues.add(where, `${field} must be a${allowEmpty ? 'n' : ' non-empty'} array of figure paths`);
    return [];
  }
  const result: FigurePath[] = [];
  for (const path of value) {
    if (isFigurePath(path)) result.push(path);
    else issues.add(where, `${field}: unknown figure path '${String(path)}'`);
  }
  if (new Set(result).size !== result.length) issues.add(where, `${field} lists a figure path twice`);
  return result;
}

function bound(threshold: Threshold): { value: number; strict: boolean } {
  return 'above' in threshold ? { value: threshold.above, strict: true } : { value: threshold.atLeast, strict: false };
}

/** Positive when `a` is a stricter (higher) bound than `b`: higher value, or same value and strict. */
function compareBounds(a: Threshold, b: Threshold): number {
  const x = bound(a);
  const y = bound(b);
  if (x.value !== y.value) return x.value - y.value;
  return Number(x.strict) - Number(y.strict);
}

function parseThresholds(
  issues: Issues,
  where: string,
  value: unknown,
  maxPoints: number,
  precision: number,
): Threshold[] {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(where, 'thresholds must be a non-empty array');
    return [];
  }
  const result: Threshold[] = [];
  value.forEach((raw: unknown, index) => {
    const at = `${where}: thresholds[${index}]`;
    if (!isObject(raw)) {
      issues.add(at, 'must be an object');
      return;
    }
    issues.unknownKeys(at, raw, ['atLeast', 'above', 'points']);
    const hasAtLeast = 'atLeast' in raw;
    const hasAbove = 'above' in raw;
    if (hasAtLeast === hasAbove) {
      issues.add(at, "must have exactly one of 'atLeast' and 'above'");
      return;
    }
    const boundValue = hasAtLeast ? raw['atLeast'] : raw['above'];
    if (!isFiniteNumber(boundValue) || boundValue < 0) {
      issues.add(at, `${hasAtLeast ? 'atLeast' : 'above'} must be a finite number >= 0`);
      return;
    }
    const points = raw['points'];
    if (!isFiniteNumber(points) || points < 0 || points > maxPoints) {
      issues.add(at, `points must be between 0 and maxPoints (${maxPoints})`);
      return;
    }
    if (!hasAtMostDecimals(points, precision)) issues.add(at, `points must have at most ${precision} decimals`);
    result.push(hasAtLeast ? { atLeast: boundValue, points } : { above: boundValue, points });
  });
  for (let i = 1; i < result.length; i++) {
    const previous = result[i - 1];
    const current = result[i];
    if (compareBounds(previous, current) <= 0) {
      issues.add(where, `thresholds must be sorted by bound, highest first, without duplicates (thresholds[${i}])`);
    } else if (current.points > previous.points) {
      issues.add(where, `thresholds: points must not rise as the bound falls (thresholds[${i}])`);
    }
  }
  return result;
}

function parseComparison(issues: Issues, where: string, raw: unknown): Comparison | undefined {
  if (!isObject(raw)) {
    issues.add(where, 'must be an object');
    return undefined;
  }
  issues.unknownKeys(where, raw, ['left', 'op', 'right']);
  const left = paths(issues, where, 'left', raw['left']);
  const op = raw['op'];
  if (!COMPARISON_OPS.includes(op as ComparisonOp)) {
    issues.add(where, `op must be one of ${COMPARISON_OPS.join(', ')}`);
    return undefined;
  }
  const rightRaw = raw['right'];
  let right: number | FigurePath[];
  if (isFiniteNumber(rightRaw)) right = rightRaw;
  else if (Array.isArray(rightRaw)) right = paths(issues, where, 'right', rightRaw);
  else {
    issues.add(where, 'right must be a number or an array of figure paths');
    return undefined;
  }
  return { left, op: op as ComparisonOp, right };
}

/** The figure paths a formula reads, in order of first use. */
export function formulaPaths(formula: Formula): FigurePath[] {
  const all: FigurePath[] = [];
  switch (formula.kind) {
    case 'ratio':
      all.push(...formula.numerator, ...(formula.numeratorMinus ?? []), ...formula.denominator);
      break;
    case 'condition':
      for (const comparison of formula.all) {
        all.push(...comparison.left);
        if (Array.isArray(comparison.right)) all.push(...(comparison.right as FigurePath[]));
      }
      break;
    case 'fixed':
    case 'manual':
      break;
  }
  return [...new Set(all)];
}

function parseFormula(
  issues: Issues,
  where: string,
  raw: unknown,
  maxPoints: number,
  precision: number,
): Formula | undefined {
  const at = `${where}: formula`;
  if (!isObject(raw)) {
    issues.add(at, 'must be an object');
    return undefined;
  }
  switch (raw['kind']) {
    case 'fixed': {
      issues.unknownKeys(at, raw, ['kind', 'points']);
      const points = raw['points'];
      if (!isFiniteNumber(points) || points < 0 || points > maxPoints) {
        issues.add(at, `points must be between 0 and maxPoints (${maxPoints})`);
        return undefined;
      }
      if (!hasAtMostDecimals(points, precision)) issues.add(at, `points must have at most ${precision} decimals`);
      return { kind: 'fixed', points };
    }
    case 'manual':
      issues.unknownKeys(at, raw, ['kind']);
      return { kind: 'manual' };
    case 'condition': {
      issues.unknownKeys(at, raw, ['kind', 'all']);
      const list = raw['all'];
      if (!Array.isArray(list) || list.length === 0) {
        issues.add(at, 'all must be a non-empty array of comparisons');
        return undefined;
      }
      const all: Comparison[] = [];
      list.forEach((item: unknown, index) => {
        const comparison = parseComparison(issues, `${at}: all[${index}]`, item);
        if (comparison) all.push(comparison);
      });
      return { kind: 'condition', all };
    }
    case 'ratio': {
      issues.unknownKeys(at, raw, [
        'kind',
        'numerator',
        'numeratorMinus',
        'denominator',
        'denominatorMultiplier',
        'onZeroDenominator',
        'scale',
        'zeroAt',
        'fullAt',
        'thresholds',
      ]);
      const numerator = paths(issues, at, 'numerator', raw['numerator']);
      const denominator = paths(issues, at, 'denominator', raw['denominator']);
      const minus =
        'numeratorMinus' in raw ? { numeratorMinus: paths(issues, at, 'numeratorMinus', raw['numeratorMinus']) } : {};
      const overlap = (minus.numeratorMinus ?? []).filter((path) => numerator.includes(path));
      if (overlap.length > 0)
        issues.add(at, `numeratorMinus must not repeat a numerator figure: ${overlap.join(', ')}`);
      const base = { kind: 'ratio' as const, numerator, ...minus, denominator };
      const optional: { denominatorMultiplier?: number; onZeroDenominator?: ZeroDenominatorRule } = {};
      if ('denominatorMultiplier' in raw) {
        const multiplier = raw['denominatorMultiplier'];
        if (!isFiniteNumber(multiplier) || multiplier <= 0) issues.add(at, 'denominatorMultiplier must be > 0');
        else optional.denominatorMultiplier = multiplier;
      }
      if ('onZeroDenominator' in raw) {
        const rule = raw['onZeroDenominator'];
        if (!ZERO_RULES.includes(rule as ZeroDenominatorRule)) {
          issues.add(at, `onZeroDenominator must be one of ${ZERO_RULES.join(', ')}`);
        } else optional.onZeroDenominator = rule as ZeroDenominatorRule;
      }
      if (raw['scale'] === 'linear') {
        if ('thresholds' in raw) issues.add(at, "thresholds are only for scale 'threshold'");
        const zeroAt = 'zeroAt' in raw ? raw['zeroAt'] : 0;
        const fullAt = 'fullAt' in raw ? raw['fullAt'] : 1;
        if (!isFiniteNumber(zeroAt) || zeroAt < 0) issues.add(at, 'zeroAt must be a finite number >= 0');
        if (!isFiniteNumber(fullAt)) issues.add(at, 'fullAt must be a finite number');
        if (isFiniteNumber(zeroAt) && isFiniteNumber(fullAt) && !(fullAt > zeroAt)) {
          issues.add(at, 'fullAt must be > zeroAt');
        }
        const range: { zeroAt?: number; fullAt?: number } = {};
        if ('zeroAt' in raw && isFiniteNumber(zeroAt)) range.zeroAt = zeroAt;
        if ('fullAt' in raw && isFiniteNumber(fullAt)) range.fullAt = fullAt;
        return { ...base, ...optional, scale: 'linear', ...range };
      }
      if (raw['scale'] === 'threshold') {
        if ('zeroAt' in raw || 'fullAt' in raw) issues.add(at, "zeroAt/fullAt are only for scale 'linear'");
        const thresholds = parseThresholds(issues, at, raw['thresholds'], maxPoints, precision);
        return { ...base, ...optional, scale: 'threshold', thresholds };
      }
      issues.add(at, "scale must be 'linear' or 'threshold'");
      return undefined;
    }
    default:
      issues.add(at, "kind must be one of 'ratio', 'fixed', 'manual', 'condition'");
      return undefined;
  }
}

function parseIndicator(issues: Issues, raw: unknown, index: number, precision: number): Indicator | undefined {
  const rawId = isObject(raw) ? raw['id'] : undefined;
  const where = typeof rawId === 'string' && rawId ? `indicator ${rawId}` : `indicators[${index}]`;
  if (!isObject(raw)) {
    issues.add(where, 'must be an object');
    return undefined;
  }
  issues.unknownKeys(where, raw, [
    'id',
    'group',
    'title',
    'maxPoints',
    'formula',
    'reads',
    'lostBy',
    'onMissing',
    'source',
    'assumed',
  ]);
  const { id, group, title, maxPoints, source, assumed } = raw;
  // Problems that make the indicator unusable drop it; the others are reported and it is kept, so that
  // group sums are still checked.
  let ok = true;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    issues.add(where, 'id must be kebab-case (a-z, 0-9, -)');
    ok = false;
  }
  if (!isNonEmptyString(group)) {
    issues.add(where, 'group must be a group id');
    ok = false;
  }
  if (!isNonEmptyString(title)) issues.add(where, 'title must be a non-empty string');
  if (!isFiniteNumber(maxPoints) || maxPoints <= 0) {
    issues.add(where, 'maxPoints must be > 0');
    return undefined;
  }
  if (!hasAtMostDecimals(maxPoints, precision)) issues.add(where, `maxPoints must have at most ${precision} decimals`);
  if (!isNonEmptyString(source))
    issues.add(where, 'source must be a non-empty string (the official text, or why the formula is assumed)');
  if (typeof assumed !== 'boolean') issues.add(where, 'assumed must be true or false');
  let onMissing: MissingFigureRule | undefined;
  if ('onMissing' in raw) {
    if (!MISSING_RULES.includes(raw['onMissing'] as MissingFigureRule)) {
      issues.add(where, `onMissing must be one of ${MISSING_RULES.join(', ')}`);
    } else onMissing = raw['onMissing'] as MissingFigureRule;
  }
  const formula = parseFormula(issues, where, raw['formula'], maxPoints, precision);
  const reads = paths(issues, where, 'reads', raw['reads'], true);
  let lostBy: FigurePath[] | undefined;
  if ('lostBy' in raw) lostBy = paths(issues, where, 'lostBy', raw['lostBy'], true);
  if (!formula || !ok) return undefined;
  const used = formulaPaths(formula);
  const missing = used.filter((path) => !reads.includes(path));
  const unused = reads.filter((path) => !used.includes(path));
  if (missing.length > 0)
    issues.add(where, `reads must list every figure the formula uses; missing ${missing.join(', ')}`);
  if (unused.length > 0) issues.add(where, `reads lists figures the formula does not use: ${unused.join(', ')}`);
  return {
    id: id as string,
    group: group as string,
    title: String(title),
    maxPoints,
    formula,
    reads,
    ...(lostBy ? { lostBy } : {}),
    ...(onMissing ? { onMissing } : {}),
    source: String(source),
    assumed: assumed === true,
  };
}

function parseGroup(issues: Issues, raw: unknown, index: number, precision: number): Group | undefined {
  const rawId = isObject(raw) ? raw['id'] : undefined;
  const where = typeof rawId === 'string' && rawId ? `group ${rawId}` : `groups[${index}]`;
  if (!isObject(raw)) {
    issues.add(where, 'must be an object');
    return undefined;
  }
  issues.unknownKeys(where, raw, ['id', 'title', 'maxPoints']);
  const { id, title, maxPoints } = raw;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) issues.add(where, 'id must be kebab-case (a-z, 0-9, -)');
  else if (!isNonEmptyString(title)) issues.add(where, 'title must be a non-empty string');
  else if (!isFiniteNumber(maxPoints) || maxPoints <= 0) issues.add(where, 'maxPoints must be > 0');
  else {
    if (!hasAtMostDecimals(maxPoints, precision))
      issues.add(where, `maxPoints must have at most ${precision} decimals`);
    return { id, title, maxPoints };
  }
  return undefined;
}

function parseBands(issues: Issues, raw: unknown, totalPoints: number): Band[] {
  if (!Array.isArray(raw)) {
    issues.add('bands', 'must be an array (empty when the rule set has no bands)');
    return [];
  }
  const bands: Band[] = [];
  raw.forEach((item: unknown, index) => {
    const where = `bands[${index}]`;
    if (!isObject(item)) {
      issues.add(where, 'must be an object');
      return;
    }
    issues.unknownKeys(where, item, ['id', 'title', 'atLeast', 'assumed']);
    const { id, title, atLeast, assumed } = item;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) issues.add(where, 'id must be kebab-case (a-z, 0-9, -)');
    else if (!isNonEmptyString(title)) issues.add(where, 'title must be a non-empty string');
    else if (!isFiniteNumber(atLeast) || atLeast < 0 || atLeast > totalPoints) {
      issues.add(where, `atLeast must be between 0 and totalPoints (${totalPoints})`);
    } else if (typeof assumed !== 'boolean') issues.add(where, 'assumed must be true or false');
    else bands.push({ id, title, atLeast, assumed });
  });
  if (new Set(bands.map((band) => band.id)).size !== bands.length) issues.add('bands', 'band ids must be unique');
  for (let i = 1; i < bands.length; i++) {
    if (!(bands[i].atLeast < bands[i - 1].atLeast)) {
      issues.add('bands', `must be sorted by atLeast, highest first, without duplicates (bands[${i}])`);
    }
  }
  if (bands.length > 0 && bands[bands.length - 1].atLeast !== 0) {
    issues.add('bands', 'the last band must have atLeast 0 so that every total has a band');
  }
  return bands;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/**
 * Validates a rule set read from a data file (JSON/YAML, so `unknown`) and returns a frozen, typed copy.
 * Throws {@link RuleSetError} listing every problem: unknown keys, ids, dates, points, formula shape,
 * thresholds order, figure paths, `reads` ≠ the formula's figures, group sums, total, bands.
 */
export function parseRuleSet(raw: unknown): RuleSet {
  const rawId = isObject(raw) ? raw['id'] : undefined;
  const rawVersion = isObject(raw) ? raw['version'] : undefined;
  const ref = `${typeof rawId === 'string' && rawId ? rawId : '?'}@${isFiniteNumber(rawVersion) ? rawVersion : '?'}`;
  const issues = new Issues(ref);
  if (!isObject(raw)) throw new RuleSetError(`${ref}: a rule set must be an object`);

  issues.unknownKeys('', raw, [
    '$comment',
    'id',
    'version',
    'effectiveFrom',
    'effectiveTo',
    'title',
    'source',
    'totalPoints',
    'precision',
    'groups',
    'indicators',
    'bands',
    'onlineTargets',
  ]);
  const { id, version, effectiveFrom, effectiveTo, title, source, totalPoints, precision } = raw;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) issues.add('', 'id must be kebab-case (a-z, 0-9, -)');
  if (!Number.isInteger(version) || (version as number) < 1) issues.add('', 'version must be an integer >= 1');
  if (!isIsoLocalDate(effectiveFrom)) issues.add('', 'effectiveFrom must be a date YYYY-MM-DD');
  if (effectiveTo !== null && !isIsoLocalDate(effectiveTo))
    issues.add('', 'effectiveTo must be a date YYYY-MM-DD or null');
  if (isIsoLocalDate(effectiveFrom) && isIsoLocalDate(effectiveTo) && effectiveTo < effectiveFrom) {
    issues.add('', 'effectiveTo must not be before effectiveFrom');
  }
  if (!isNonEmptyString(title)) issues.add('', 'title must be a non-empty string');
  if (!isNonEmptyString(source)) issues.add('', 'source must be a non-empty string');
  const places =
    Number.isInteger(precision) && (precision as number) >= 0 && (precision as number) <= MAX_PRECISION
      ? (precision as number)
      : undefined;
  if (places === undefined) issues.add('', `precision must be an integer between 0 and ${MAX_PRECISION}`);
  const total = isFiniteNumber(totalPoints) && totalPoints > 0 ? totalPoints : undefined;
  if (total === undefined) issues.add('', 'totalPoints must be > 0');
  const digits = places ?? MAX_PRECISION;

  const groups: Group[] = [];
  if (!Array.isArray(raw['groups']) || raw['groups'].length === 0) issues.add('', 'groups must be a non-empty array');
  else {
    raw['groups'].forEach((item: unknown, index) => {
      const group = parseGroup(issues, item, index, digits);
      if (!group) return;
      if (groups.some((other) => other.id === group.id)) issues.add(`group ${group.id}`, 'duplicate group id');
      else groups.push(group);
    });
  }

  const indicators: Indicator[] = [];
  /** Groups with an indicator that could not be parsed: their sums are not checked (already reported). */
  const incomplete = new Set<unknown>();
  if (!Array.isArray(raw['indicators']) || raw['indicators'].length === 0)
    issues.add('', 'indicators must be a non-empty array');
  else {
    raw['indicators'].forEach((item: unknown, index) => {
      const indicator = parseIndicator(issues, item, index, digits);
      if (!indicator) {
        incomplete.add(isObject(item) ? item['group'] : undefined);
        return;
      }
      if (indicators.some((other) => other.id === indicator.id)) {
        issues.add(`indicator ${indicator.id}`, 'duplicate indicator id');
        return;
      }
      if (!groups.some((group) => group.id === indicator.group)) {
        issues.add(`indicator ${indicator.id}`, `group '${indicator.group}' is not defined`);
      }
      indicators.push(indicator);
    });
  }

  for (const group of groups) {
    if (incomplete.has(group.id)) continue;
    const members = indicators.filter((indicator) => indicator.group === group.id);
    if (members.length === 0) {
      issues.add(`group ${group.id}`, 'has no indicators');
      continue;
    }
    const sum = members.reduce((acc, indicator) => acc + indicator.maxPoints, 0);
    if (Math.abs(sum - group.maxPoints) > SUM_EPSILON) {
      issues.add(
        `group ${group.id}`,
        `indicators' maxPoints sum to ${+sum.toFixed(6)}, not the group's ${group.maxPoints}`,
      );
    }
  }
  const groupSum = groups.reduce((acc, group) => acc + group.maxPoints, 0);
  if (total !== undefined && Math.abs(groupSum - total) > SUM_EPSILON) {
    issues.add('', `groups' maxPoints sum to ${+groupSum.toFixed(6)}, not totalPoints ${total}`);
  }
  const bands = parseBands(issues, raw['bands'], total ?? Number.POSITIVE_INFINITY);
  const rawTargets = raw['onlineTargets'] ?? null;
  if (rawTargets !== null) for (const problem of onlineTargetsIssues(rawTargets)) issues.add('onlineTargets', problem);

  if (issues.list.length > 0) throw new RuleSetError(issues.list.join('\n'), issues.list);
  return deepFreeze({
    id: id as string,
    version: version as number,
    effectiveFrom: effectiveFrom as LocalDate,
    effectiveTo: effectiveTo as LocalDate | null,
    title: title as string,
    source: source as string,
    totalPoints: total as number,
    precision: places as number,
    groups,
    indicators,
    bands,
    onlineTargets: rawTargets === null ? null : (structuredClone(rawTargets) as OnlineTargets),
  });
}
