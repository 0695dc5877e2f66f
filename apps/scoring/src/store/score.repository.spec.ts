import { defaultRuleSetCatalog, scoreUnit } from '@dossier-ledger/scoring-rules';
import { toScoringFigures } from '../figures/report-figures.adapter';
import { reportFixture } from '../testing/report-fixture';
import { fromStoredScore, scoreId, toStoredScore } from './score.repository';

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
  const score = scoreUnit(toScoringFigures(reportFixture()), defaultRuleSetCatalog().resolve('766', '2024-03-31'));

  it('have no field name with a dot or a leading $ (MongoDB-wire servers reject them)', () => {
    expect(keys(score).some((key) => key.includes('.'))).toBe(true);
    expect(keys(toStoredScore(score)).filter((key) => key.includes('.') || key.startsWith('$'))).toEqual([]);
  });

  it('come back unchanged', () => {
    expect(fromStoredScore(JSON.parse(JSON.stringify(toStoredScore(score))))).toEqual(JSON.parse(JSON.stringify(score)));
  });

  it('are keyed ruleSetRef:unit:from:to', () => {
    expect(scoreId('766@1', '001', '2024-01-01', '2024-03-31')).toBe('766@1:001:2024-01-01:2024-03-31');
  });
});
