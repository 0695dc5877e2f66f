import { CounterStore, type CounterStoreChunk, type CountingRules } from '@dossier-ledger/reporting';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  counterChunkKey,
  exportCounterChunks,
  isEmptyCounterChunk,
  monthDays,
  parseCounterChunkKey,
} from './counter-chunks';

/**
 * Counter months behind the hot window, kept compressed: a month's rows of every unit leave the
 * counter store (CounterStore.dropMonth) for one deflated buffer of that month's chunks. A later
 * change to such a month (a late event, a correction) lands in the store as a delta; reads add the
 * base and the delta, and the next eviction folds the delta in. So the rows in memory cover the recent
 * months, and history costs only its compressed size (docs/architecture.md, "What lives in memory").
 */
export class ColdCounterMonths {
  private readonly months = new Map<string, Buffer>();

  constructor(private readonly rules: CountingRules) {}

  has(month: string): boolean {
    return this.months.has(month);
  }

  get size(): number {
    return this.months.size;
  }

  /** Compressed bytes held. */
  get bytes(): number {
    let bytes = 0;
    for (const buffer of this.months.values()) bytes += buffer.byteLength;
    return bytes;
  }

  /** Moves the store's rows of `month` (its chunk keys: `keys`) into the month's compressed base. */
  evict(store: CounterStore, month: string, keys: Iterable<string>): void {
    const chunks = [...this.export(store, keys).values()].filter((chunk) => !isEmptyCounterChunk(chunk));
    // Fast compression (this runs between batches): level 1 took ~half the time of the default for ~⅓ more bytes.
    this.months.set(month, deflateRawSync(JSON.stringify(chunks), { level: 1 }));
    store.dropMonth(month);
  }

  /** The compressed base of a month by published chunk key (empty for a month never evicted). */
  chunksOf(month: string): Map<string, CounterStoreChunk> {
    const buffer = this.months.get(month);
    if (buffer === undefined) return new Map();
    const chunks = JSON.parse(inflateRawSync(buffer).toString('utf8')) as CounterStoreChunk[];
    return new Map(chunks.map((chunk) => [counterChunkKey({ ...chunk, month }), chunk]));
  }

  /** The chunks of `keys` as published: the store's rows, plus the base of the cold months. */
  export(store: CounterStore, keys: Iterable<string>): Map<string, CounterStoreChunk> {
    const out = exportCounterChunks(store, keys);
    const bases = new Map<string, Map<string, CounterStoreChunk>>();
    for (const [key, chunk] of out) {
      const { era, unitCode, month } = parseCounterChunkKey(key);
      if (!this.months.has(month)) continue;
      let base = bases.get(month);
      if (base === undefined) bases.set(month, (base = this.chunksOf(month)));
      const cold = base.get(key);
      if (cold === undefined) continue;
      const sum = new CounterStore(this.rules);
      sum.addChunk(cold);
      sum.addChunk(chunk);
      out.set(key, sum.unitChunk(era, unitCode, monthDays(month)));
    }
    return out;
  }

  /** Adds every cold month into `store` (a full copy for readers that need every counter). */
  addTo(store: CounterStore): void {
    for (const month of this.months.keys()) for (const chunk of this.chunksOf(month).values()) store.addChunk(chunk);
  }
}
