import { computeReportDirect, foldDossier, readDossierReport, DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import fc from 'fast-check';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { LocalDate } from '@dossier-ledger/calendar';
import { RegistryUnitHierarchy } from '../hierarchy/registry-unit-hierarchy';
import { interleaveByTime, realisticDossiers } from '../testing/realistic-dossiers';
import { encodeDossierEventRecord } from './dossier-event-record';
import { DossierReportProjection } from './dossier-report.projection';

const registry = loadDefaultUnitRegistry();
const options = { rules: DEFAULT_COUNTING_RULES, hierarchy: new RegistryUnitHierarchy(registry), dossiersPerChunk: 16 };
const events = interleaveByTime(realisticDossiers({ registry, seed: 1, dossiers: 60, province: '58', firstDay: '2024-01-01', days: 200 }));
const message = (event: (typeof events)[number], offset: number) => {
  const { key, value, headers } = encodeDossierEventRecord({ source: 's', receivedAt: null, event });
  return { offset: String(offset), key: Buffer.from(key), value: Buffer.from(value), headers, timestamp: '0' };
};
const report = (p: DossierReportProjection) =>
  readDossierReport(p.counters, { era: 'units-2023-04-10.v1', unitCode: '58', from: '2024-01-01' as LocalDate, to: '2024-12-31' as LocalDate });

const inOrder = new DossierReportProjection(options);
events.forEach((e, i) => inOrder.apply(message(e, i)));

describe('DossierReportProjection', () => {
  it('restores from its checkpoint chunks to the same counters', () => {
    const p = new DossierReportProjection(options);
    events.forEach((e, i) => p.apply(message(e, i)));
    const chunks = new Map([...p.takeCheckpointChanges()].filter(([, v]) => v !== null));
    // Through JSON, as the store keeps them.
    const restored = DossierReportProjection.restore(options, new Map(JSON.parse(JSON.stringify([...chunks]))));
    expect(report(restored)).toEqual(report(p));
    expect(report(p).scoring.digitized.count).toBeGreaterThan(0);
  });

  it('gives the oracle figures whatever the order, with duplicates, at the province and below', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.array(fc.nat(events.length - 1), { maxLength: 40 }), (shuffled, repeats) => {
        const p = new DossierReportProjection(options);
        const sent = [...shuffled, ...repeats.map((i) => events[i])];
        const outcomes = sent.map((e, i) => p.apply(message(e, i)));
        expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(repeats.length);
        expect(report(p)).toEqual(report(inOrder));
      }),
      { numRuns: 15 },
    );
    const facts = [...new Set(events.map((e) => e.dossierId))].map((id) => foldDossier(events.filter((e) => e.dossierId === id)));
    const window = { era: 'units-2023-04-10.v1', from: '2024-01-01' as LocalDate, to: '2024-12-31' as LocalDate };
    expect(report(inOrder)).toEqual(computeReportDirect(facts, options.hierarchy, window, '58'));
  });

  it('rejects records that are not events, without changing anything', () => {
    const p = new DossierReportProjection(options);
    expect(p.apply({ offset: '0', key: null, value: Buffer.from('not json'), timestamp: '0' })).toBe('rejected');
    expect(p.apply({ offset: '1', key: null, value: Buffer.from('{"source":"s","event":{"eventId":"x"}}'), timestamp: '0' })).toBe('rejected');
    const receiptWithoutFields = { ...events[0], eventId: 'bad', dossierId: 'BAD-1', fieldCode: undefined };
    expect(p.apply(message(receiptWithoutFields as never, 2))).toBe('rejected');
    expect(p.dossierCount).toBe(0);
    expect(p.pendingCheckpointChunks).toBe(0);
  });

  it('fills state chunks in arrival order, so new dossiers touch only the newest chunks', () => {
    const p = new DossierReportProjection(options);
    events.forEach((e, i) => p.apply(message(e, i)));
    p.takeCheckpointChanges();
    const last = events[events.length - 1];
    p.apply(message({ ...last, eventId: 'late-rating', type: 'SatisfactionRated', score: 4 } as never, events.length));
    const stateKeys = [...p.takeCheckpointChanges().keys()].filter((k) => k.startsWith('s|'));
    expect(stateKeys).toHaveLength(1);
    expect(p.stats()['stateChunks']).toBe(Math.ceil(60 / 16));
  });
});
