import { UNIT_LEVELS } from '@dossier-ledger/contracts';
import { isIsoLocalDate } from '@dossier-ledger/calendar';
import {
  DEFAULT_RULE_SET_ID,
  RuleSetNotFoundError,
  defaultRuleSetCatalog,
  type RuleSet,
  type RuleSetCatalog,
} from '@dossier-ledger/scoring-rules';

/** A request parameter that cannot be used: answered as 400 naming it. */
export class ScoreParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScoreParameterError';
  }
}

export type RawQuery = Readonly<Record<string, unknown>>;

export interface WindowParams {
  readonly unit: string;
  readonly from: string;
  readonly to: string;
  /** Report the window under the hierarchy valid on this date (default `to`). */
  readonly hierarchyAt?: string;
}

export interface ScoreParams extends WindowParams {
  readonly ruleSet: RuleSet;
}

export type UnitLevel = (typeof UNIT_LEVELS)[number];

export interface RankingParams {
  readonly parent: string;
  readonly level?: UnitLevel;
  readonly from: string;
  readonly to: string;
  readonly hierarchyAt?: string;
  readonly ruleSet: RuleSet;
}

const UNIT_CODE = /^[A-Za-z0-9._-]{1,64}$/;

/** A single string parameter (a repeated one, `?unit=a&unit=b`, is rejected). */
function text(query: RawQuery, name: string, required: true): string;
function text(query: RawQuery, name: string, required: false): string | undefined;
function text(query: RawQuery, name: string, required: boolean): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') {
    if (required) throw new ScoreParameterError(name, `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new ScoreParameterError(name, `${name} must be given once, as a string`);
  return value;
}

function unitCode(query: RawQuery, name: string): string {
  const value = text(query, name, true);
  if (!UNIT_CODE.test(value))
    throw new ScoreParameterError(
      name,
      `${name} must be a unit code (letters, digits, . _ -), got ${JSON.stringify(value)}`,
    );
  return value;
}

function window(query: RawQuery): { from: string; to: string; hierarchyAt?: string } {
  const from = text(query, 'from', true);
  const to = text(query, 'to', true);
  if (!isIsoLocalDate(from))
    throw new ScoreParameterError('from', `from must be a valid date YYYY-MM-DD, got ${JSON.stringify(from)}`);
  if (!isIsoLocalDate(to))
    throw new ScoreParameterError('to', `to must be a valid date YYYY-MM-DD, got ${JSON.stringify(to)}`);
  if (from > to) throw new ScoreParameterError('from', `from (${from}) must not be after to (${to})`);
  const hierarchyAt = text(query, 'hierarchyAt', false);
  if (hierarchyAt === undefined) return { from, to };
  if (!isIsoLocalDate(hierarchyAt))
    throw new ScoreParameterError(
      'hierarchyAt',
      `hierarchyAt must be a valid date YYYY-MM-DD, got ${JSON.stringify(hierarchyAt)}`,
    );
  return { from, to, hierarchyAt };
}

/**
 * `ruleSet`: an id (`766`, `par-dak-nong`, …; default 766), which takes the version effective on `to`, or
 * `id@version` (e.g. `766@1`) for exactly that version, as stored scores name it.
 */
export function parseRuleSet(
  value: string | undefined,
  onDate: string,
  catalog: RuleSetCatalog = defaultRuleSetCatalog(),
): RuleSet {
  const raw = value ?? DEFAULT_RULE_SET_ID;
  const match = /^([A-Za-z0-9-]+)(?:@([1-9]\d{0,5}))?$/.exec(raw);
  if (!match)
    throw new ScoreParameterError(
      'ruleSet',
      `ruleSet must be a rule set id (${catalog.ids().join(', ')}), optionally with @version, got ${JSON.stringify(raw)}`,
    );
  try {
    return catalog.resolve(match[1], onDate, match[2] === undefined ? undefined : Number(match[2]));
  } catch (error) {
    if (error instanceof RuleSetNotFoundError) throw new ScoreParameterError('ruleSet', `ruleSet: ${error.message}`);
    throw error;
  }
}

/** `unit`, `from`, `to` (inclusive local dates) and `ruleSet`. */
export function parseScoreParams(query: RawQuery, catalog?: RuleSetCatalog): ScoreParams {
  const unit = unitCode(query, 'unit');
  const span = window(query);
  return { unit, ...span, ruleSet: parseRuleSet(text(query, 'ruleSet', false), span.to, catalog) };
}

/** An indicator id of the rule set (optional unless `required`). */
export function parseIndicator(query: RawQuery, ruleSet: RuleSet, required: boolean): string | undefined {
  const value = required ? text(query, 'indicator', true) : text(query, 'indicator', false);
  if (value === undefined) return undefined;
  if (!ruleSet.indicators.some((indicator) => indicator.id === value)) {
    throw new ScoreParameterError(
      'indicator',
      `indicator: ${ruleSet.id}@${ruleSet.version} has no indicator ${JSON.stringify(value)} (known: ${ruleSet.indicators.map((i) => i.id).join(', ')})`,
    );
  }
  return value;
}

/** `page` (from 1, default 1) and `pageSize` (1–200, default 20) of the dossier lists in an explanation. */
export function parsePaging(query: RawQuery): { page: number; pageSize: number } {
  const count = (name: string, fallback: number, max: number): number => {
    const value = text(query, name, false);
    if (value === undefined) return fallback;
    const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= 1 && n <= max))
      throw new ScoreParameterError(name, `${name} must be an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };
  return { page: count('page', 1, 1_000_000), pageSize: count('pageSize', 20, 200) };
}

/** `id`: a stored score id, `ruleSet@version:unit:from:to:digest`. */
export function parseScoreId(query: RawQuery): string {
  const value = text(query, 'id', true);
  if (!/^[A-Za-z0-9-]+@\d+:[A-Za-z0-9._-]+:\d{4}-\d{2}-\d{2}:\d{4}-\d{2}-\d{2}:[0-9a-f]{12}$/.test(value)) {
    throw new ScoreParameterError(
      'id',
      `id must be a stored score id ruleSet@version:unit:from:to:digest, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** `target`: points (a number >= 0) the progress indicator should reach. */
export function parseTarget(query: RawQuery): number {
  const value = text(query, 'target', true);
  const target = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(target))
    throw new ScoreParameterError('target', `target must be a number of points >= 0, got ${JSON.stringify(value)}`);
  return target;
}

/** `parent`, optional `level` of the ranked units, `from`, `to`, `ruleSet`. */
export function parseRankingParams(query: RawQuery, catalog?: RuleSetCatalog): RankingParams {
  const parent = unitCode(query, 'parent');
  const level = text(query, 'level', false);
  if (level !== undefined && !(UNIT_LEVELS as readonly string[]).includes(level)) {
    throw new ScoreParameterError(
      'level',
      `level must be one of ${UNIT_LEVELS.join(', ')}, got ${JSON.stringify(level)}`,
    );
  }
  const span = window(query);
  return {
    parent,
    ...(level ? { level: level as UnitLevel } : {}),
    ...span,
    ruleSet: parseRuleSet(text(query, 'ruleSet', false), span.to, catalog),
  };
}

export interface ManualInputsBody {
  readonly ruleSet: RuleSet;
  readonly unit: string;
  readonly inputs: Readonly<Record<string, number>>;
}

/**
 * Indicators that take a manual input: manual formulas, and indicators falling back to one (an absent
 * figure with `onMissing: manual`, or a zero denominator with `onZeroDenominator: manual`).
 */
export function manualIndicatorIds(ruleSet: RuleSet): string[] {
  return ruleSet.indicators
    .filter(
      (i) =>
        i.formula.kind === 'manual' ||
        i.onMissing === 'manual' ||
        (i.formula.kind === 'ratio' && i.formula.onZeroDenominator === 'manual'),
    )
    .map((i) => i.id);
}

/**
 * Body of `PUT /v1/scores/inputs`: `{ruleSet?, unit, inputs: {indicatorId: points}}`. The rule set is the
 * version effective on `onDate` (today); each indicator must take a manual input and each value be
 * between 0 and the indicator's maxPoints.
 */
export function parseManualInputsBody(body: unknown, onDate: string, catalog?: RuleSetCatalog): ManualInputsBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ScoreParameterError('body', 'the body must be a JSON object {ruleSet?, unit, inputs}');
  const raw = body as RawQuery;
  const unit = unitCode(raw, 'unit');
  const ruleSetValue = text(raw, 'ruleSet', false);
  if (ruleSetValue?.includes('@'))
    throw new ScoreParameterError('ruleSet', 'ruleSet: manual inputs are kept per rule set id, without @version');
  const ruleSet = parseRuleSet(ruleSetValue, onDate, catalog);
  const inputs = raw['inputs'];
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs) || Object.keys(inputs).length === 0) {
    throw new ScoreParameterError('inputs', 'inputs must be a non-empty object {indicatorId: points}');
  }
  const manual = new Set(manualIndicatorIds(ruleSet));
  const checked: Record<string, number> = {};
  for (const [id, value] of Object.entries(inputs as Record<string, unknown>)) {
    const indicator = ruleSet.indicators.find((candidate) => candidate.id === id);
    if (!indicator)
      throw new ScoreParameterError(
        `inputs.${id}`,
        `inputs.${id}: ${ruleSet.id}@${ruleSet.version} has no such indicator`,
      );
    if (!manual.has(id))
      throw new ScoreParameterError(
        `inputs.${id}`,
        `inputs.${id}: the indicator is computed from figures, it takes no manual input (manual: ${[...manual].join(', ')})`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > indicator.maxPoints) {
      throw new ScoreParameterError(
        `inputs.${id}`,
        `inputs.${id} must be a number between 0 and ${indicator.maxPoints}, got ${JSON.stringify(value)}`,
      );
    }
    checked[id] = value;
  }
  return { ruleSet, unit, inputs: checked };
}

/** `unit` and `on` (the hierarchy date, default `today`) of `GET /v1/targets`. */
export function parseUnitOn(query: RawQuery, today: string): { unit: string; on: string } {
  const unit = unitCode(query, 'unit');
  const on = text(query, 'on', false) ?? today;
  if (!isIsoLocalDate(on))
    throw new ScoreParameterError('on', `on must be a valid date YYYY-MM-DD, got ${JSON.stringify(on)}`);
  return { unit, on };
}
