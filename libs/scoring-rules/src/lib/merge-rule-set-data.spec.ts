import { BUNDLED_RULE_SET_DATA, RuleSetCatalog } from './rule-set-catalog';
import { RuleSetError } from './rule-set.schema';
import { mergeRuleSetData } from './merge-rule-set-data';

const base766 = BUNDLED_RULE_SET_DATA.find((data) => (data as { id: string }).id === '766') as Record<string, unknown>;

describe('mergeRuleSetData', () => {
  it('adds a new version that takes over from the closed open-ended one', () => {
    const closed = { ...base766, effectiveTo: '2025-12-31' };
    const v2 = { ...base766, version: 2, effectiveFrom: '2026-01-01', effectiveTo: null };
    const catalog = RuleSetCatalog.fromData(
      mergeRuleSetData(BUNDLED_RULE_SET_DATA, [
        { name: 'a.json', data: closed },
        { name: 'b.json', data: v2 },
      ]),
    );
    expect(catalog.resolve('766', '2025-12-31').version).toBe(1);
    expect(catalog.resolve('766', '2026-01-01').version).toBe(2);
    expect(catalog.get('766', 1).effectiveTo).toBe('2025-12-31');
  });

  it('refuses any other change to an existing version, naming the source', () => {
    const edited = { ...base766, totalPoints: 99 };
    expect(() => mergeRuleSetData(BUNDLED_RULE_SET_DATA, [{ name: 'edited.json', data: edited }])).toThrow(
      RuleSetError,
    );
    expect(() => mergeRuleSetData(BUNDLED_RULE_SET_DATA, [{ name: 'edited.json', data: edited }])).toThrow(
      /edited\.json: 766@1 already exists/,
    );
  });

  it('leaves overlapping versions to the catalog check', () => {
    const v2 = { ...base766, version: 2, effectiveFrom: '2026-01-01', effectiveTo: null };
    expect(() =>
      RuleSetCatalog.fromData(mergeRuleSetData(BUNDLED_RULE_SET_DATA, [{ name: 'b.json', data: v2 }])),
    ).toThrow(/overlaps 766@1/);
  });
});
