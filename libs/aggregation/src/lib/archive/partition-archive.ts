import type { Contribution, CounterStoreChunk, CountingRules, UnitHierarchy } from '@dossier-ledger/reporting';
import { counterChunkKey, counterChunkKeysOf } from '../projection/counter-chunks';
import { TieredCounters, type StoredColdMonth } from '../projection/tiered-counters';
import type { StateEntry } from '../projection/dossier-state';
import { ArchiveIndex, decodeShard, dossierHash, encodeShard, SHARD_SHIFT } from './archive-index';

/** An archive document: the entries of one bucket of one archive batch (v2: events as v3 state chunks). */
export interface ArchiveDocument {
  v: 1 | 2;
  dossiers: StateEntry[];
}

/** One archive batch: the documents `${prefix}a|<bucket>` written with one checkpoint attempt. */
interface ArchiveBatch {
  prefix: string;
  buckets: number;
  /** Its dossiers still archived; at 0 its documents are garbage. */
  live: number;
}

/** What an archive sweep writes with its checkpoint, and what undoes it if that write fails. */
export interface ArchiveWrite {
  /** Document key (after the attempt prefix) → document. */
  readonly documents: Map<string, ArchiveDocument>;
  readonly entries: readonly StateEntry[];
  readonly batch: number;
}

/** Where an archived dossier may be: its batch and the document id. */
export interface ArchiveLocation {
  batch: number;
  documentId: string;
}

/** Dossiers per archive document: one insert per this many archived dossiers. */
const DOSSIERS_PER_DOCUMENT = 32;
const SHARD_PREFIX = 'ax|';
const BATCHES_KEY = 'at';
/** `ac|<YYYY-MM>`: the compressed archived sums of one month (few big chunks: a restore reads them fast). */
const COUNTER_PREFIX = 'ac|';
/** `ad|<YYYY-MM>`: what changed in that month's archived sums since they were compressed, as counter chunks. */
const DELTA_PREFIX = 'ad|';
/** Rows of archived sums (changes since their compression) that make a checkpoint compress them. */
const DEFAULT_ARCHIVE_FOLD_BYTES = 8 * 2 ** 20;
/** Later than any month `YYYY-MM`. */
const ALL_MONTHS = '~';

/**
 * The archived dossiers of one partition: what stays in memory is the index (8 bytes a dossier),
 * the table of archive batches and the archived dossiers' contributions summed per unit × month
 * (the shape of the published counters; compressed between checkpoints, TieredCounters). Checkpoint chunks: `ax|<shard>` (index),
 * `at` (batches), `ac|<YYYY-MM>` (that month's counter chunks of every unit). The dossiers themselves are in archive
 * documents, read by `_id` only when an event for one of them arrives.
 */
export class PartitionArchive {
  readonly counters: TieredCounters;
  readonly index = new ArchiveIndex();
  private readonly batches: (ArchiveBatch | null)[] = [];
  private readonly dirtyShards = new Set<number>();
  /** Months whose rows (archived sums since the base) changed. */
  private readonly dirtyDeltas = new Set<string>();
  /** Months whose compressed base changed. */
  private readonly dirtyBases = new Set<string>();
  /** Published counter chunk keys with archived sums, by month. */
  private readonly keysByMonth = new Map<string, Set<string>>();
  private batchesDirty = false;
  private garbage: string[] = [];

  constructor(
    rules: CountingRules,
    private readonly hierarchy: UnitHierarchy,
    private readonly foldBytes = DEFAULT_ARCHIVE_FOLD_BYTES,
  ) {
    this.counters = new TieredCounters(rules, hierarchy);
  }

  static isChunkKey(key: string): boolean {
    return (
      key.startsWith(SHARD_PREFIX) ||
      key === BATCHES_KEY ||
      key.startsWith(COUNTER_PREFIX) ||
      key.startsWith(DELTA_PREFIX)
    );
  }

  /** Archives entries as a new batch whose documents get ids `${prefix}a|<bucket>`. */
  add(prefix: string, entries: StateEntry[], contributionsOf: (entry: StateEntry) => Contribution[]): ArchiveWrite {
    const buckets = Math.max(1, Math.ceil(entries.length / DOSSIERS_PER_DOCUMENT));
    const batch = this.batches.length;
    this.batches.push({ prefix, buckets, live: entries.length });
    this.batchesDirty = true;
    const documents = new Map<string, ArchiveDocument>();
    for (const entry of entries) {
      const hash = dossierHash(entry[0]);
      const key = bucketKey(hash % buckets);
      let doc = documents.get(key);
      if (doc === undefined) documents.set(key, (doc = { v: 2, dossiers: [] }));
      doc.dossiers.push(entry);
      this.index.add(hash, batch);
      this.dirtyShards.add(hash >>> SHARD_SHIFT);
      this.count(contributionsOf(entry), 1);
    }
    return { documents, entries, batch };
  }

  /** Documents that may hold the dossier (none: it was never archived). */
  locate(dossierId: string): ArchiveLocation[] {
    const hash = dossierHash(dossierId);
    return this.index.lookup(hash).map((batch) => {
      const b = this.batches[batch];
      if (!b) throw new Error(`archive index names batch ${batch}, which holds no dossier`);
      return { batch, documentId: b.prefix + bucketKey(hash % b.buckets) };
    });
  }

  /** The dossier found in `batch` comes back to memory: its contributions leave the archived sums. */
  remove(dossierId: string, batch: number, contributions: readonly Contribution[]): void {
    const hash = dossierHash(dossierId);
    if (!this.index.remove(hash, batch)) throw new Error(`dossier ${dossierId} is not archived in batch ${batch}`);
    this.dirtyShards.add(hash >>> SHARD_SHIFT);
    this.count(contributions, -1);
    const b = this.batches[batch];
    if (!b)
      throw new Error(`archive batch ${batch} of dossier ${dossierId} holds no dossier (index ${this.index.size})`);
    if (--b.live === 0) {
      for (let i = 0; i < b.buckets; i++) this.garbage.push(b.prefix + bucketKey(i));
      this.batches[batch] = null;
    }
    this.batchesDirty = true;
  }

  /** Undoes `add` after its write failed (the store deleted its documents). */
  revert(write: ArchiveWrite, contributionsOf: (entry: StateEntry) => Contribution[]): void {
    for (const entry of write.entries) {
      const hash = dossierHash(entry[0]);
      this.index.remove(hash, write.batch);
      this.dirtyShards.add(hash >>> SHARD_SHIFT);
      this.count(contributionsOf(entry), -1);
    }
    this.batches[write.batch] = null;
    this.batchesDirty = true;
  }

  /** Archive documents no dossier needs any more. */
  takeGarbage(): string[] {
    const out = this.garbage;
    this.garbage = [];
    return out;
  }

  returnGarbage(ids: readonly string[]): void {
    this.garbage.push(...ids);
  }

  /** The archive's chunks changed since the last take (null: removed). */
  takeCheckpointChanges(): Map<string, unknown> {
    const out = new Map<string, unknown>();
    if (this.dirtyShards.size > 0) {
      for (const [shard, pairs] of this.index.exportShards(this.dirtyShards))
        out.set(`${SHARD_PREFIX}${shard}`, pairs.length === 0 ? null : encodeShard(pairs));
      this.dirtyShards.clear();
    }
    if (this.batchesDirty) {
      out.set(BATCHES_KEY, { v: 1, batches: this.batches });
      this.batchesDirty = false;
    }
    if (this.counters.rowBytesUsed > this.foldBytes) this.compress();
    for (const month of this.dirtyBases) out.set(COUNTER_PREFIX + month, this.counters.storedCold(month) ?? null);
    for (const month of this.dirtyDeltas) {
      const chunks = this.counters.rowChunks(month, this.keysByMonth.get(month) ?? []);
      out.set(DELTA_PREFIX + month, chunks.length === 0 ? null : { v: 1, chunks });
    }
    this.dirtyBases.clear();
    this.dirtyDeltas.clear();
    return out;
  }

  /** Folds the rows into the compressed months: their bases change and their deltas empty. */
  private compress(): void {
    for (const month of this.counters.compressBefore(ALL_MONTHS, (m) => this.keysByMonth.get(m) ?? [])) {
      this.dirtyBases.add(month);
      this.dirtyDeltas.add(month);
    }
  }

  /** Marks the keys of changes whose checkpoint failed as changed again. */
  returnCheckpointChanges(keys: Iterable<string>): void {
    for (const key of keys) {
      if (key.startsWith(SHARD_PREFIX)) this.dirtyShards.add(Number(key.slice(SHARD_PREFIX.length)));
      else if (key === BATCHES_KEY) this.batchesDirty = true;
      else if (key.startsWith(COUNTER_PREFIX)) this.dirtyBases.add(key.slice(COUNTER_PREFIX.length));
      else if (key.startsWith(DELTA_PREFIX)) this.dirtyDeltas.add(key.slice(DELTA_PREFIX.length));
    }
  }

  /** Restores one archive chunk; returns the archived counter chunks of an `ac|` chunk by published key. */
  restoreChunk(key: string, value: unknown): [string, CounterStoreChunk][] {
    if (key.startsWith(SHARD_PREFIX)) {
      const pairs = decodeShard(value as string);
      for (let i = 0; i < pairs.length; i += 2) this.index.add(pairs[i], pairs[i + 1]);
      return [];
    }
    if (key === BATCHES_KEY) {
      const { batches } = value as { batches: (ArchiveBatch | null)[] };
      // Copies: the counts change in memory, the chunk value must not.
      this.batches.splice(0, this.batches.length, ...batches.map((b) => b && { ...b }));
      return [];
    }
    if (key.startsWith(DELTA_PREFIX)) return this.restoreRows(key.slice(DELTA_PREFIX.length), value);
    const month = key.slice(COUNTER_PREFIX.length);
    if ((value as StoredColdMonth).v === 2) {
      const chunks = this.counters.restoreCold(month, value as StoredColdMonth);
      for (const published of chunks.keys()) this.monthKeys(month).add(published);
      return [...chunks];
    }
    // Version 1 (before deltas): the month's sums as counter chunks. They become rows, and the next
    // checkpoint writes them as the month's delta in place of this chunk.
    this.dirtyBases.add(month);
    this.dirtyDeltas.add(month);
    return this.restoreRows(month, value);
  }

  /** Counter chunks of one month into the rows; answers them by published key. */
  private restoreRows(month: string, value: unknown): [string, CounterStoreChunk][] {
    return (value as { chunks: CounterStoreChunk[] }).chunks.map((chunk) => {
      this.counters.addChunk(chunk, month);
      const published = counterChunkKey({ era: chunk.era, unitCode: chunk.unitCode, month });
      this.monthKeys(month).add(published);
      return [published, chunk];
    });
  }

  stats(): Record<string, number> {
    const counters = this.counters.stats();
    return {
      archivedSumsRowBytes: counters.rowBytes,
      archivedSumsColdBytes: counters.coldBytes,
      archived: this.index.size,
      archiveIndexBytes: this.index.bytes,
      archiveBatches: this.batches.filter((b) => b !== null).length,
    };
  }

  private count(contributions: readonly Contribution[], sign: 1 | -1): void {
    if (contributions.length === 0) return;
    this.counters.apply(sign === 1 ? contributions : contributions.map((c) => ({ ...c, value: -c.value })));
    counterChunkKeysOf(contributions, this.hierarchy, (key, month) => {
      this.monthKeys(month).add(key);
      this.dirtyDeltas.add(month);
    });
  }

  private monthKeys(month: string): Set<string> {
    let keys = this.keysByMonth.get(month);
    if (keys === undefined) this.keysByMonth.set(month, (keys = new Set()));
    return keys;
  }
}

function bucketKey(bucket: number): string {
  return `a|${bucket}`;
}
