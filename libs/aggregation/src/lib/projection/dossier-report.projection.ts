import type { LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import type { KafkaBatchMessage } from '@dossier-ledger/platform';
import {
  applyContributions,
  CounterStore,
  diffContributions,
  dossierContributions,
  foldDossier,
  type Contribution,
  type CountingRules,
  type DossierFacts,
  type UnitHierarchy,
} from '@dossier-ledger/reporting';
import { decodeNote, dossierNote, type EncodedNote } from '../notes/dossier-note';
import { isNoteChunkKey, PartitionNotes } from '../notes/note-chunks';
import { counterChunkKey, exportCounterChunks, monthOfDay } from './counter-chunks';
import { decodeDossierEventRecord } from './dossier-event-record';
import type {
  ApplyOutcome,
  ChunkChanges,
  PartitionProjection,
  PartitionProjectionFactory,
} from './partition-projection';

/** A stored event: the source that sent it (dedup is per source + eventId) and the canonical event. */
type StoredEvent = [source: string, event: DossierEventV1];

/** [unitCode, fieldCode, procedureCode, receivedOn, day, counter, value] */
type EncodedContribution = [string, string, string, string, number, number, number];

interface DossierState {
  readonly events: StoredEvent[];
  contributions: Contribution[];
  readonly chunk: string;
}

/** JSON of a dossier-state chunk; `notes: 1` when each entry carries the dossier's note (null: none). */
interface StateChunk {
  v: 1;
  notes?: 1;
  dossiers: [
    dossierId: string,
    events: StoredEvent[],
    contributions: EncodedContribution[],
    note?: EncodedNote | null,
  ][];
}

const STATE_PREFIX = 's|';

export interface DossierReportProjectionOptions {
  rules: CountingRules;
  hierarchy: UnitHierarchy;
  /** Dossiers per state chunk (new dossiers fill the newest chunk, so recent activity touches few chunks). */
  dossiersPerChunk: number;
}

/**
 * One partition's dossiers and counters. Each record adds an event to its dossier (unless that
 * source sent that eventId before), refolds the dossier, and applies the difference between its new
 * and old contributions to the partition's counter store. The fold is order-independent, so a
 * duplicate or a late event never changes a figure by itself: the store always equals the sum of
 * the current contributions of the dossiers.
 *
 * Checkpoint chunks `s|<n>` hold dossiers (events + current contributions), filled in arrival
 * order, so a stream of recent activity changes only the newest few. Published chunks
 * `c|<era>|<unit>|<YYYY-MM>` are the counters (see counter-chunks.ts); they are not checkpointed.
 * Published chunks `n|<era>|<unit>|<YYYY-MM>` are the dossier notes (see notes/note-chunks.ts): each
 * note is kept in its dossier's state entry, so a restore rebuilds them without refolding.
 */
export class DossierReportProjection implements PartitionProjection {
  readonly counters: CounterStore;
  private readonly dossiers = new Map<string, DossierState>();
  private readonly members = new Map<string, Set<string>>();
  private openChunk = 0;
  private readonly checkpointDirty = new Set<string>();
  private readonly publishDirty = new Set<string>();
  /** Every counter chunk key this partition ever had. */
  private readonly counterKeys = new Set<string>();
  private readonly counts = { applied: 0, duplicates: 0, rejected: 0 };
  private readonly notes: PartitionNotes;

  constructor(private readonly options: DossierReportProjectionOptions) {
    this.counters = new CounterStore(options.rules);
    this.notes = new PartitionNotes(options.hierarchy);
  }

  /**
   * A projection from its checkpoint: the dossier-state chunks. The counters are not stored: they
   * are rebuilt by adding every dossier's stored contributions again (exactly what built them), so a
   * checkpoint writes only the few state chunks that changed.
   */
  static restore(
    options: DossierReportProjectionOptions,
    chunks: ReadonlyMap<string, unknown>,
  ): DossierReportProjection {
    const projection = new DossierReportProjection(options);
    for (const [key, value] of chunks) {
      if (key.startsWith(STATE_PREFIX)) projection.restoreStateChunk(key, value as StateChunk);
    }
    for (const dossier of projection.dossiers.values()) {
      if (dossier.contributions.length === 0) continue;
      applyContributions(projection.counters, dossier.contributions, options.hierarchy);
      projection.markCounters(dossier.contributions, false);
    }
    projection.counters.takeDirtyChunks();
    return projection;
  }

  get dossierCount(): number {
    return this.dossiers.size;
  }

  /** The dossier's events as stored (tests, debugging). */
  eventsOf(dossierId: string): DossierEventV1[] {
    return (this.dossiers.get(dossierId)?.events ?? []).map(([, event]) => event);
  }

  apply(message: KafkaBatchMessage): ApplyOutcome {
    const record = decodeDossierEventRecord(message);
    if (!record) {
      this.counts.rejected++;
      return 'rejected';
    }
    const { source, event } = record;
    const existing = this.dossiers.get(event.dossierId);
    if (existing?.events.some(([s, e]) => s === source && e.eventId === event.eventId)) {
      this.counts.duplicates++;
      return 'duplicate';
    }
    const dossier = existing ?? this.newDossier(event.dossierId);
    dossier.events.push([source, event]);
    const events = dossier.events.map(([, e]) => e);
    let facts: DossierFacts;
    let next: Contribution[];
    try {
      facts = foldDossier(events, this.options.rules);
      next = dossierContributions(facts, this.options.rules);
    } catch {
      // Unfoldable input (e.g. a receipt without its fields): keep the dossier as it was.
      dossier.events.pop();
      if (!existing) this.dropDossier(event.dossierId, dossier);
      this.counts.rejected++;
      return 'rejected';
    }
    const diff = diffContributions(dossier.contributions, next);
    dossier.contributions = next;
    this.checkpointDirty.add(dossier.chunk);
    if (diff.length > 0) {
      applyContributions(this.counters, diff, this.options.hierarchy);
      this.markCounters(diff);
    }
    for (const key of this.notes.set(event.dossierId, dossierNote(facts, next, events))) this.publishDirty.add(key);
    this.counts.applied++;
    return 'applied';
  }

  get pendingCheckpointChunks(): number {
    return this.checkpointDirty.size;
  }

  takeCheckpointChanges(): ChunkChanges {
    const changes: ChunkChanges = new Map();
    for (const key of this.checkpointDirty) changes.set(key, this.stateChunk(key));
    this.checkpointDirty.clear();
    return changes;
  }

  returnCheckpointChanges(changes: ChunkChanges): void {
    for (const key of changes.keys()) this.checkpointDirty.add(key);
  }

  takePublishChanges(): ChunkChanges {
    const counterKeys: string[] = [];
    const changes: ChunkChanges = new Map();
    for (const key of this.publishDirty) {
      if (isNoteChunkKey(key)) changes.set(key, this.notes.chunk(key));
      else counterKeys.push(key);
    }
    this.publishDirty.clear();
    for (const [key, chunk] of exportCounterChunks(this.counters, counterKeys)) changes.set(key, chunk);
    return changes;
  }

  returnPublishChanges(changes: ChunkChanges): void {
    for (const key of changes.keys()) this.publishDirty.add(key);
  }

  markAllPublished(): void {
    for (const key of this.counterKeys) this.publishDirty.add(key);
    for (const key of this.notes.keys()) this.publishDirty.add(key);
  }

  stats(): Record<string, number> {
    return { ...this.counts, dossiers: this.dossiers.size, stateChunks: this.members.size, notes: this.notes.size };
  }

  /** Counter chunks the contributions touch: to publish, and to republish after a restore. */
  private markCounters(contributions: readonly Contribution[], publish = true): void {
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
      for (const chain of this.options.hierarchy.reportChains(c.unitCode, c.receivedOn)) {
        for (const unit of chain.path) {
          const key = counterChunkKey({ era: chain.era, unitCode: unit, month });
          this.counterKeys.add(key);
          if (publish) this.publishDirty.add(key);
        }
      }
    }
  }

  private newDossier(dossierId: string): DossierState {
    let key = `${STATE_PREFIX}${this.openChunk}`;
    let members = this.members.get(key);
    if (members && members.size >= this.options.dossiersPerChunk) {
      this.openChunk++;
      key = `${STATE_PREFIX}${this.openChunk}`;
      members = undefined;
    }
    if (!members) this.members.set(key, (members = new Set()));
    members.add(dossierId);
    const dossier: DossierState = { events: [], contributions: [], chunk: key };
    this.dossiers.set(dossierId, dossier);
    return dossier;
  }

  private dropDossier(dossierId: string, dossier: DossierState): void {
    this.dossiers.delete(dossierId);
    const members = this.members.get(dossier.chunk);
    members?.delete(dossierId);
    if (members?.size === 0 && dossier.chunk !== `${STATE_PREFIX}${this.openChunk}`) this.members.delete(dossier.chunk);
  }

  private stateChunk(key: string): StateChunk | null {
    const members = this.members.get(key);
    if (!members || members.size === 0) return null;
    const dossiers: StateChunk['dossiers'] = [];
    for (const dossierId of [...members].sort()) {
      const dossier = this.dossiers.get(dossierId) as DossierState;
      dossiers.push([
        dossierId,
        dossier.events,
        dossier.contributions.map(encodeContribution),
        this.notes.encodedOf(dossierId),
      ]);
    }
    return { v: 1, notes: 1, dossiers };
  }

  private noteByRefold(stored: readonly StoredEvent[], contributions: readonly Contribution[]) {
    const events = stored.map(([, e]) => e);
    return dossierNote(foldDossier(events, this.options.rules), contributions, events);
  }

  private restoreStateChunk(key: string, chunk: StateChunk): void {
    if (chunk.v !== 1) throw new Error(`state chunk ${key} has unknown version ${String(chunk.v)}`);
    const members = new Set<string>();
    for (const [dossierId, events, encoded, note] of chunk.dossiers) {
      members.add(dossierId);
      const contributions = encoded.map(decodeContribution);
      this.dossiers.set(dossierId, { events, contributions, chunk: key });
      if (chunk.notes === 1) this.notes.set(dossierId, note ? decodeNote(note) : null);
      else this.notes.set(dossierId, this.noteByRefold(events, contributions)); // a checkpoint written before notes existed
    }
    this.members.set(key, members);
    const n = Number(key.slice(STATE_PREFIX.length));
    if (Number.isInteger(n) && n > this.openChunk) this.openChunk = n;
  }
}

function encodeContribution(c: Contribution): EncodedContribution {
  return [c.unitCode, c.fieldCode, c.procedureCode, c.receivedOn, c.day, c.counter, c.value];
}

function decodeContribution([
  unitCode,
  fieldCode,
  procedureCode,
  receivedOn,
  day,
  counter,
  value,
]: EncodedContribution): Contribution {
  return {
    unitCode,
    fieldCode,
    procedureCode,
    receivedOn: receivedOn as LocalDate,
    day,
    counter: counter as Contribution['counter'],
    value,
  };
}

export class DossierReportProjectionFactory implements PartitionProjectionFactory {
  constructor(private readonly options: DossierReportProjectionOptions) {}

  create(_partition: number, chunks: ReadonlyMap<string, unknown> | null): DossierReportProjection {
    return chunks ? DossierReportProjection.restore(this.options, chunks) : new DossierReportProjection(this.options);
  }
}
