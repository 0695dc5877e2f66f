import { fromDayNumber, toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import type { Contribution, CounterStore, CounterStoreChunk, DayRange, UnitHierarchy } from '@dossier-ledger/reporting';

/**
 * Counter chunks finer than one per era × unit: one per era × unit × calendar month
 * (`CounterStore.unitChunk` with the month's day range). A province's counters hold every dossier
 * below it, so a whole-unit chunk grows with history; a month chunk stays small, and a stream of
 * recent events only changes the chunks of the recent months. Month chunks of a unit add up to its
 * whole chunk, so `CounterStore.addChunk` restores and merges them.
 */
export interface CounterChunkId {
  era: string;
  unitCode: string;
  /** YYYY-MM */
  month: string;
}

const PREFIX = 'c|';

export function counterChunkKey({ era, unitCode, month }: CounterChunkId): string {
  return `${PREFIX}${era}|${unitCode}|${month}`;
}

export function isCounterChunkKey(key: string): boolean {
  return key.startsWith(PREFIX);
}

export function parseCounterChunkKey(key: string): CounterChunkId {
  const [, era, unitCode, month] = key.split('|');
  return { era, unitCode, month };
}

const monthCache = new Map<number, string>();

/** YYYY-MM of a calendar day number. */
export function monthOfDay(day: number): string {
  let month = monthCache.get(day);
  if (month === undefined) {
    month = fromDayNumber(day).slice(0, 7);
    if (monthCache.size > 100_000) monthCache.clear();
    monthCache.set(day, month);
  }
  return month;
}

/** Keys of the counter chunks some contributions change: every unit of their report chains × the months of their days. */
export function counterChunkKeysOf(
  contributions: readonly Contribution[],
  hierarchy: UnitHierarchy,
  visit: (key: string, month: string) => void,
): void {
  let unitCode = '';
  let receivedOn = '';
  let month = '';
  for (const c of contributions) {
    const m = monthOfDay(c.day);
    // Contributions of a dossier share unit and receipt date and come sorted by day: skip repeats.
    if (c.unitCode === unitCode && c.receivedOn === receivedOn && m === month) continue;
    unitCode = c.unitCode;
    receivedOn = c.receivedOn;
    month = m;
    for (const chain of hierarchy.reportChains(c.unitCode, c.receivedOn)) {
      for (const unit of chain.path) visit(counterChunkKey({ era: chain.era, unitCode: unit, month }), month);
    }
  }
}

/** Day numbers of the first and last day of a month `YYYY-MM`. */
export function monthDays(month: string): DayRange {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: toDayNumber(`${month}-01` as LocalDate), to: toDayNumber(next as LocalDate) - 1 };
}

/** Exports the chunks of the given keys, grouped by unit so each unit's series are read once. */
export function exportCounterChunks(store: CounterStore, keys: Iterable<string>): Map<string, CounterStoreChunk> {
  const byUnit = new Map<string, { era: string; unitCode: string; months: Set<string> }>();
  for (const key of keys) {
    const { era, unitCode, month } = parseCounterChunkKey(key);
    const unitKey = `${era}|${unitCode}`;
    let entry = byUnit.get(unitKey);
    if (entry === undefined) byUnit.set(unitKey, (entry = { era, unitCode, months: new Set() }));
    entry.months.add(month);
  }
  const out = new Map<string, CounterStoreChunk>();
  for (const { era, unitCode, months } of byUnit.values()) {
    for (const month of months)
      out.set(counterChunkKey({ era, unitCode, month }), store.unitChunk(era, unitCode, monthDays(month)));
  }
  return out;
}

export function isEmptyCounterChunk(chunk: CounterStoreChunk): boolean {
  return chunk.series.length === 0 && chunk.procedures.length === 0 && (chunk.scoring ?? []).length === 0;
}

function negateRows(flat: readonly number[]): number[] {
  const out = flat.slice();
  let i = 0;
  while (i < out.length) {
    const n = out[i + 1];
    i += 2;
    for (let k = 0; k < n; k++, i += 2) out[i + 1] = -out[i + 1];
  }
  return out;
}

/** The same chunk with every value negated: adding it removes the chunk's counters from a store. */
export function negateCounterChunk(chunk: CounterStoreChunk): CounterStoreChunk {
  return {
    ...chunk,
    series: chunk.series.map(([level, fieldCode, rows]) => [level, fieldCode, negateRows(rows)]),
    procedures: chunk.procedures.map(([procedureCode, rows]) => [procedureCode, negateRows(rows)]),
    ...(chunk.scoring ? { scoring: negateRows(chunk.scoring) } : {}),
  };
}
