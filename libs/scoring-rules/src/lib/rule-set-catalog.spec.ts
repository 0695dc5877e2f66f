import { communeSeedFigures } from '../testing/figures.fixture';
import { type RawRuleSet, rawIndicator, rawRuleSet } from '../testing/rule-set.fixture';
import {
  BUNDLED_RULE_SET_DATA,
  DEFAULT_RULE_SET_ID,
  RuleSetCatalog,
  RuleSetNotFoundError,
  defaultRuleSetCatalog,
  resolveRuleSet,
} from './rule-set-catalog';
import { RuleSetError } from './rule-set.schema';
import { scoreUnit } from './score-unit';

describe('the bundled catalog', () => {
  it('validates and offers 766, par-dak-nong and par-qn; 766 is the default', () => {
    expect(defaultRuleSetCatalog().ids()).toEqual(['766', 'par-dak-nong', 'par-qn']);
    expect(DEFAULT_RULE_SET_ID).toBe('766');
    expect(
      defaultRuleSetCatalog()
        .versions('par-qn')
        .map((ruleSet) => ruleSet.version),
    ).toEqual([1, 2]);
    expect(BUNDLED_RULE_SET_DATA).toHaveLength(4);
  });

  it.each([
    ['766', '2022-06-23', 1],
    ['766', '2030-01-01', 1],
    ['par-dak-nong', '2024-02-19', 1],
    ['par-qn', '2024-01-01', 1],
    ['par-qn', '2024-12-31', 1],
    ['par-qn', '2025-01-01', 2],
    ['par-qn', '2026-07-01', 2],
  ])('resolveRuleSet(%s, %s) picks version %d', (id, date, version) => {
    expect(resolveRuleSet(id, date).version).toBe(version);
  });

  it.each([
    ['766', '2022-06-22', 'no version of rule set 766 is effective on 2022-06-22'],
    ['par-qn', '2023-12-31', 'no version of rule set par-qn is effective on 2023-12-31'],
    ['par-xx', '2024-01-01', "unknown rule set 'par-xx' (known: 766, par-dak-nong, par-qn)"],
  ])('resolveRuleSet(%s, %s) fails: %s', (id, date, message) => {
    expect(() => resolveRuleSet(id, date)).toThrow(new RuleSetNotFoundError(message));
  });

  it('with a version, gives exactly that version whatever the date (reproducing a published score)', () => {
    expect(resolveRuleSet('par-qn', '2026-01-01', 1).version).toBe(1);
    expect(resolveRuleSet('par-qn', '2024-03-01', 2).version).toBe(2);
    expect(() => resolveRuleSet('par-qn', '2024-03-01', 3)).toThrow(
      'rule set par-qn has no version 3 (versions: 1, 2)',
    );
  });

  it('rejects a malformed date', () => {
    expect(() => resolveRuleSet('766', '2024-13-01')).toThrow(RangeError);
    expect(() => resolveRuleSet('766', '1/2/2024')).toThrow('onDate must be a date YYYY-MM-DD, got 1/2/2024');
  });
});

/** 766 v1 closed at the end of 2025 and a v2 from 2026 that asks 60 % online dossiers instead of 50 %. */
function versionedFixture(): RawRuleSet[] {
  const v1 = rawRuleSet('766@1');
  v1.effectiveTo = '2025-12-31';
  const v2 = rawRuleSet('766@1');
  v2.version = 2;
  v2.effectiveFrom = '2026-01-01';
  rawIndicator(v2, 'online-dossiers').formula.thresholds[0]['atLeast'] = 0.95;
  return [v1, v2];
}

describe('versions of one rule set', () => {
  it('keeps a published score reproducible after a new version is added', () => {
    const figures = communeSeedFigures(); // 381 / 404 = 94.3 % online
    const before = RuleSetCatalog.fromData([rawRuleSet('766@1')]);
    const published = scoreUnit(figures, before.resolve('766', '2025-06-30'), { publicity: 6 });
    expect(published.ruleSetRef).toBe('766@1');

    const after = RuleSetCatalog.fromData(versionedFixture());
    // Re-scoring the same window with the recorded version gives the same score…
    const again = scoreUnit(figures, after.resolve(published.ruleSetId, '2025-06-30', published.ruleSetVersion), {
      publicity: 6,
    });
    expect(again).toEqual(published);
    // …and so does resolving by the window's date, since v1 is still the one effective then.
    expect(after.resolve('766', '2025-06-30').version).toBe(1);
    // A window in 2026 is scored by v2, which gives the online-dossiers step only at 95 %.
    const later = scoreUnit(figures, after.resolve('766', '2026-01-31'), { publicity: 6 });
    expect(later.ruleSetRef).toBe('766@2');
    expect(later.indicators.find((score) => score.indicatorId === 'online-dossiers')?.points).toBe(3);
    expect(later.total).toBeCloseTo(published.total - 3, 10);
  });

  it('rejects overlapping versions', () => {
    const [v1, v2] = versionedFixture();
    v1.effectiveTo = '2026-01-01';
    expect(() => RuleSetCatalog.fromData([v1, v2])).toThrow(
      new RuleSetError('766@2: effective from 2026-01-01 overlaps 766@1 (to 2026-01-01)'),
    );
    v1.effectiveTo = null;
    expect(() => RuleSetCatalog.fromData([v1, v2])).toThrow(
      '766@2: effective from 2026-01-01 overlaps 766@1 (to open end)',
    );
  });

  it('rejects a later version that takes effect first, and a duplicate version', () => {
    const [v1, v2] = versionedFixture();
    v2.effectiveFrom = '2022-01-01';
    v2.effectiveTo = '2022-06-01';
    expect(() => RuleSetCatalog.fromData([v1, v2])).toThrow('766@2: must take effect after 766@1 (2022-06-23)');
    expect(() => RuleSetCatalog.fromData([rawRuleSet('766@1'), rawRuleSet('766@1')])).toThrow(
      '766@1: duplicate version',
    );
  });

  it('allows a gap between versions (no version effective in the gap)', () => {
    const [v1, v2] = versionedFixture();
    v2.effectiveFrom = '2026-03-01';
    const catalog = RuleSetCatalog.fromData([v2, v1]);
    expect(() => catalog.resolve('766', '2026-02-01')).toThrow(RuleSetNotFoundError);
    expect(catalog.resolve('766', '2026-03-01').version).toBe(2);
  });

  it('reports the problems of every data file', () => {
    const broken = rawRuleSet('par-dak-nong@1');
    broken.totalPoints = 13;
    const alsoBroken = rawRuleSet('par-qn@2');
    alsoBroken.bands = [{ id: 'x', title: 'x', atLeast: 5, assumed: true }];
    expect(() => RuleSetCatalog.fromData([broken, alsoBroken])).toThrow(
      "par-dak-nong@1: groups' maxPoints sum to 12, not totalPoints 13\npar-qn@2: bands: the last band must have atLeast 0 so that every total has a band",
    );
  });
});
