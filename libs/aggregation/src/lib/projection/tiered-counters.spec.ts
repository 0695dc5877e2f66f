import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import {
  DEFAULT_COUNTING_RULES,
  dossierContributions,
  foldDossier,
  type Contribution,
} from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { RegistryUnitHierarchy } from '../hierarchy/registry-unit-hierarchy';
import { realisticDossiers } from '../../testing/realistic-dossiers';
import { counterChunkKeysOf, isEmptyCounterChunk } from './counter-chunks';
import { TieredCounters } from './tiered-counters';

const registry = loadDefaultUnitRegistry();
const hierarchy = new RegistryUnitHierarchy(registry);
const contributions: Contribution[][] = realisticDossiers({
  registry,
  seed: 3,
  dossiers: 120,
  province: '58',
  firstDay: '2024-01-01',
  days: 150,
}).map((events) => dossierContributions(foldDossier(events), DEFAULT_COUNTING_RULES));

/** Every chunk key the contributions touch, by month. */
function keysByMonth(all: readonly Contribution[][]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const c of all)
    counterChunkKeysOf(c, hierarchy, (key, month) => {
      if (!keys.has(month)) keys.set(month, new Set());
      keys.get(month)?.add(key);
    });
  return keys;
}

const keys = keysByMonth(contributions);
const allKeys = [...keys.values()].flatMap((set) => [...set]);
const nonEmpty = (tiered: TieredCounters) =>
  new Map([...tiered.export(allKeys)].filter(([, chunk]) => !isEmptyCounterChunk(chunk)));

function rowsOnly(): TieredCounters {
  const tiered = new TieredCounters(DEFAULT_COUNTING_RULES, hierarchy);
  for (const c of contributions) tiered.apply(c);
  return tiered;
}

describe('TieredCounters', () => {
  const expected = nonEmpty(rowsOnly());

  it('reads compressed months as they were as rows, and keeps only the hot months as rows', () => {
    const tiered = rowsOnly();
    const rowBytes = tiered.stats().rowBytes;
    tiered.compressBefore('2024-05', (month) => keys.get(month) ?? []);
    expect(expected.size).toBeGreaterThan(50);
    expect(tiered.stats().coldMonths).toBe(4);
    expect(nonEmpty(tiered)).toEqual(expected);
    expect(tiered.snapshot().toChunks()).toEqual(rowsOnly().snapshot().toChunks());
    // Rows given back are reused: deltas in the compressed months take no new pages.
    const may = toDayNumber('2024-05-01' as LocalDate);
    for (const c of contributions) tiered.apply(c.filter((x) => x.day < may));
    expect(tiered.stats().rowBytes).toBe(rowBytes);
  });

  it('adds a late change to a compressed month as a delta, folds it in later, and drops a chunk that went to zero', () => {
    const tiered = rowsOnly();
    tiered.compressBefore('2024-05', (month) => keys.get(month) ?? []);
    const [first, ...rest] = contributions;
    tiered.apply(first.map((c) => ({ ...c, value: -c.value }))); // the dossier's contributions leave
    const withoutFirst = new TieredCounters(DEFAULT_COUNTING_RULES, hierarchy);
    for (const c of rest) withoutFirst.apply(c);
    const want = nonEmpty(withoutFirst);
    expect(nonEmpty(tiered)).toEqual(want);
    tiered.compressBefore('2024-05', (month) => keys.get(month) ?? []);
    expect(nonEmpty(tiered)).toEqual(want);
    const month = [...keys.keys()].sort()[0];
    // The compressed base as a checkpoint stores it reads back as the same chunks.
    const stored = JSON.parse(JSON.stringify(tiered.storedCold(month)));
    const restored = new TieredCounters(DEFAULT_COUNTING_RULES, hierarchy).restoreCold(month, stored);
    expect([...restored.keys()].sort()).toEqual([...want.keys()].filter((key) => key.endsWith(`|${month}`)).sort());
    for (const [key, chunk] of restored) expect(chunk).toEqual(want.get(key));
  });
});
