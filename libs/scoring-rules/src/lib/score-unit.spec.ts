import { communeSeedFigures, setFigures } from '../testing/figures.fixture';
import { tinyRuleSet } from '../testing/rule-set.fixture';
import { indicatorScore, only } from '../testing/score.helpers';
import { FiguresError } from './figures';
import { resolveRuleSet } from './rule-set-catalog';
import { parseRuleSet } from './rule-set.schema';
import type { ComparisonOp } from './rule-set.types';
import { ManualInputError, scoreUnit } from './score-unit';

const rs766 = resolveRuleSet('766', '2024-06-30');
const tiny = parseRuleSet(tinyRuleSet());

describe('scoreUnit', () => {
  it('records the rule set id and version it used', () => {
    const score = scoreUnit(communeSeedFigures(), rs766);
    expect(score).toMatchObject({
      ruleSetId: '766',
      ruleSetVersion: 1,
      ruleSetRef: '766@1',
      maxPoints: 100,
      assumed: true,
    });
    expect(score.indicators).toHaveLength(rs766.indicators.length);
  });

  it('is pure: same input, same score; inputs untouched', () => {
    const figures = communeSeedFigures();
    const inputs = { publicity: 3 };
    const frozen = JSON.stringify([figures, inputs]);
    expect(scoreUnit(figures, rs766, inputs)).toEqual(scoreUnit(figures, rs766, inputs));
    expect(JSON.stringify([figures, inputs])).toBe(frozen);
  });

  it.each([
    [{ speed: 3 }, "766@1: manual input 'speed': no such indicator"],
    [{ publicity: 7 }, "766@1: manual input 'publicity': must be a number between 0 and 6, got 7"],
    [{ publicity: -1 }, "766@1: manual input 'publicity': must be a number between 0 and 6, got -1"],
    [{ publicity: Number.NaN }, "766@1: manual input 'publicity': must be a number between 0 and 6, got NaN"],
  ])('rejects manual inputs %p', (inputs, message) => {
    expect(() => scoreUnit(communeSeedFigures(), rs766, inputs)).toThrow(new ManualInputError(message));
  });

  it('lists manual inputs for computed indicators as ignored', () => {
    const score = scoreUnit(communeSeedFigures(), rs766, { progress: 3, publicity: 6 });
    expect(score.ignoredManualInputs).toEqual(['progress']);
    expect(score.indicators.find((item) => item.indicatorId === 'progress')?.points).toBe(19.75);
  });

  it('rounds a manual input to the precision', () => {
    expect(indicatorScore(rs766, 'publicity', communeSeedFigures(), { publicity: 4.567 }).points).toBe(4.57);
  });

  it('rejects bad figures', () => {
    expect(() => scoreUnit(setFigures(communeSeedFigures(), { returned: -2 }), rs766)).toThrow(FiguresError);
  });

  it('keeps the formula and source in each indicator score (self-contained for storage)', () => {
    const score = indicatorScore(rs766, 'online-dossiers', communeSeedFigures());
    expect(score.formula).toBe(rs766.indicators.find((item) => item.id === 'online-dossiers')?.formula);
    expect(score.source).toMatch(/vendor approximation/);
    expect(JSON.parse(JSON.stringify(score))).toEqual(score);
  });
});

describe('formula kinds on a non-assumed fixture', () => {
  it('condition: every comparison must hold, comparing figures with figures or numbers', () => {
    const ok = only({ lateWithApology: 5, 'resolved.late': 5, 'pending.overdue': 3 });
    expect(indicatorScore(tiny, 'apology-cover', ok).points).toBe(4);
    expect(indicatorScore(tiny, 'apology-cover', only({ lateWithApology: 4, 'resolved.late': 5 })).points).toBe(0);
    expect(indicatorScore(tiny, 'apology-cover', only({ 'pending.overdue': 4 })).points).toBe(0);
  });

  it.each<[ComparisonOp, number, number, boolean]>([
    ['eq', 3, 3, true],
    ['eq', 2, 3, false],
    ['ne', 2, 3, true],
    ['ne', 3, 3, false],
    ['lt', 2, 3, true],
    ['lt', 3, 3, false],
    ['lte', 3, 3, true],
    ['lte', 4, 3, false],
    ['gt', 4, 3, true],
    ['gt', 3, 3, false],
    ['gte', 3, 3, true],
    ['gte', 2, 3, false],
  ])('condition op %s: %d vs %d → %p', (op, left, right, holds) => {
    const raw = tinyRuleSet();
    raw.indicators[0].formula.all = [{ left: ['withdrawn'], op, right }];
    raw.indicators[0].reads = ['withdrawn'];
    const ruleSet = parseRuleSet(raw);
    expect(indicatorScore(ruleSet, 'apology-cover', only({ withdrawn: left })).points).toBe(holds ? 4 : 0);
  });

  it("ratio with onZeroDenominator 'zero' earns 0 and is available", () => {
    expect(indicatorScore(tiny, 'paid-online', only({}))).toMatchObject({
      points: 0,
      notAvailable: false,
      reason: 'denominator is 0: no points',
    });
  });

  it('a score of non-assumed indicators and bands is not assumed', () => {
    const score = scoreUnit(only({ paidOnline: 1, feeBearing: 2 }), tiny);
    expect(score).toMatchObject({ total: 7, assumed: false, band: { id: 'pass' }, complete: true });
  });
});
