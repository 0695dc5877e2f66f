import type { CounterStoreChunk } from '@dossier-ledger/reporting';

/** Rows of one series of a chunk: flattened as day, n, then n pairs (counter, value). */
type Rows = readonly number[];

/** Every series of a chunk by a key unique within the chunk: field series, procedure series, scoring. */
function seriesOf(chunk: CounterStoreChunk | undefined): Map<string, Rows> {
  const out = new Map<string, Rows>();
  if (!chunk) return out;
  for (const [level, fieldCode, rows] of chunk.series) out.set(`s|${level}|${fieldCode}`, rows);
  for (const [procedureCode, rows] of chunk.procedures) out.set(`p|${procedureCode}`, rows);
  if (chunk.scoring) out.set('scoring', chunk.scoring);
  return out;
}

/** Start of each day's row in flattened rows; a day met twice (not written by CounterStore) is reported as changed. */
function rowStarts(rows: Rows, changed: Set<number>): Map<number, number> {
  const starts = new Map<number, number>();
  for (let i = 0; i < rows.length; i += 2 + 2 * rows[i + 1]) {
    if (starts.has(rows[i])) changed.add(rows[i]);
    else starts.set(rows[i], i);
  }
  return starts;
}

function sameRow(a: Rows, at: number, b: Rows, bt: number): boolean {
  const n = a[at + 1];
  if (b[bt + 1] !== n) return false;
  for (let k = 2; k < 2 + 2 * n; k++) if (a[at + k] !== b[bt + k]) return false;
  return true;
}

function addDays(rows: Rows, changed: Set<number>): void {
  for (let i = 0; i < rows.length; i += 2 + 2 * rows[i + 1]) changed.add(rows[i]);
}

/**
 * The day numbers on which any counter differs between two values of the same chunk (an absent
 * `before` is the empty chunk), ascending. CounterStore writes a row only for a day with a non-zero
 * counter and its counters in ascending order, so two rows of a day are equal exactly when the
 * day's counters are; a row present on one side only is a change. Rows are compared as numbers,
 * without building a map per counter: a province's month chunk is republished every few hundred
 * milliseconds under load.
 */
export function changedCounterDays(before: CounterStoreChunk | undefined, after: CounterStoreChunk): number[] {
  const changed = new Set<number>();
  const old = seriesOf(before);
  for (const [key, rows] of seriesOf(after)) {
    const previous = old.get(key);
    old.delete(key);
    if (previous === undefined) {
      addDays(rows, changed);
      continue;
    }
    const previousStarts = rowStarts(previous, changed);
    for (const [day, at] of rowStarts(rows, changed)) {
      const pt = previousStarts.get(day);
      previousStarts.delete(day);
      if (pt === undefined || !sameRow(rows, at, previous, pt)) changed.add(day);
    }
    for (const day of previousStarts.keys()) changed.add(day);
  }
  // Series that vanished (their counters went back to zero).
  for (const rows of old.values()) addDays(rows, changed);
  return [...changed].sort((a, b) => a - b);
}
