import { addDays, fromDayNumber, parseIsoLocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import fc from 'fast-check';
import { NEW_ERA, OLD_ERA, TEST_HIERARCHY } from '../testing/fake-hierarchy';
import { foldAll, storeOf } from '../testing/pipeline';
import {
  BASE_DAY,
  dossierPlanArb,
  dossierSetArb,
  planEvents,
  rulesArb,
  shuffledArb,
  windowArb,
  type Window,
} from '../testing/random-dossiers';
import { diffContributions, dossierContributions, type Contribution } from './contributions';
import { applyContributions, CounterStore, type CounterStoreChunk } from './counter-store';
import type { CountingRules } from './counting-rules';
import { COUNTER_COUNT, type Counter } from './counters';
import type { DossierFigures, DossierReport } from './dossier-report.dto';
import { foldDossier } from './fold-dossier';
import { readDossierReport } from './read-report';
import { computeReportDirect } from './report-direct';

const ERAS = [OLD_ERA, NEW_ERA];
const RUNS = { numRuns: 150 };

function read(store: CounterStore, era: string, unitCode: string, window: Window, rules: CountingRules): DossierReport {
  return readDossierReport(
    store,
    { era, unitCode, ...window, childUnitCodes: TEST_HIERARCHY.childrenOf(era, unitCode) },
    rules,
  );
}

/** The additive figures of a row, flattened (rates left out). */
function numbers(f: DossierFigures): number[] {
  const { received: r, resolved: s, pending: p } = f;
  return [
    r.total,
    r.inPeriod.total,
    r.inPeriod.online,
    r.inPeriod.direct,
    r.inPeriod.postal,
    r.carriedOver,
    s.total,
    s.early,
    s.onTime,
    s.late,
    f.returned,
    f.withdrawn,
    p.total,
    p.inTime,
    p.overdue,
    p.byState.processing,
    p.byState.waitingSupplement,
    p.byState.waitingPayment,
    p.byState.paused,
  ];
}

const holdsIdentity = (f: DossierFigures): boolean =>
  f.received.total === f.resolved.total + f.returned + f.withdrawn + f.pending.total;

/** The repeated-supplement dossiers are parts of the good side: early / on time, pending in time. */
const repeatedSupplementIsAPart = ({ scoring: { repeatedSupplement: r, finished }, pending }: DossierReport): boolean =>
  r.resolvedEarlyOrOnTime >= 0 &&
  r.pendingInTime >= 0 &&
  r.resolvedEarlyOrOnTime <= finished.early + finished.onTime &&
  r.pendingInTime <= pending.inTime;

describe('fold properties', () => {
  it('duplicates and shuffles change nothing', () => {
    const noisy = dossierPlanArb.chain((plan) => {
      const events = planEvents('x', plan);
      const duplicates = fc.array(fc.nat({ max: Math.max(0, events.length - 1) }), { maxLength: 4 });
      return fc.tuple(fc.constant(events), shuffledArb(events), duplicates);
    });
    fc.assert(
      fc.property(noisy, rulesArb, ([events, shuffled, picks], rules) => {
        const copies = events.length === 0 ? [] : picks.map((i) => ({ ...events[i] }));
        expect(foldDossier([...shuffled, ...copies], rules)).toEqual(foldDossier(events, rules));
      }),
      { numRuns: 300 },
    );
  });
});

describe('report properties', () => {
  it('reads the same report from the buckets as the direct oracle, and the identity holds in every row', () => {
    fc.assert(
      fc.property(dossierSetArb, rulesArb, windowArb, (dossiers, rules, window) => {
        const facts = foldAll(dossiers, rules);
        const store = storeOf(facts, rules);
        for (const era of ERAS) {
          for (const unitCode of TEST_HIERARCHY.unitsOf(era)) {
            const viaBuckets = read(store, era, unitCode, window, rules);
            const query = { era, ...window, childUnitCodes: TEST_HIERARCHY.childrenOf(era, unitCode) };
            expect(viaBuckets).toEqual(computeReportDirect(facts, TEST_HIERARCHY, query, unitCode, rules));
            const rows = [
              viaBuckets,
              ...viaBuckets.rows.byLevel,
              ...viaBuckets.rows.byLevel.flatMap((r) => r.fields),
              ...viaBuckets.rows.byField,
              ...viaBuckets.rows.byChild,
            ];
            expect(rows.every(holdsIdentity)).toBe(true);
            expect(repeatedSupplementIsAPart(viaBuckets)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('composes windows: carried over at `from` is pending at the end of from − 1', () => {
    fc.assert(
      fc.property(
        dossierSetArb,
        rulesArb,
        windowArb,
        fc.integer({ min: 0, max: 40 }),
        (dossiers, rules, window, back) => {
          const store = storeOf(foldAll(dossiers, rules), rules);
          const before = { from: addDays(window.from, -1 - back), to: addDays(window.from, -1) };
          for (const unitCode of TEST_HIERARCHY.unitsOf(OLD_ERA)) {
            const later = read(store, OLD_ERA, unitCode, window, rules);
            const earlier = read(store, OLD_ERA, unitCode, before, rules);
            expect(later.received.carriedOver).toBe(earlier.pending.total);
          }
        },
      ),
      RUNS,
    );
  });

  it('makes a parent the sum of its children plus its own dossiers', () => {
    fc.assert(
      fc.property(dossierSetArb, rulesArb, windowArb, (dossiers, rules, window) => {
        const store = storeOf(foldAll(dossiers, rules), rules);
        for (const era of ERAS) {
          for (const unitCode of TEST_HIERARCHY.unitsOf(era)) {
            const children = TEST_HIERARCHY.childrenOf(era, unitCode);
            if (children.length === 0) continue;
            const parent = read(store, era, unitCode, window, rules);
            const ownLevel = era === OLD_ERA && unitCode.startsWith('D') ? 'district' : 'province';
            const own = parent.rows.byLevel.find((row) => row.key === ownLevel);
            const expected = [
              ...children.map((c) => numbers(read(store, era, c, window, rules))),
              own ? numbers(own) : [],
            ].reduce((sum, row) => sum.map((v, i) => v + (row[i] ?? 0)), new Array<number>(19).fill(0));
            expect(numbers(parent)).toEqual(expected);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('diff properties', () => {
  const receivedOn = parseIsoLocalDate('2024-03-01');
  const entryArb = fc.record({
    unitCode: fc.constantFrom('C11', 'D1'),
    day: fc.integer({ min: 0, max: 6 }),
    counter: fc.integer({ min: 0, max: COUNTER_COUNT - 1 }) as fc.Arbitrary<Counter>,
    value: fc.integer({ min: -3, max: 3 }).filter((v) => v !== 0),
  });
  /** What dossierContributions produces: one header, sorted, one entry per (day, counter). */
  const uniformArb = fc.array(entryArb, { maxLength: 12 }).map((entries) => {
    const byKey = new Map(entries.map((e) => [e.day * 32 + e.counter, e]));
    return [...byKey.keys()]
      .sort((a, b) => a - b)
      .map((k) => ({
        ...(byKey.get(k) as (typeof entries)[number]),
        unitCode: 'C11',
        fieldCode: 'F1',
        procedureCode: 'PR1',
        receivedOn,
      }));
  });
  const mixedArb = fc.array(
    entryArb.map((e) => ({ ...e, fieldCode: 'F1', procedureCode: 'PR1', receivedOn })),
    { maxLength: 12 },
  );
  const totals = (lists: readonly (readonly Contribution[])[]): Map<string, number> => {
    const sums = new Map<string, number>();
    for (const list of lists)
      for (const c of list)
        sums.set(
          `${c.unitCode}/${c.day}/${c.counter}`,
          (sums.get(`${c.unitCode}/${c.day}/${c.counter}`) ?? 0) + c.value,
        );
    return new Map([...sums].filter(([, v]) => v !== 0).sort());
  };

  it('adds up: previous + diff(previous, next) = next, for sorted single-header lists and for any lists', () => {
    for (const listArb of [uniformArb, mixedArb]) {
      fc.assert(
        fc.property(listArb, listArb, (previous, next) => {
          expect(totals([previous, diffContributions(previous, next)])).toEqual(totals([next]));
        }),
        { numRuns: 500 },
      );
    }
  });
});

describe('incremental and distributed properties', () => {
  /** Each dossier's events in a random arrival order, with a random re-delivery. */
  const arrivals = dossierSetArb.chain((dossiers) =>
    fc
      .tuple(
        ...dossiers.map((events) => fc.tuple(shuffledArb(events), fc.nat({ max: Math.max(0, events.length - 1) }))),
      )
      .map((perDossier) =>
        perDossier.map(([order, again]) =>
          order.length === 0 ? order : [...order.slice(0, again + 1), order[again], ...order.slice(again + 1)],
        ),
      ),
  );

  it('applying diffs event by event, in any arrival order, equals folding everything at once', () => {
    fc.assert(
      fc.property(arrivals, rulesArb, (perDossier, rules) => {
        const store = new CounterStore(rules);
        for (const order of perDossier) {
          const seen: DossierEventV1[] = [];
          let previous: Contribution[] = [];
          for (const event of order) {
            seen.push(event);
            const next = dossierContributions(foldDossier(seen, rules), rules);
            applyContributions(store, diffContributions(previous, next), TEST_HIERARCHY);
            previous = next;
          }
        }
        expect(store.toChunks()).toEqual(storeOf(foldAll(perDossier, rules), rules).toChunks());
      }),
      RUNS,
    );
  });

  it('merging stores built from a split of the dossiers equals one store of all', () => {
    const split = dossierSetArb.chain((dossiers) =>
      fc.tuple(
        fc.constant(dossiers),
        fc.array(fc.boolean(), { minLength: dossiers.length, maxLength: dossiers.length }),
      ),
    );
    fc.assert(
      fc.property(split, rulesArb, ([dossiers, sides], rules) => {
        const facts = foldAll(dossiers, rules);
        const left = storeOf(
          facts.filter((_, i) => sides[i]),
          rules,
        );
        const right = storeOf(
          facts.filter((_, i) => !sides[i]),
          rules,
        );
        const all = storeOf(facts, rules).toChunks();
        const viaChunks = CounterStore.fromChunks(
          JSON.parse(JSON.stringify([...right.toChunks(), ...left.toChunks()])) as CounterStoreChunk[],
          rules,
        );
        left.merge(right);
        expect(left.toChunks()).toEqual(all);
        expect(viaChunks.toChunks()).toEqual(all);
      }),
      RUNS,
    );
  });

  it('reads any window the same after a checkpoint round trip', () => {
    fc.assert(
      fc.property(dossierSetArb, windowArb, (dossiers, window) => {
        const store = storeOf(foldAll(dossiers));
        const restored = CounterStore.fromChunks(JSON.parse(JSON.stringify(store.toChunks())) as CounterStoreChunk[]);
        const rules = {
          finishOn: 'processingFinished',
          owner: 'receivingUnit',
          foldReturnedIntoOnTime: false,
        } as const;
        expect(read(restored, OLD_ERA, 'P', window, rules)).toEqual(read(store, OLD_ERA, 'P', window, rules));
      }),
      { numRuns: 50 },
    );
  });
});

// Guard against a vacuous oracle comparison: the random dossiers do reach every figure.
describe('random dossier coverage', () => {
  it('produces resolved, late, returned, overdue and waiting dossiers', () => {
    const samples = fc.sample(dossierSetArb, { numRuns: 40, seed: 7 }).flat();
    const facts = foldAll(samples);
    const window = { from: fromDayNumber(BASE_DAY), to: fromDayNumber(BASE_DAY + 40) };
    const r = read(storeOf(facts), OLD_ERA, 'P', window, {
      finishOn: 'processingFinished',
      owner: 'receivingUnit',
      foldReturnedIntoOnTime: false,
    });
    expect(r.resolved.early * r.resolved.onTime * r.resolved.late * r.returned * r.withdrawn).toBeGreaterThan(0);
    expect(
      r.pending.overdue *
        r.pending.byState.waitingSupplement *
        r.pending.byState.paused *
        r.pending.byState.waitingPayment,
    ).toBeGreaterThan(0);
    expect(facts.filter((f) => !f.counted).length).toBeGreaterThan(0);
    // More than one supplement round: resolved early / on time, and pending in time at the end.
    expect(
      r.scoring.repeatedSupplement.resolvedEarlyOrOnTime * r.scoring.repeatedSupplement.pendingInTime,
    ).toBeGreaterThan(0);
  });
});
