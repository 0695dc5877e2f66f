import { fromDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import type { UnitHierarchy } from '@dossier-ledger/reporting';
import { monthOfDay } from '../projection/counter-chunks';
import { encodeNote, noteBucketDay, type DossierNote, type EncodedNote } from './dossier-note';

/**
 * Notes chunks: per (era, unit, month) of one events partition, the notes of the dossiers owned by
 * that unit (not rolled up: a subtree read visits its units) whose bucket day (finish, else receipt)
 * falls in that month. Published on the counters feed next to the counter chunks, as absolute values.
 */
export interface NoteChunkId {
  era: string;
  unitCode: string;
  /** YYYY-MM */
  month: string;
}

export interface NoteChunk {
  readonly format: 'dossier-ledger/notes';
  readonly v: 1;
  readonly era: string;
  readonly unitCode: string;
  readonly month: string;
  /** Sorted by dossier id; empty when the last note left (a value too: readers drop what they held). */
  readonly notes: EncodedNote[];
}

const PREFIX = 'n|';

export function noteChunkKey({ era, unitCode, month }: NoteChunkId): string {
  return `${PREFIX}${era}|${unitCode}|${month}`;
}

export function isNoteChunkKey(key: string): boolean {
  return key.startsWith(PREFIX);
}

export function parseNoteChunkKey(key: string): NoteChunkId {
  const [, era, unitCode, month] = key.split('|');
  return { era, unitCode, month };
}

export function isNoteChunk(value: unknown): value is NoteChunk {
  const chunk = value as NoteChunk | null;
  return (
    typeof chunk === 'object' &&
    chunk !== null &&
    chunk.format === 'dossier-ledger/notes' &&
    chunk.v === 1 &&
    Array.isArray(chunk.notes)
  );
}

/** The chunk keys of a note: its unit in every era the hierarchy gives (like its counters), in its bucket month. */
export function noteChunkKeys(note: DossierNote, hierarchy: UnitHierarchy): string[] {
  const month = monthOfDay(noteBucketDay(note));
  return hierarchy
    .reportChains(note.unitCode, fromDayNumber(note.receivedDay) as LocalDate)
    .map((chain) => noteChunkKey({ era: chain.era, unitCode: chain.path[0], month }));
}

/**
 * The notes of one partition by chunk key, kept up to date dossier by dossier. Chunk values are a
 * function of the current notes only (sorted by dossier id), so the projection stays deterministic.
 */
export class PartitionNotes {
  private readonly chunks = new Map<string, Map<string, EncodedNote>>();
  private readonly placed = new Map<string, { keys: readonly string[]; json: string; encoded: EncodedNote }>();

  constructor(private readonly hierarchy: UnitHierarchy) {}

  /** Sets (or, with null, removes) a dossier's note; returns the chunk keys whose value changed. */
  set(dossierId: string, note: DossierNote | null): string[] {
    const previous = this.placed.get(dossierId);
    const encoded = note === null ? null : encodeNote(note);
    const keys = note === null ? [] : noteChunkKeys(note, this.hierarchy);
    const json = encoded === null ? '' : JSON.stringify(encoded);
    if (previous === undefined && encoded === null) return [];
    if (previous !== undefined && previous.json === json && sameKeys(previous.keys, keys)) return [];
    const changed = new Set<string>();
    for (const key of previous?.keys ?? []) {
      this.chunks.get(key)?.delete(dossierId);
      changed.add(key);
    }
    if (encoded === null || keys.length === 0) {
      this.placed.delete(dossierId);
    } else {
      for (const key of keys) {
        let chunk = this.chunks.get(key);
        if (chunk === undefined) this.chunks.set(key, (chunk = new Map()));
        chunk.set(dossierId, encoded);
        changed.add(key);
      }
      this.placed.set(dossierId, { keys, json, encoded });
    }
    return [...changed];
  }

  /**
   * The dossier leaves memory (archived): its note stays in the published chunks, as one of the
   * archived notes of each. Returns those chunk keys (their archived part changed).
   */
  archive(dossierId: string): readonly string[] {
    const placed = this.placed.get(dossierId);
    this.placed.delete(dossierId);
    return placed?.keys ?? [];
  }

  /** The archived notes of a chunk (stored with the archive's checkpoint chunks). */
  archivedIn(key: string): EncodedNote[] {
    return [...(this.chunks.get(key)?.entries() ?? [])]
      .filter(([dossierId]) => !this.placed.has(dossierId))
      .map(([, note]) => note);
  }

  /** Restores a chunk's archived notes. */
  restoreArchived(key: string, notes: readonly EncodedNote[]): void {
    let chunk = this.chunks.get(key);
    if (chunk === undefined) this.chunks.set(key, (chunk = new Map()));
    for (const note of notes) chunk.set(note[0], note);
  }

  /** An archived dossier back in memory with its note; returns the chunk keys whose archived part changed. */
  warm(dossierId: string, note: DossierNote | null): string[] {
    let keys: string[] = [];
    for (const [key, chunk] of note === null
      ? []
      : noteChunkKeys(note, this.hierarchy).map((k) => [k, this.chunks.get(k)] as const)) {
      if (chunk?.has(dossierId)) keys.push(key);
    }
    keys = [...new Set(keys)];
    this.set(dossierId, note);
    return keys;
  }

  /** The encoded note of a dossier (for its state chunk), or null. */
  encodedOf(dossierId: string): EncodedNote | null {
    return this.placed.get(dossierId)?.encoded ?? null;
  }

  chunk(key: string): NoteChunk {
    const { era, unitCode, month } = parseNoteChunkKey(key);
    const notes = [...(this.chunks.get(key)?.values() ?? [])].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return { format: 'dossier-ledger/notes', v: 1, era, unitCode, month, notes };
  }

  /** Every key that ever held a note (a new owner republishes them all, empty ones included). */
  keys(): IterableIterator<string> {
    return this.chunks.keys();
  }

  get size(): number {
    return this.placed.size;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
