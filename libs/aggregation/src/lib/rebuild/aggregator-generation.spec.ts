import { TOPICS } from '@dossier-ledger/contracts';
import { CounterStore, DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { generationNames, GenerationTopicNames } from './aggregator-generation';
import { counterDifferences } from './generation-verifier';

describe('generations', () => {
  it('keeps the names of before rebuilds for generation 0 and gives every other generation its own', () => {
    expect(generationNames(0, 'report-aggregator')).toEqual({
      generation: 0,
      manifestCollection: 'aggregator_manifests',
      chunkCollection: 'aggregator_chunks',
      countersTopic: TOPICS.reportCounters,
      groupId: 'report-aggregator',
    });
    expect(generationNames(3, 'report-aggregator')).toMatchObject({
      manifestCollection: 'aggregator_g3_manifests',
      chunkCollection: 'aggregator_g3_chunks',
      countersTopic: { ...TOPICS.reportCounters, name: 'report.counters.v1.g3' },
      groupId: 'report-aggregator.g3',
    });
    expect(() => generationNames(-1, 'g')).toThrow();
  });

  it('maps only the counters topic to the generation', () => {
    const topics = new GenerationTopicNames('t.', generationNames(2, 'g'));
    expect(topics.of(TOPICS.reportCounters)).toBe('t.report.counters.v1.g2');
    expect(topics.of(TOPICS.dossierEvents)).toBe('t.dossier.events.v1');
  });
});

describe('counterDifferences', () => {
  const store = (received: number) => {
    const s = new CounterStore(DEFAULT_COUNTING_RULES);
    const contribution = {
      unitCode: 'U',
      fieldCode: 'F',
      procedureCode: 'P',
      receivedOn: '2024-03-05',
      day: 19787,
      counter: 0,
      value: received,
    } as const;
    if (received !== 0) s.apply([contribution as never], [{ era: 'e', level: 'province', path: ['U'] }]);
    return s;
  };

  it('finds nothing between equal stores, and names the units that differ', () => {
    expect(counterDifferences(0, store(2), store(2))).toEqual([]);
    expect(counterDifferences(4, store(2), store(3))).toEqual(['partition 4: 1 unit(s) differ: e|U']);
    expect(counterDifferences(1, store(0), store(1))).toEqual(['partition 1: 1 unit(s) differ: e|U (live only)']);
  });
});
