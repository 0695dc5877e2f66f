import fc from 'fast-check';
import type { ScoringFigures } from './figures';
import { defaultRuleSetCatalog } from './rule-set-catalog';
import { scoreUnit } from './score-unit';

const catalog = defaultRuleSetCatalog();
const ruleSets = catalog.ids().flatMap((id) => [...catalog.versions(id)]);

/** A part of `whole`: 0..whole, shrinking towards 0. */
const partOf = (whole: number) => fc.integer({ min: 0, max: whole });

/**
 * Figures of a real window: every dossier counted once (received = resolved + returned + withdrawn +
 * pending), and every sub-count a part of its population.
 */
const consistentFigures: fc.Arbitrary<ScoringFigures> = fc
  .record({
    early: fc.nat(300),
    onTime: fc.nat(300),
    late: fc.nat(300),
    returned: fc.nat(30),
    withdrawn: fc.nat(30),
    inTime: fc.nat(300),
    overdue: fc.nat(300),
    newShare: fc.double({ min: 0, max: 1, noNaN: true }),
    online: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .chain((c) => {
    const resolved = c.early + c.onTime + c.late;
    const pending = c.inTime + c.overdue;
    const total = resolved + c.returned + c.withdrawn + pending;
    const inPeriod = Math.round(total * c.newShare);
    const online = Math.round(inPeriod * c.online);
    return fc
      .record({
        postal: partOf(inPeriod - online),
        lateWithApology: partOf(c.late),
        repeatedResolved: partOf(c.early + c.onTime),
        repeatedPending: partOf(c.inTime),
        feeBearing: partOf(resolved),
        electronicResult: partOf(resolved),
        digitized: partOf(inPeriod),
        full: partOf(online),
        synced: partOf(inPeriod),
        ratings: fc.nat(200),
        ratingShare: fc.double({ min: 0, max: 1, noNaN: true }),
        procedures: fc.nat(300),
      })
      .chain((d) =>
        fc
          .record({
            paidOnline: partOf(d.feeBearing),
            digitizedReused: partOf(d.digitized),
            partial: partOf(online - d.full),
            onlineCapable: partOf(d.procedures),
            withOnlinePayment: partOf(d.procedures),
          })
          .chain((e) =>
            partOf(e.onlineCapable).map((withOnlineDossiers): ScoringFigures => ({
              received: {
                total,
                inPeriod: { total: inPeriod, online, direct: inPeriod - online - d.postal, postal: d.postal },
                carriedOver: total - inPeriod,
              },
              resolved: { total: resolved, early: c.early, onTime: c.onTime, late: c.late },
              returned: c.returned,
              withdrawn: c.withdrawn,
              pending: { total: pending, inTime: c.inTime, overdue: c.overdue },
              lateWithApology: d.lateWithApology,
              lateWithoutApology: c.late - d.lateWithApology,
              repeatedSupplement: { resolvedEarlyOrOnTime: d.repeatedResolved, pendingInTime: d.repeatedPending },
              feeBearing: d.feeBearing,
              paidOnline: e.paidOnline,
              electronicResult: d.electronicResult,
              digitized: d.digitized,
              digitizedReused: e.digitizedReused,
              satisfactionSum: d.ratings * (1 + 4 * d.ratingShare),
              satisfactionCount: d.ratings,
              resolutionWorkingDaysSum: resolved * 3,
              resolutionWorkingDaysCount: resolved,
              receivedOnlineFull: d.full,
              receivedOnlinePartial: e.partial,
              syncedToNationalPortal: d.synced,
              procedures: {
                total: d.procedures,
                onlineCapable: e.onlineCapable,
                withOnlineDossiers,
                withOnlinePayment: e.withOnlinePayment,
              },
            })),
          ),
      );
  });

describe('a share is a share (issue 14 item 8)', () => {
  it('every ratio indicator of every bundled rule set stays in 0–1 on consistent figures', () => {
    fc.assert(
      fc.property(consistentFigures, (figures) => {
        for (const ruleSet of ruleSets) {
          for (const score of scoreUnit(figures, ruleSet).indicators) {
            if (score.value === null) continue;
            expect(score.value).toBeGreaterThanOrEqual(0);
            expect(score.value).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
