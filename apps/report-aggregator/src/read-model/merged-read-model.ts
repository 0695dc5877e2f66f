import { CounterStore, type CounterStoreChunk, type CountingRules } from '@dossier-ledger/reporting';
import {
  isNoteChunkKey,
  NotesReadModel,
  isCounterChunkKey,
  negateCounterChunk,
  parseCounterChunkKey,
  counterFeedKey,
  type CounterFeedEntry,
} from '@dossier-ledger/aggregation';
import { changedCounterDays } from '../live/counter-chunk-diff';
import type { CounterChangeListener } from '../live/counter-change';

export type FeedOutcome = 'applied' | 'stale' | 'rejected';

/**
 * The counters of every partition merged, as every replica keeps them in memory for reads. For each
 * (partition, chunk) it holds the value with the highest covered offset; the merged store is the
 * sum of those values (a newer value replaces the older: subtract it, add the new one). An owner
 * that lost its partition (a zombie) and publishes late cannot move a chunk back in time.
 */
export class MergedReadModel {
  readonly store: CounterStore;
  /** Dossier notes (`n|…` chunks of the same feed): kept apart from the counters, same highest-offset rule. */
  readonly notes = new NotesReadModel();
  private readonly latest = new Map<string, { offset: bigint; chunk: CounterStoreChunk }>();
  private readonly covered = new Map<number, bigint>();
  private readonly counts = { applied: 0, stale: 0, rejected: 0 };

  constructor(
    rules: CountingRules,
    /** Told which days of a counter chunk changed (live views); not called for `notify: false` applies. */
    private readonly onCounterChange?: CounterChangeListener,
  ) {
    this.store = new CounterStore(rules);
  }

  /** `notify: false` while replaying the feed's history at start-up: old changes are not news. */
  apply(entry: CounterFeedEntry, { notify = true }: { notify?: boolean } = {}): FeedOutcome {
    if (isNoteChunkKey(entry.chunkKey)) return this.notes.apply(entry);
    const key = counterFeedKey(entry.partition, entry.chunkKey);
    const current = this.latest.get(key);
    if (current && current.offset >= entry.offset) {
      this.counts.stale++;
      return 'stale';
    }
    try {
      // addChunk validates format, layout and basis before touching the store.
      this.store.addChunk(entry.chunk);
    } catch {
      this.counts.rejected++;
      return 'rejected';
    }
    if (current) this.store.addChunk(negateCounterChunk(current.chunk));
    this.latest.set(key, { offset: entry.offset, chunk: entry.chunk });
    if (notify && this.onCounterChange && isCounterChunkKey(entry.chunkKey)) this.notifyChange(entry, current?.chunk);
    if ((this.covered.get(entry.partition) ?? -1n) < entry.offset) this.covered.set(entry.partition, entry.offset);
    this.counts.applied++;
    return 'applied';
  }

  private notifyChange(entry: CounterFeedEntry, before: CounterStoreChunk | undefined): void {
    const days = changedCounterDays(before, entry.chunk);
    if (days.length === 0) return;
    const { era, unitCode } = parseCounterChunkKey(entry.chunkKey);
    (this.onCounterChange as CounterChangeListener)({ era, unitCode, days, partition: entry.partition });
  }

  /** Highest events-topic offset seen per partition (how fresh the figures are). */
  coveredOffsets(): Record<number, string> {
    return Object.fromEntries([...this.covered].sort(([a], [b]) => a - b).map(([p, o]) => [p, String(o)]));
  }

  stats(): Record<string, number> {
    const notes = this.notes.stats();
    return {
      ...this.counts,
      chunks: this.latest.size,
      noteChunks: notes.chunks,
      noteChunksStale: notes.stale,
      noteChunksRejected: notes.rejected,
    };
  }
}
