import { counterFeedKey } from '../read-model/counter-feed.codec';
import { decodeNote, type DossierNote } from './dossier-note';
import { isNoteChunk, parseNoteChunkKey } from './note-chunks';

export type NoteFeedOutcome = 'applied' | 'stale' | 'rejected';

/** A notes record of the counters feed (the chunk is checked here: the feed codec types it as a counter chunk). */
export interface NoteFeedEntry {
  partition: number;
  offset: bigint;
  chunkKey: string;
  chunk: unknown;
}

/**
 * The notes of every partition, as every replica keeps them in memory for the reconciliation and cost
 * reads. Per (partition, chunk) the value with the highest covered offset wins, as for the counters;
 * notes are indexed by (era, unit) then month so a subtree read visits only the units' own months.
 */
export class NotesReadModel {
  private readonly offsets = new Map<string, bigint>();
  /** `era|unit` → month → partition → notes */
  private readonly byUnit = new Map<string, Map<string, Map<number, readonly DossierNote[]>>>();
  private readonly counts = { applied: 0, stale: 0, rejected: 0 };

  apply(entry: NoteFeedEntry): NoteFeedOutcome {
    const key = counterFeedKey(entry.partition, entry.chunkKey);
    const current = this.offsets.get(key);
    if (current !== undefined && current >= entry.offset) {
      this.counts.stale++;
      return 'stale';
    }
    if (!isNoteChunk(entry.chunk)) {
      this.counts.rejected++;
      return 'rejected';
    }
    const { era, unitCode, month } = parseNoteChunkKey(entry.chunkKey);
    const notes = entry.chunk.notes.map(decodeNote);
    let months = this.byUnit.get(`${era}|${unitCode}`);
    if (months === undefined) this.byUnit.set(`${era}|${unitCode}`, (months = new Map()));
    let partitions = months.get(month);
    if (partitions === undefined) months.set(month, (partitions = new Map()));
    if (notes.length > 0) partitions.set(entry.partition, notes);
    else partitions.delete(entry.partition);
    if (partitions.size === 0) months.delete(month);
    this.offsets.set(key, entry.offset);
    this.counts.applied++;
    return 'applied';
  }

  /**
   * The notes of one unit (its own dossiers, not its descendants') in the months `months` accepts
   * (every month when absent). Months are YYYY-MM, so a string range test selects a window.
   */
  notesOf(era: string, unitCode: string, months?: (month: string) => boolean): DossierNote[] {
    const out: DossierNote[] = [];
    for (const [month, partitions] of this.byUnit.get(`${era}|${unitCode}`) ?? []) {
      if (months && !months(month)) continue;
      for (const notes of partitions.values()) out.push(...notes);
    }
    return out;
  }

  stats(): { applied: number; stale: number; rejected: number; chunks: number } {
    return { ...this.counts, chunks: this.offsets.size };
  }
}
