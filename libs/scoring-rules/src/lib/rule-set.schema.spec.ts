import { type RawRuleSet, rawIndicator, rawRuleSet, tinyRuleSet } from '../testing/rule-set.fixture';
import { RuleSetError, parseRuleSet } from './rule-set.schema';

function issuesOf(raw: unknown): readonly string[] {
  try {
    parseRuleSet(raw);
  } catch (error) {
    if (error instanceof RuleSetError) return error.issues;
    throw error;
  }
  throw new Error('expected a RuleSetError');
}

function broken766(mutate: (raw: RawRuleSet) => void): RawRuleSet {
  const raw = rawRuleSet('766@1');
  mutate(raw);
  return raw;
}

describe('parseRuleSet: the bundled data', () => {
  it.each(['766@1', 'par-dak-nong@1', 'par-qn@1', 'par-qn@2'] as const)('%s is valid', (ref) => {
    const ruleSet = parseRuleSet(rawRuleSet(ref));
    expect(`${ruleSet.id}@${ruleSet.version}`).toBe(ref);
  });

  it('766 has five groups of 18/20/22/22/18 = 100 points and its bands', () => {
    const ruleSet = parseRuleSet(rawRuleSet('766@1'));
    expect(ruleSet.groups.map((group) => group.maxPoints)).toEqual([18, 20, 22, 22, 18]);
    expect(ruleSet.totalPoints).toBe(100);
    expect(ruleSet.bands.map((band) => [band.id, band.atLeast, band.assumed])).toEqual([
      ['excellent', 90, false],
      ['good', 80, true],
      ['fair', 70, true],
      ['average', 50, true],
      ['weak', 0, false],
    ]);
    expect(ruleSet.indicators.every((indicator) => indicator.assumed && indicator.source.length > 0)).toBe(true);
  });

  it('returns a frozen copy, not the data object', () => {
    const raw = rawRuleSet('766@1');
    const ruleSet = parseRuleSet(raw);
    expect(ruleSet).not.toBe(raw);
    expect(Object.isFrozen(ruleSet)).toBe(true);
    expect(Object.isFrozen(ruleSet.indicators[0].formula)).toBe(true);
    expect(ruleSet).not.toHaveProperty('$comment');
  });
});

describe('parseRuleSet: errors', () => {
  it('names the rule set, the place and the problem', () => {
    const raw = broken766((r) => {
      r['version'] = 2;
      rawIndicator(r, 'progress').maxPoints = 0;
    });
    expect(() => parseRuleSet(raw)).toThrow(RuleSetError);
    expect(issuesOf(raw)).toEqual(['766@2: indicator progress: maxPoints must be > 0']);
    expect(() => parseRuleSet(raw)).toThrow('766@2: indicator progress: maxPoints must be > 0');
    const error = (() => {
      try {
        parseRuleSet(raw);
      } catch (caught) {
        return caught as RuleSetError;
      }
      return undefined;
    })();
    expect(error?.name).toBe('RuleSetError');
    expect(String(error)).toMatch(/^RuleSetError: 766@2: indicator progress: maxPoints must be > 0/);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(
      broken766((r) => {
        r['title'] = '';
        rawIndicator(r, 'online-dossiers').formula.thresholds.reverse();
        rawIndicator(r, 'satisfaction').reads = ['satisfactionSum'];
      }),
    );
    expect(issues).toEqual([
      '766@1: title must be a non-empty string',
      '766@1: indicator online-dossiers: formula: thresholds must be sorted by bound, highest first, without duplicates (thresholds[1])',
      '766@1: indicator satisfaction: reads must list every figure the formula uses; missing satisfactionCount',
    ]);
  });

  it('rejects a value that is not an object', () => {
    expect(issuesOf('766')).toEqual(['?@?: a rule set must be an object']);
    expect(issuesOf([])).toEqual(['?@?: a rule set must be an object']);
  });

  type Case = [string, (raw: RawRuleSet) => void, string];
  const cases: Case[] = [
    ['bad id', (r) => (r.id = 'Bad Id'), 'Bad Id@1: id must be kebab-case (a-z, 0-9, -)'],
    ['version 0', (r) => (r.version = 0), '766@0: version must be an integer >= 1'],
    ['fractional version', (r) => (r.version = 1.5), '766@1.5: version must be an integer >= 1'],
    ['impossible date', (r) => (r.effectiveFrom = '2024-02-30'), '766@1: effectiveFrom must be a date YYYY-MM-DD'],
    ['missing effectiveTo', (r) => delete r['effectiveTo'], '766@1: effectiveTo must be a date YYYY-MM-DD or null'],
    [
      'effectiveTo before effectiveFrom',
      (r) => (r.effectiveTo = '2022-06-22'),
      '766@1: effectiveTo must not be before effectiveFrom',
    ],
    ['unknown top-level key', (r) => (r['treshold'] = 1), "766@1: unknown key 'treshold'"],
    ['missing source', (r) => delete r['source'], '766@1: source must be a non-empty string'],
    ['precision out of range', (r) => (r['precision'] = 7), '766@1: precision must be an integer between 0 and 4'],
    ['totalPoints ≠ groups', (r) => (r.totalPoints = 99), "766@1: groups' maxPoints sum to 100, not totalPoints 99"],
    [
      'group sum ≠ indicators',
      (r) => (rawIndicator(r, 'electronic-results').maxPoints = 5),
      "766@1: group digitisation: indicators' maxPoints sum to 21, not the group's 22",
    ],
    ['duplicate group', (r) => r.groups.push({ ...r.groups[0] }), '766@1: group publicity: duplicate group id'],
    [
      'empty group',
      (r) => r.groups.push({ id: 'extra', title: 'Thêm', maxPoints: 1 }),
      '766@1: group extra: has no indicators',
    ],
    [
      'duplicate indicator',
      (r) => r.indicators.push({ ...r.indicators[0] }),
      '766@1: indicator publicity: duplicate indicator id',
    ],
    [
      'unknown group',
      (r) => (rawIndicator(r, 'progress')['group'] = 'speed'),
      "766@1: indicator progress: group 'speed' is not defined",
    ],
    [
      'maxPoints decimals',
      (r) => (rawIndicator(r, 'progress').maxPoints = 19.999),
      '766@1: indicator progress: maxPoints must have at most 2 decimals',
    ],
    [
      'unknown indicator key',
      (r) => (rawIndicator(r, 'progress')['formul'] = {}),
      "766@1: indicator progress: unknown key 'formul'",
    ],
    [
      'assumed not boolean',
      (r) => (rawIndicator(r, 'progress')['assumed'] = 'yes'),
      '766@1: indicator progress: assumed must be true or false',
    ],
    [
      'empty indicator source',
      (r) => (rawIndicator(r, 'progress')['source'] = ' '),
      '766@1: indicator progress: source must be a non-empty string (the official text, or why the formula is assumed)',
    ],
    [
      'onMissing',
      (r) => (rawIndicator(r, 'progress')['onMissing'] = 'ignore'),
      '766@1: indicator progress: onMissing must be one of notAvailable, manual',
    ],
    [
      'unknown figure path',
      (r) => (rawIndicator(r, 'progress').formula.numerator[1] = 'resolved.earlyy'),
      "766@1: indicator progress: formula: numerator: unknown figure path 'resolved.earlyy'",
    ],
    [
      'path twice',
      (r) => (rawIndicator(r, 'progress').formula.numerator[1] = 'pending.inTime'),
      '766@1: indicator progress: formula: numerator lists a figure path twice',
    ],
    [
      'empty numerator',
      (r) => (rawIndicator(r, 'progress').formula.numerator = []),
      '766@1: indicator progress: formula: numerator must be a non-empty array of figure paths',
    ],
    [
      'numeratorMinus repeats a numerator figure',
      (r) => (rawIndicator(r, 'progress').formula['numeratorMinus'] = ['pending.inTime']),
      '766@1: indicator progress: formula: numeratorMinus must not repeat a numerator figure: pending.inTime',
    ],
    [
      'empty numeratorMinus',
      (r) => (rawIndicator(r, 'progress').formula['numeratorMinus'] = []),
      '766@1: indicator progress: formula: numeratorMinus must be a non-empty array of figure paths',
    ],
    [
      'reads misses a numeratorMinus figure',
      (r) => rawIndicator(r, 'progress').reads.splice(4, 1),
      '766@1: indicator progress: reads must list every figure the formula uses; missing repeatedSupplement.resolvedEarlyOrOnTime',
    ],
    [
      'reads misses a figure',
      (r) => rawIndicator(r, 'progress').reads.pop(),
      '766@1: indicator progress: reads must list every figure the formula uses; missing pending.total',
    ],
    [
      'reads an unused figure',
      (r) => rawIndicator(r, 'progress').reads.push('withdrawn'),
      '766@1: indicator progress: reads lists figures the formula does not use: withdrawn',
    ],
    [
      'reads unknown path',
      (r) => rawIndicator(r, 'progress').reads.push('dossiers'),
      "766@1: indicator progress: reads: unknown figure path 'dossiers'",
    ],
    [
      'lostBy unknown path',
      (r) => (rawIndicator(r, 'progress')['lostBy'] = ['late']),
      "766@1: indicator progress: lostBy: unknown figure path 'late'",
    ],
    [
      'formula as a string (no eval)',
      (r) => (rawIndicator(r, 'progress')['formula'] = '20 * x' as unknown as never),
      '766@1: indicator progress: formula: must be an object',
    ],
    [
      'unknown formula kind',
      (r) => (rawIndicator(r, 'progress').formula.kind = 'expression'),
      "766@1: indicator progress: formula: kind must be one of 'ratio', 'fixed', 'manual', 'condition'",
    ],
    [
      'unknown scale',
      (r) => (rawIndicator(r, 'progress').formula['scale'] = 'log'),
      "766@1: indicator progress: formula: scale must be 'linear' or 'threshold'",
    ],
    [
      'linear range',
      (r) => (rawIndicator(r, 'progress').formula['fullAt'] = 0),
      '766@1: indicator progress: formula: fullAt must be > zeroAt',
    ],
    [
      'thresholds on linear',
      (r) => (rawIndicator(r, 'progress').formula.thresholds = []),
      "766@1: indicator progress: formula: thresholds are only for scale 'threshold'",
    ],
    [
      'denominatorMultiplier',
      (r) => (rawIndicator(r, 'satisfaction').formula['denominatorMultiplier'] = 0),
      '766@1: indicator satisfaction: formula: denominatorMultiplier must be > 0',
    ],
    [
      'onZeroDenominator',
      (r) => (rawIndicator(r, 'satisfaction').formula['onZeroDenominator'] = 'skip'),
      '766@1: indicator satisfaction: formula: onZeroDenominator must be one of notAvailable, manual, full, zero',
    ],
    [
      'empty thresholds',
      (r) => (rawIndicator(r, 'online-dossiers').formula.thresholds = []),
      '766@1: indicator online-dossiers: formula: thresholds must be a non-empty array',
    ],
    [
      'thresholds ascending',
      (r) => rawIndicator(r, 'online-dossiers').formula.thresholds.reverse(),
      '766@1: indicator online-dossiers: formula: thresholds must be sorted by bound, highest first, without duplicates (thresholds[1])',
    ],
    [
      'duplicate threshold',
      (r) => (rawIndicator(r, 'online-dossiers').formula.thresholds[1]['atLeast'] = 0.5),
      '766@1: indicator online-dossiers: formula: thresholds must be sorted by bound, highest first, without duplicates (thresholds[1])',
    ],
    [
      'points rise as the bound falls',
      (r) => (rawIndicator(r, 'online-dossiers').formula.thresholds[0]['points'] = 2),
      '766@1: indicator online-dossiers: formula: thresholds: points must not rise as the bound falls (thresholds[1])',
    ],
    [
      'threshold points above maxPoints',
      (r) => (rawIndicator(r, 'online-dossiers').formula.thresholds[0]['points'] = 7),
      '766@1: indicator online-dossiers: formula: thresholds[0]: points must be between 0 and maxPoints (6)',
    ],
    [
      'threshold with atLeast and above',
      (r) => (rawIndicator(r, 'online-dossiers').formula.thresholds[0]['above'] = 0.5),
      "766@1: indicator online-dossiers: formula: thresholds[0]: must have exactly one of 'atLeast' and 'above'",
    ],
    [
      'negative threshold',
      (r) => (rawIndicator(r, 'online-dossiers').formula.thresholds[1]['atLeast'] = -0.1),
      '766@1: indicator online-dossiers: formula: thresholds[1]: atLeast must be a finite number >= 0',
    ],
    [
      'fixed points above maxPoints',
      (r) => (rawIndicator(r, 'national-portal-payment').formula['points'] = 3),
      '766@1: indicator national-portal-payment: formula: points must be between 0 and maxPoints (2)',
    ],
    [
      'manual with extra key',
      (r) => (rawIndicator(r, 'publicity').formula['points'] = 6),
      "766@1: indicator publicity: formula: unknown key 'points'",
    ],
    [
      'bands ascending',
      (r) => r.bands.reverse(),
      '766@1: bands: must be sorted by atLeast, highest first, without duplicates (bands[1])',
    ],
    [
      'no band at 0',
      (r) => r.bands.pop(),
      '766@1: bands: the last band must have atLeast 0 so that every total has a band',
    ],
    [
      'band above the total',
      (r) => (r.bands[0]['atLeast'] = 101),
      '766@1: bands[0]: atLeast must be between 0 and totalPoints (100)',
    ],
    ['band without assumed', (r) => delete r.bands[1]['assumed'], '766@1: bands[1]: assumed must be true or false'],
    ['duplicate band id', (r) => (r.bands[1]['id'] = 'excellent'), '766@1: bands: band ids must be unique'],
  ];

  it.each(cases)('%s', (_name, mutate, expected) => {
    expect(issuesOf(broken766(mutate))).toContain(expected);
  });

  it('rejects bad conditions', () => {
    const badOp = tinyRuleSet();
    badOp.indicators[0].formula.all[0]['op'] = 'like';
    expect(issuesOf(badOp)).toContain(
      'tiny@1: indicator apology-cover: formula: all[0]: op must be one of eq, ne, lt, lte, gt, gte',
    );
    const empty = tinyRuleSet();
    empty.indicators[0].formula.all = [];
    expect(issuesOf(empty)).toContain(
      'tiny@1: indicator apology-cover: formula: all must be a non-empty array of comparisons',
    );
    const badRight = tinyRuleSet();
    badRight.indicators[0].formula.all[1]['right'] = '3';
    expect(issuesOf(badRight)).toContain(
      'tiny@1: indicator apology-cover: formula: all[1]: right must be a number or an array of figure paths',
    );
  });

  it('accepts the tiny fixture (conditions comparing figures, onZeroDenominator zero)', () => {
    expect(parseRuleSet(tinyRuleSet()).indicators.map((indicator) => indicator.id)).toEqual([
      'apology-cover',
      'paid-online',
    ]);
  });
});
