import { parseIsoLocalDate, toDayNumber } from '@dossier-ledger/calendar';
import { DossierStory } from '../testing/dossier-story';
import { OLD_ERA, TEST_HIERARCHY } from '../testing/fake-hierarchy';
import { foldAll, storeOf } from '../testing/pipeline';
import { dossierContributions } from './contributions';
import { applyContributions, CounterStore, counterStoreChunkKey, type CounterStoreChunk } from './counter-store';
import { DEFAULT_COUNTING_RULES } from './counting-rules';
import { FIELD_COUNTER_COUNT } from './counters';
import { DaySeries } from './day-series';
import { readDossierReport } from './read-report';

const stories = [
  DossierStory.receive('a', { unit: 'C11', on: '2024-03-01', due: '2024-03-05' })
    .resolved('2024-03-04')
    .rated('2024-03-05', 3.7),
  DossierStory.receive('b', {
    unit: 'C21',
    on: '2024-02-01',
    due: '2024-02-05',
    channel: 'direct',
  }).supplementRequested('2024-02-02'),
  DossierStory.receive('c', { unit: 'D1', on: '2023-12-30', procedure: 'PR9' }).withdrawn('2024-04-01'),
];
const facts = foldAll(stories.map((s) => s.events));
/** Counter indexes of flattened rows (day, n, n × (counter, value)). */
function rowCounters(flat: readonly number[]): number[] {
  const counters: number[] = [];
  for (let i = 0; i < flat.length; i += 2 + 2 * flat[i + 1])
    for (let k = 0; k < flat[i + 1]; k++) counters.push(flat[i + 2 + 2 * k]);
  return counters;
}

const query = {
  era: OLD_ERA,
  unitCode: 'P',
  from: parseIsoLocalDate('2024-01-01'),
  to: parseIsoLocalDate('2024-03-31'),
};

describe('CounterStore', () => {
  it('round-trips through JSON chunks', () => {
    const store = storeOf(facts);
    const json = JSON.parse(JSON.stringify(store.toChunks())) as CounterStoreChunk[];
    const restored = CounterStore.fromChunks(json);
    expect(restored.toChunks()).toEqual(store.toChunks());
    expect(readDossierReport(restored, query)).toEqual(readDossierReport(store, query));
    expect(json.map(counterStoreChunkKey)).toEqual(
      ['C11', 'C21', 'D1', 'D2', 'P', 'N1', 'N2', 'P'].map(
        (unit, i) => `vn-default-v1:${i < 5 ? 'vn-2023' : 'vn-2025'}:${unit}`,
      ),
    );
  });

  it('merges partial stores into the store of all dossiers, in any order', () => {
    const left = storeOf(facts.slice(0, 1));
    const right = storeOf(facts.slice(1));
    const all = storeOf(facts).toChunks();
    left.merge(right);
    expect(left.toChunks()).toEqual(all);
    const other = storeOf(facts.slice(1));
    other.merge(storeOf(facts.slice(0, 1)));
    expect(other.toChunks()).toEqual(all);
  });

  it('hands out the chunks of changed units only', () => {
    const store = storeOf(facts);
    expect(store.takeDirtyChunks()).toHaveLength(8);
    expect(store.takeDirtyChunks()).toEqual([]);
    applyContributions(store, dossierContributions(facts[1]), TEST_HIERARCHY);
    expect(
      store
        .takeDirtyChunks()
        .map((c) => `${c.era}:${c.unitCode}`)
        .sort(),
    ).toEqual(['vn-2023:C21', 'vn-2023:D2', 'vn-2023:P', 'vn-2025:N2', 'vn-2025:P']);
  });

  it('keeps scoring counters per unit, in a `scoring` entry of the chunk, and reads older chunks that put them in field rows', () => {
    const store = storeOf(facts);
    const chunk = store.toChunks().find((c) => c.era === OLD_ERA && c.unitCode === 'C11') as CounterStoreChunk;
    expect(chunk.scoring).toBeDefined();
    expect(
      chunk.series.every(([, , rows]) => rowCounters(rows).every((counter) => counter < FIELD_COUNTER_COUNT)),
    ).toBe(true);
    // An older writer: scoring rows folded into the field rows, no `scoring` entry.
    const { scoring, ...rest } = chunk;
    const [level, fieldCode, rows] = chunk.series[0];
    const older: CounterStoreChunk = {
      ...rest,
      series: [[level, fieldCode, [...rows, ...(scoring ?? [])]], ...chunk.series.slice(1)],
    };
    const window = { era: OLD_ERA, unitCode: 'C11', from: query.from, to: query.to };
    const report = readDossierReport(CounterStore.fromChunks([chunk]), window);
    expect(readDossierReport(CounterStore.fromChunks([older]), window)).toEqual(report);
    expect(report.scoring.satisfaction).toEqual({ sum: 3.7, count: 1, average: 3.7 });
    expect(() => CounterStore.fromChunks([{ ...chunk, scoring: [19723, 1, 0, 1] }])).toThrow(/out of range/);
  });

  it('splits a unit into chunks by day range that add up to the unit', () => {
    const store = storeOf(facts);
    const split = toDayNumber(parseIsoLocalDate('2024-02-15'));
    const parts = [
      store.unitChunk(OLD_ERA, 'P', { from: -Infinity, to: split - 1 }),
      store.unitChunk(OLD_ERA, 'P', { from: split, to: Infinity }),
    ];
    expect(parts.every((part) => part.series.length > 0)).toBe(true);
    expect(CounterStore.fromChunks(parts).toChunks()).toEqual([store.unitChunk(OLD_ERA, 'P')]);
    expect(store.unitChunk(OLD_ERA, 'nowhere')).toMatchObject({ unitCode: 'nowhere', series: [], procedures: [] });
  });

  it('drops the rows of one month, reuses their space, and adds the month back from its chunks', () => {
    const store = storeOf(facts);
    const february = {
      from: toDayNumber(parseIsoLocalDate('2024-02-01')),
      to: toDayNumber(parseIsoLocalDate('2024-02-29')),
    };
    const whole = store.unitChunk(OLD_ERA, 'P');
    const saved = store.toChunks().map((chunk) => store.unitChunk(chunk.era, chunk.unitCode, february));
    expect(saved.some((chunk) => chunk.series.length > 0)).toBe(true);
    const bytes = store.stats().arenaBytes;
    store.dropMonth('2024-02');
    expect(store.unitChunk(OLD_ERA, 'P', february).series).toEqual([]);
    expect(store.stats().freeBytes).toBeGreaterThan(0);
    expect(store.unitChunk(OLD_ERA, 'P')).not.toEqual(whole);
    for (const chunk of saved) store.addChunk(chunk);
    expect(store.unitChunk(OLD_ERA, 'P')).toEqual(whole);
    expect(store.stats()).toMatchObject({ arenaBytes: bytes, freeBytes: 0 });
  });

  it('refuses to combine counters of different rules or layouts', () => {
    const store = storeOf(facts);
    const other = new CounterStore({ ...DEFAULT_COUNTING_RULES, finishOn: 'resultReturned' });
    expect(() => other.merge(store)).toThrow(/cannot be combined/);
    const [chunk] = store.toChunks();
    expect(() => other.addChunk(chunk)).toThrow(/cannot be combined/);
    expect(() => store.addChunk({ ...chunk, layout: 99 })).toThrow(/layout/);
  });
});

describe('DaySeries', () => {
  it('sums windows over whole months, partial months and prefixes', () => {
    const series = new DaySeries(2);
    const day = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
    series.add(day('2024-01-31'), 0, 1);
    series.add(day('2024-02-01'), 0, 2);
    series.add(day('2024-02-29'), 1, 4);
    series.add(day('2024-03-01'), 0, 8);
    const sums = { flow: [0, 0], atEnd: [0, 0], beforeStart: [0, 0] };
    series.sumInto(day('2024-02-01'), day('2024-02-29'), [0, 1], sums);
    expect(sums).toEqual({ flow: [2, 4], atEnd: [3, 4], beforeStart: [1, 0] });
    expect([...series.rows()].map(([d]) => d)).toEqual([
      day('2024-01-31'),
      day('2024-02-01'),
      day('2024-02-29'),
      day('2024-03-01'),
    ]);
  });

  it('forgets a month and keeps the others readable', () => {
    const series = new DaySeries(1, undefined, true);
    const day = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
    for (const iso of ['2024-01-15', '2024-02-10', '2024-03-05']) series.add(day(iso), 0, 1);
    series.dropMonth(2024 * 12 + 0);
    expect([...series.months()].sort()).toEqual([2024 * 12 + 1, 2024 * 12 + 2]);
    expect([...series.rows()]).toEqual([
      [day('2024-02-10'), [1]],
      [day('2024-03-05'), [1]],
    ]);
    series.add(day('2024-03-05'), 0, 2);
    series.add(day('2024-01-20'), 0, 5);
    const sums = { flow: [0], atEnd: [0], beforeStart: [0] };
    series.sumInto(day('2024-01-01'), day('2024-03-31'), [], sums);
    expect(sums.flow).toEqual([9]);
  });

  it('refuses to wrap an integer row', () => {
    const series = new DaySeries(1, undefined, true);
    series.add(0, 0, 2 ** 31 - 1);
    expect(() => series.add(0, 0, 1)).toThrow(RangeError);
  });
});
