import { communeSeedFigures, setFigures } from '../testing/figures.fixture';
import { tinyRuleSet } from '../testing/rule-set.fixture';
import { only } from '../testing/score.helpers';
import { explain } from './explain';
import { resolveRuleSet } from './rule-set-catalog';
import { parseRuleSet } from './rule-set.schema';
import { scoreUnit } from './score-unit';

const rs766 = resolveRuleSet('766', '2024-06-30');
const parDakNong = resolveRuleSet('par-dak-nong', '2024-06-30');

describe('explain', () => {
  const score = scoreUnit(communeSeedFigures(), rs766, { publicity: 5 });

  it('explains a linear ratio: figures, value, points, lost, the dossiers that cost points, assumed', () => {
    const explanation = explain(score, 'progress');
    expect(explanation).toMatchObject({
      ruleSetRef: '766@1',
      indicatorId: 'progress',
      points: 19.75,
      maxPoints: 20,
      lost: 0.25,
      assumed: true,
    });
    expect(explanation.formulaText).toBe(
      'ratio (resolved.early + resolved.onTime + returned + pending.inTime − repeatedSupplement.resolvedEarlyOrOnTime − repeatedSupplement.pendingInTime) / (resolved.total + returned + pending.total); points = 20 × ratio (capped at 20); denominator 0 → notAvailable',
    );
    expect(explanation.steps).toEqual([
      `formula: ${explanation.formulaText}`,
      'figures: resolved.early = 381, resolved.onTime = 17, returned = 0, pending.inTime = 4, repeatedSupplement.resolvedEarlyOrOnTime = 0, repeatedSupplement.pendingInTime = 0, resolved.total = 403, pending.total = 4',
      'ratio = 402 / 407 = 98.77 %',
      'points: 19.75 of 20, lost 0.25',
      'dossiers that cost points: resolved.late (5), pending.overdue (0), repeatedSupplement.resolvedEarlyOrOnTime (0), repeatedSupplement.pendingInTime (0)',
      `ASSUMED formula (no official text): ${rs766.indicators.find((item) => item.id === 'progress')?.source}`,
    ]);
  });

  it('explains a step: the step reached, or none', () => {
    expect(explain(score, 'digitized-reused').steps).toContain('step reached: ≥ 0 % → 1.6');
    expect(explain(score, 'digitized-reused').formulaText).toBe(
      'ratio digitizedReused / digitized; steps ≥ 80 % → 2, ≥ 0 % → 1.6; denominator 0 → notAvailable',
    );
    const ht = scoreUnit(communeSeedFigures(), parDakNong);
    expect(explain(ht, 'online-procedures-share').steps).toContain('no step reached → 0');
    expect(explain(ht, 'online-procedures-share').formulaText).toContain('steps > 50 % → 4, else 0');
  });

  it('explains a condition and the late dossiers without apology that cost the points', () => {
    const steps = explain(scoreUnit(communeSeedFigures(), parDakNong), 'apology').steps;
    expect(steps).toEqual(
      expect.arrayContaining([
        'formula: 2 points when lateWithoutApology = 0, else 0',
        'condition lateWithoutApology = 0: 2 = 0 → fails',
        'points: 0 of 2, lost 2',
        'dossiers that cost points: lateWithoutApology (2)',
      ]),
    );
  });

  it('explains manual and not-available indicators', () => {
    expect(explain(score, 'publicity').steps).toEqual(
      expect.arrayContaining(['manual indicator; manual input', 'points: 5 of 6, lost 1']),
    );
    expect(explain(score, 'complaint-handling').steps).toEqual(
      expect.arrayContaining([
        'formula: manual input, 0 to 6 points',
        'manual indicator; manual input missing',
        'not available: 0 of 6 points',
      ]),
    );
    const noSync = scoreUnit(setFigures(communeSeedFigures(), { syncedToNationalPortal: undefined }), rs766);
    expect(explain(noSync, 'national-portal-sync').steps).toEqual(
      expect.arrayContaining([
        'absent figures: syncedToNationalPortal',
        'figures absent: syncedToNationalPortal; manual input missing',
      ]),
    );
    expect(explain(score, 'satisfaction').formulaText).toBe(
      'ratio satisfactionSum / (satisfactionCount × 5); points = 18 × (ratio − 20 %) / (100 % − 20 %), between 0 and 18; denominator 0 → manual',
    );
  });

  it('describes linear ranges and fixed points', () => {
    const qn = scoreUnit(communeSeedFigures(), resolveRuleSet('par-qn', '2024-06-30'));
    expect(explain(qn, 'on-time').formulaText).toContain(
      'points = 3 × (ratio − 80 %) / (100 % − 80 %), between 0 and 3',
    );
    expect(explain(score, 'national-portal-payment').formulaText).toBe('fixed 2 points');
  });

  it('works on a stored score (JSON round trip), without the rule set', () => {
    const stored = JSON.parse(JSON.stringify(score));
    expect(explain(stored, 'online-dossiers').steps).toEqual(explain(score, 'online-dossiers').steps);
  });

  it('names the source of a non-assumed formula plainly', () => {
    const tiny = scoreUnit(only({ paidOnline: 1, feeBearing: 4 }), parseRuleSet(tinyRuleSet()));
    expect(explain(tiny, 'paid-online').steps).toEqual(
      expect.arrayContaining(['ratio = 1 / 4 = 25 %', 'points: 1.5 of 6, lost 4.5', 'source: test fixture']),
    );
  });

  it('rejects an unknown indicator, listing the known ones', () => {
    expect(() => explain(scoreUnit(communeSeedFigures(), parDakNong), 'speed')).toThrow(
      "par-dak-nong@1: no indicator 'speed' (known: on-time, apology, online-procedures-share, digitized-results)",
    );
  });
});
