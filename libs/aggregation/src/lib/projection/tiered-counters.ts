import {
  applyContributions,
  CounterStore,
  type Contribution,
  type CounterStoreChunk,
  type CountingRules,
  type UnitHierarchy,
} from '@dossier-ledger/reporting';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  exportCounterChunks,
  isEmptyCounterChunk,
  monthDays,
  monthOfDay,
  parseCounterChunkKey,
} from './counter-chunks';

/** A compressed month: its chunks' JSON one after the other, deflated, and where each chunk's JSON is. */
interface ColdMonth {
  /** Deflated text, as a latin1 string (exact size, no buffer slack). */
  readonly data: string;
  /** Chunk key → [start, end) of its JSON in the inflated text. */
  readonly spans: ReadonlyMap<string, readonly [number, number]>;
}

/** A compressed month as a checkpoint stores it: the deflated text (base64) and each chunk's key and end. */
export interface StoredColdMonth {
  v: 2;
  data: string;
  keys: string[];
  ends: number[];
}

/**
 * Counters in two tiers: rows (a CounterStore) for the recent months, and the months before the
 * hot window compressed (ColdMonth). A change to a compressed month (a late event, a
 * correction) lands in the rows as a delta; reads add base and delta, and the next compression folds
 * the delta in. So the rows in memory cover the recent months, and history costs only its compressed
 * size (docs/architecture.md §3a). Published values are the same whichever tier holds a month:
 * addition commutes, and chunks are canonical.
 */
export class TieredCounters {
  private readonly rows: CounterStore;
  private readonly cold = new Map<string, ColdMonth>();
  /** Months that have rows (hot ones, and compressed ones with a delta). */
  private readonly monthsWithRows = new Set<string>();

  constructor(
    private readonly rules: CountingRules,
    private readonly hierarchy: UnitHierarchy,
  ) {
    this.rows = new CounterStore(rules);
  }

  /** Adds contributions (or a diff) along their report chains. */
  apply(contributions: readonly Contribution[]): void {
    if (contributions.length === 0) return;
    applyContributions(this.rows, contributions, this.hierarchy);
    let last = '';
    for (const c of contributions) {
      const month = monthOfDay(c.day);
      if (month !== last) this.monthsWithRows.add((last = month));
    }
  }

  /** Adds the chunk of one month (a restore). */
  addChunk(chunk: CounterStoreChunk, month: string): void {
    this.rows.addChunk(chunk);
    this.monthsWithRows.add(month);
  }

  /**
   * Compresses the rows of every month before `firstHot` (YYYY-MM), folding them into what that month
   * already had compressed; `keysOf` gives the chunk keys a month may have.
   */
  compressBefore(firstHot: string, keysOf: (month: string) => Iterable<string>): string[] {
    const folded = [...this.monthsWithRows].filter((month) => month < firstHot);
    for (const month of folded) this.fold(month, keysOf(month));
    return folded;
  }

  /** Bytes the rows use (allocated minus freed). */
  get rowBytesUsed(): number {
    const { arenaBytes, freeBytes } = this.rows.stats();
    return arenaBytes - freeBytes;
  }

  /** A month's rows as chunks (non-empty ones): what changed since it was last compressed. */
  rowChunks(month: string, keys: Iterable<string>): CounterStoreChunk[] {
    if (!this.monthsWithRows.has(month)) return [];
    return [...exportCounterChunks(this.rows, keys).values()].filter((chunk) => !isEmptyCounterChunk(chunk));
  }

  /** A month's compressed base, as a checkpoint stores it (undefined: none). */
  storedCold(month: string): StoredColdMonth | undefined {
    const cold = this.cold.get(month);
    if (cold === undefined || cold.spans.size === 0) return undefined;
    const keys = [...cold.spans.keys()];
    const ends = [...cold.spans.values()].map(([, end]) => end);
    return { v: 2, data: Buffer.from(cold.data, 'latin1').toString('base64'), keys, ends };
  }

  /** Installs a stored compressed base (a restore; the month must have none yet); answers its chunks by key. */
  restoreCold(month: string, stored: StoredColdMonth): Map<string, CounterStoreChunk> {
    if (this.cold.has(month)) throw new Error(`counters of ${month}: a compressed base is restored twice`);
    const data = Buffer.from(stored.data, 'base64').toString('latin1');
    const spans = new Map<string, [number, number]>();
    stored.keys.forEach((key, i) => spans.set(key, [i === 0 ? 0 : stored.ends[i - 1], stored.ends[i]]));
    this.cold.set(month, { data, spans });
    const text = inflate(data);
    const out = new Map<string, CounterStoreChunk>();
    for (const [key, [from, to]] of spans) out.set(key, JSON.parse(text.slice(from, to)) as CounterStoreChunk);
    return out;
  }

  /** Folds a month's rows into its compressed form (a month left with no counters has none). */
  private fold(month: string, keys: Iterable<string>): void {
    const texts = new Map<string, string>();
    const previous = this.cold.get(month);
    if (previous) {
      const text = inflate(previous.data);
      for (const [key, [from, to]] of previous.spans) texts.set(key, text.slice(from, to));
    }
    if (this.monthsWithRows.has(month)) {
      for (const [key, delta] of exportCounterChunks(this.rows, keys)) {
        if (isEmptyCounterChunk(delta)) continue;
        const base = texts.get(key);
        const sum =
          base === undefined ? delta : addChunks(this.rules, JSON.parse(base) as CounterStoreChunk, delta, key);
        if (isEmptyCounterChunk(sum)) texts.delete(key);
        else texts.set(key, JSON.stringify(sum));
      }
      this.rows.dropMonth(month);
      this.monthsWithRows.delete(month);
    }
    if (texts.size === 0) {
      this.cold.delete(month);
      return;
    }
    const spans = new Map<string, [number, number]>();
    let at = 0;
    for (const [key, text] of texts) spans.set(key, [at, (at += text.length)]);
    // Level 1: this runs between batches; it took about half the default's time for ~⅓ more bytes.
    const data = deflateRawSync([...texts.values()].join(''), { level: 1 }).toString('latin1');
    this.cold.set(month, { data, spans });
  }

  /** The chunks of `keys` as published: rows plus the compressed base (each cold month inflated once). */
  export(keys: Iterable<string>): Map<string, CounterStoreChunk> {
    const out = exportCounterChunks(this.rows, keys);
    const texts = new Map<string, string>();
    for (const [key, chunk] of out) {
      const month = parseCounterChunkKey(key).month;
      const span = this.cold.get(month)?.spans.get(key);
      if (span === undefined) continue;
      let text = texts.get(month);
      if (text === undefined) texts.set(month, (text = inflate((this.cold.get(month) as ColdMonth).data)));
      const base = JSON.parse(text.slice(span[0], span[1])) as CounterStoreChunk;
      out.set(key, isEmptyCounterChunk(chunk) ? base : addChunks(this.rules, base, chunk, key));
    }
    return out;
  }

  /** Every counter in one store (a copy: rebuild checks, tests, benchmarks). */
  snapshot(): CounterStore {
    const store = new CounterStore(this.rules);
    store.merge(this.rows);
    for (const { data, spans } of this.cold.values()) {
      const text = inflate(data);
      for (const [from, to] of spans.values()) store.addChunk(JSON.parse(text.slice(from, to)) as CounterStoreChunk);
    }
    return store;
  }

  stats(): { coldMonths: number; coldBytes: number; rowBytes: number } {
    let coldBytes = 0;
    for (const { data } of this.cold.values()) coldBytes += data.length;
    return { coldMonths: this.cold.size, coldBytes, rowBytes: this.rows.stats().arenaBytes };
  }
}

/** The month chunk `key` with both chunks' counters. */
function addChunks(rules: CountingRules, a: CounterStoreChunk, b: CounterStoreChunk, key: string): CounterStoreChunk {
  const sum = new CounterStore(rules);
  sum.addChunk(a);
  sum.addChunk(b);
  const { era, unitCode, month } = parseCounterChunkKey(key);
  return sum.unitChunk(era, unitCode, monthDays(month));
}

function inflate(data: string): string {
  return inflateRawSync(Buffer.from(data, 'latin1')).toString('utf8');
}
