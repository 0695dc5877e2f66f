import fc from 'fast-check';
import type { ScoringFigures } from './figures';
import { defaultRuleSetCatalog } from './rule-set-catalog';
import type { RuleSet } from './rule-set.types';
import { scoreUnit } from './score-unit';

const catalog = defaultRuleSetCatalog();
const ruleSets: RuleSet[] = catalog.ids().flatMap((id) => [...catalog.versions(id)]);

const count = fc.nat(5000);

/** Figures with every count independent (not even consistent): the bounds must hold anyway. */
const anyFigures: fc.Arbitrary<ScoringFigures> = fc.record(
  {
    received: fc.record({
      total: count,
      inPeriod: fc.record({ total: count, online: count, direct: count, postal: count }),
      carriedOver: count,
    }),
    resolved: fc.record({ total: count, early: count, onTime: count, late: count }),
    returned: count,
    withdrawn: count,
    pending: fc.record({ total: count, inTime: count, overdue: count }),
    lateWithApology: count,
    lateWithoutApology: count,
    repeatedSupplement: fc.record({ resolvedEarlyOrOnTime: count, pendingInTime: count }),
    feeBearing: count,
    paidOnline: count,
    electronicResult: count,
    digitized: count,
    digitizedReused: count,
    satisfactionSum: fc.double({ min: 0, max: 50_000, noNaN: true }),
    satisfactionCount: count,
    resolutionWorkingDaysSum: fc.double({ min: 0, max: 50_000, noNaN: true }),
    resolutionWorkingDaysCount: count,
    receivedOnlineFull: count,
    receivedOnlinePartial: count,
    syncedToNationalPortal: count,
    procedures: fc.record({ total: count, onlineCapable: count, withOnlineDossiers: count, withOnlinePayment: count }),
  },
  {
    requiredKeys: [
      'received',
      'resolved',
      'returned',
      'withdrawn',
      'pending',
      'lateWithApology',
      'lateWithoutApology',
      'repeatedSupplement',
      'feeBearing',
      'paidOnline',
      'electronicResult',
      'digitized',
      'satisfactionSum',
      'satisfactionCount',
      'resolutionWorkingDaysSum',
      'resolutionWorkingDaysCount',
      'receivedOnlineFull',
      'receivedOnlinePartial',
    ],
  },
);

/** Consistent figures: totals are the sums of their parts. */
const consistentFigures: fc.Arbitrary<ScoringFigures> = fc
  .record({
    online: count,
    direct: count,
    postal: count,
    carriedOver: count,
    early: count,
    onTime: count,
    late: count,
    apologised: fc.double({ min: 0, max: 1, noNaN: true }),
    repeated: fc.double({ min: 0, max: 1, noNaN: true }),
    returned: count,
    withdrawn: count,
    inTime: count,
    overdue: count,
  })
  .map((f) => {
    const inPeriod = f.online + f.direct + f.postal;
    const resolved = f.early + f.onTime + f.late;
    const withApology = Math.floor(f.late * f.apologised);
    return {
      received: {
        total: inPeriod + f.carriedOver,
        inPeriod: { total: inPeriod, online: f.online, direct: f.direct, postal: f.postal },
        carriedOver: f.carriedOver,
      },
      resolved: { total: resolved, early: f.early, onTime: f.onTime, late: f.late },
      returned: f.returned,
      withdrawn: f.withdrawn,
      pending: { total: f.inTime + f.overdue, inTime: f.inTime, overdue: f.overdue },
      lateWithApology: withApology,
      lateWithoutApology: f.late - withApology,
      repeatedSupplement: {
        resolvedEarlyOrOnTime: Math.floor((f.early + f.onTime) * f.repeated),
        pendingInTime: Math.floor(f.inTime * f.repeated),
      },
      feeBearing: resolved,
      paidOnline: f.early,
      electronicResult: f.onTime,
      digitized: f.online,
      satisfactionSum: 4 * resolved,
      satisfactionCount: resolved,
      resolutionWorkingDaysSum: 3 * resolved,
      resolutionWorkingDaysCount: resolved,
      receivedOnlineFull: f.online,
      receivedOnlinePartial: 0,
    };
  });

function manualInputsFor(ruleSet: RuleSet): fc.Arbitrary<Record<string, number>> {
  return fc
    .array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), {
      minLength: ruleSet.indicators.length,
      maxLength: ruleSet.indicators.length,
    })
    .map((shares) => {
      const inputs: Record<string, number> = {};
      ruleSet.indicators.forEach((indicator, index) => {
        const share = shares[index];
        if (share !== undefined) inputs[indicator.id] = share * indicator.maxPoints;
      });
      return inputs;
    });
}

function points(figures: ScoringFigures, ruleSet: RuleSet, id: string): number {
  const found = scoreUnit(figures, ruleSet).indicators.find((score) => score.indicatorId === id);
  if (!found) throw new Error(`no ${id}`);
  return found.points;
}

describe.each(ruleSets.map((ruleSet) => [`${ruleSet.id}@${ruleSet.version}`, ruleSet] as const))(
  '%s properties',
  (_ref, ruleSet) => {
    it('0 ≤ every indicator ≤ its max; groups and total are sums; 0 ≤ total ≤ totalPoints ≤ 100', () => {
      fc.assert(
        fc.property(fc.oneof(anyFigures, consistentFigures), manualInputsFor(ruleSet), (figures, inputs) => {
          const score = scoreUnit(figures, ruleSet, inputs);
          expect(score.total).toBeGreaterThanOrEqual(0);
          expect(score.total).toBeLessThanOrEqual(score.maxPoints);
          expect(score.total).toBeLessThanOrEqual(100);
          expect(score.total).toBeLessThanOrEqual(score.availablePoints);
          for (const indicator of score.indicators) {
            expect(indicator.points).toBeGreaterThanOrEqual(0);
            expect(indicator.points).toBeLessThanOrEqual(indicator.maxPoints);
            expect(indicator.lost).toBeGreaterThanOrEqual(0);
            if (indicator.notAvailable) expect(indicator.points).toBe(0);
          }
          const sum = score.indicators.reduce((acc, indicator) => acc + indicator.points, 0);
          expect(Math.abs(score.total - sum)).toBeLessThan(1e-9);
          const groupSum = score.groups.reduce((acc, group) => acc + group.points, 0);
          expect(Math.abs(score.total - groupSum)).toBeLessThan(1e-9);
          if (score.band) expect(score.total).toBeGreaterThanOrEqual(score.band.atLeast);
        }),
        { numRuns: 300 },
      );
    });
  },
);

describe('monotonic: more on-time resolutions never lower the progress / on-time points', () => {
  const progressIndicators: [RuleSet, string][] = ruleSets.flatMap((ruleSet) =>
    ruleSet.indicators
      .filter((indicator) => indicator.id === 'progress' || indicator.id === 'on-time')
      .map((indicator) => [ruleSet, indicator.id] as [RuleSet, string]),
  );

  it('covers 766 progress and every PAR on-time indicator', () => {
    expect(progressIndicators.map(([ruleSet, id]) => `${ruleSet.id}@${ruleSet.version}:${id}`)).toEqual([
      '766@1:progress',
      'par-dak-nong@1:on-time',
      'par-qn@1:on-time',
      'par-qn@2:on-time',
    ]);
  });

  it('adding Δ dossiers resolved on time', () => {
    fc.assert(
      fc.property(consistentFigures, fc.integer({ min: 1, max: 500 }), (figures, delta) => {
        const more: ScoringFigures = {
          ...figures,
          resolved: {
            ...figures.resolved,
            onTime: figures.resolved.onTime + delta,
            total: figures.resolved.total + delta,
          },
        };
        for (const [ruleSet, id] of progressIndicators) {
          expect(points(more, ruleSet, id)).toBeGreaterThanOrEqual(points(figures, ruleSet, id));
        }
      }),
    );
  });

  it('turning Δ late resolutions into on-time ones', () => {
    fc.assert(
      fc.property(consistentFigures, fc.integer({ min: 1, max: 500 }), (figures, wanted) => {
        const delta = Math.min(wanted, figures.resolved.late);
        const apologyShift = Math.min(delta, figures.lateWithoutApology);
        const better: ScoringFigures = {
          ...figures,
          resolved: {
            ...figures.resolved,
            onTime: figures.resolved.onTime + delta,
            late: figures.resolved.late - delta,
          },
          lateWithoutApology: figures.lateWithoutApology - apologyShift,
          lateWithApology: figures.lateWithApology - (delta - apologyShift),
        };
        for (const [ruleSet, id] of progressIndicators) {
          expect(points(better, ruleSet, id)).toBeGreaterThanOrEqual(points(figures, ruleSet, id));
        }
      }),
    );
  });
});
