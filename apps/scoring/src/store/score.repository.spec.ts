import { defaultRuleSetCatalog, scoreUnit } from '@dossier-ledger/scoring-rules';
import { toScoringFigures } from '../figures/report-figures.adapter';
import { reportFixture } from '../testing/report-fixture';
import { scoreId, toStoredScore } from './score.repository';

function keys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => keys(item, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      keys(item, out);
    }
  }
  return out;
}

describe('stored scores', () => {
  const figures = toScoringFigures(reportFixture());
  const score = scoreUnit(figures, defaultRuleSetCatalog().resolve('766', '2024-03-31'));
  const inputs = { figures, manualInputs: {}, hierarchy: 'units-2023-04-10.v1', countingRules: 'vn-default-v1' };

  it('have no field name with a dot or a leading $ (MongoDB-wire servers reject them)', () => {
    expect(keys(score).some((key) => key.includes('.'))).toBe(true);
    expect(keys(toStoredScore(score)).filter((key) => key.includes('.') || key.startsWith('$'))).toEqual([]);
  });

  it('keep every indicator’s points', () => {
    const stored = toStoredScore(score);
    expect(stored).toMatchObject({ ruleSetRef: '766@1', total: score.total, maxPoints: 100 });
    expect(stored.indicators.map((i) => [i.indicatorId, i.points])).toEqual(
      score.indicators.map((i) => [i.indicatorId, i.points]),
    );
  });

  it('are keyed ruleSetRef:unit:from:to:digest, the digest naming the inputs whatever their key order', () => {
    const id = scoreId('766@1', '001', '2024-01-01', '2024-03-31', inputs);
    expect(id).toMatch(/^766@1:001:2024-01-01:2024-03-31:[0-9a-f]{12}$/);
    const reordered = {
      countingRules: inputs.countingRules,
      hierarchy: inputs.hierarchy,
      manualInputs: {},
      figures: JSON.parse(JSON.stringify(figures)),
    };
    expect(scoreId('766@1', '001', '2024-01-01', '2024-03-31', reordered)).toBe(id);
    expect(scoreId('766@1', '001', '2024-01-01', '2024-03-31', { ...inputs, manualInputs: { publicity: 4 } })).not.toBe(
      id,
    );
    expect(
      scoreId('766@1', '001', '2024-01-01', '2024-03-31', {
        ...inputs,
        figures: { ...figures, returned: figures.returned + 1 },
      }),
    ).not.toBe(id);
  });
});
