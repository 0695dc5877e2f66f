import type { DossierEventV1 } from '@dossier-ledger/contracts';
import type { KafkaBatchMessage } from '@dossier-ledger/platform';
import {
  CounterStore,
  diffContributions,
  dossierContributions,
  type Contribution,
  type CountingRules,
  type DossierFacts,
  type UnitHierarchy,
} from '@dossier-ledger/reporting';
import {
  PartitionArchive,
  type ArchiveDocument,
  type ArchiveLocation,
  type ArchiveWrite,
} from '../archive/partition-archive';
import { decodeNote, dossierNote, type EncodedNote } from '../notes/dossier-note';
import { isNoteChunkKey, parseNoteChunkKey, PartitionNotes } from '../notes/note-chunks';
import { counterChunkKeysOf, monthOfDay, parseCounterChunkKey } from './counter-chunks';
import { TieredCounters } from './tiered-counters';
import { decodeDossierEventRecord, type DossierEventRecord } from './dossier-event-record';
import {
  decodeContributions,
  encodeContributions,
  foldStoredEvents,
  hasEnded,
  latestEventTime,
  parseEvents,
  stringifyEvents,
  tupleToContribution,
  type DossierState,
  type StateEntry,
  type StoredEvent,
} from './dossier-state';
import type {
  ApplyOutcome,
  ArchiveSweep,
  BatchOutcome,
  ChunkChanges,
  PartitionProjection,
  PartitionProjectionFactory,
  PreparedBatch,
  ApplyBatchOptions,
} from './partition-projection';

/**
 * JSON of a dossier-state chunk. v3: compact entries whose events have numeric times and ids (see
 * stringifyEvents; a reader older than v3 would take them for strings, so the version says it); v2:
 * compact entries; v1 (older checkpoints): events and contribution tuples.
 */
type StateChunk =
  | { v: 2 | 3; dossiers: StateEntry[] }
  | {
      v: 1;
      notes?: 1;
      dossiers: [string, StoredEvent[], Parameters<typeof tupleToContribution>[0][], (EncodedNote | null)?][];
    };

const STATE_PREFIX = 's|';
/** Contribution days are Vietnam's calendar days (UTC+7). */
const VN_OFFSET_MS = 7 * 3_600_000;
/** Archived notes of every note chunk of a month: `an|<YYYY-MM>`. */
const ARCHIVED_NOTES_PREFIX = 'an|';
const archivedNotesKey = (noteKey: string) => ARCHIVED_NOTES_PREFIX + parseNoteChunkKey(noteKey).month;

export interface DossierReportProjectionOptions {
  rules: CountingRules;
  hierarchy: UnitHierarchy;
  /** Dossiers per state chunk (new dossiers fill the newest chunk, so recent activity touches few chunks). */
  dossiersPerChunk: number;
  /**
   * Event time (ms) an ended dossier must go without events before it leaves memory for the
   * archive (docs/architecture.md); undefined: never archive.
   */
  archiveAfterMs?: number;
  /** Smallest archive sweep: fewer settled dossiers wait for a later checkpoint (each sweep rewrites index chunks). */
  archiveMinDossiers?: number;
  /**
   * Months before the event clock's month whose counter rows stay in memory; older months are kept
   * compressed (ColdCounterMonths). Undefined: every month stays as rows.
   */
  hotMonths?: number;
  /** Bytes of archived-sum rows that make a checkpoint compress them (PartitionArchive; 0: every checkpoint). */
  archiveFoldBytes?: number;
}

/** Records of one batch, decoded once, and the archive documents their dossiers need. */
interface DossierBatch extends PreparedBatch {
  readonly records: (DossierEventRecord | null)[];
  readonly cold: Map<string, ArchiveLocation[]>;
}

/** A dossier being changed by a batch: its events before and after. */
interface Work {
  readonly state: DossierState | undefined;
  readonly events: StoredEvent[];
  readonly before: number;
}

/**
 * One partition's dossiers and counters. A batch of records adds each event to its dossier (unless
 * that source sent that eventId before), folds every changed dossier once, and applies the
 * difference between its new and old contributions to the partition's counter store. The fold is
 * order-independent, so a duplicate or a late event never changes a figure by itself: the store
 * always equals the sum of the current contributions of the dossiers, in memory and archived.
 *
 * Memory holds the open dossiers (compact: two strings each, see dossier-state.ts). An ended dossier
 * that went `archiveAfterMs` of event time without an event leaves memory at a checkpoint (archive
 * sweep): its entry goes to an archive document, its contributions stay counted in the archive's
 * sums; an event for it later brings it back exactly as it was (see PartitionArchive).
 *
 * Checkpoint chunks: `s|<n>` hold open dossiers, filled in arrival order, so a stream of recent
 * activity changes only the newest few; the archive's `ax|`, `at`, `ac|` chunks; `an|<note chunk>`
 * the notes of archived dossiers. Published chunks `c|<era>|<unit>|<YYYY-MM>` are the counters (see
 * counter-chunks.ts) and `n|…` the dossier notes (see notes/note-chunks.ts); they are not checkpointed.
 */
export class DossierReportProjection implements PartitionProjection {
  /** Every dossier's contributions, open and archived: what the published chunks are made of. */
  private readonly counters: TieredCounters;
  /** The event clock's month at the last compression: one pass per month of event time. */
  private compressedAt = '';
  private readonly dossiers = new Map<string, DossierState>();
  private readonly members = new Map<string, Set<string>>();
  private openChunk = 0;
  /** `s|<openChunk>`: one key string per chunk, shared by its dossiers' states. */
  private openKey = `${STATE_PREFIX}0`;
  private readonly checkpointDirty = new Set<string>();
  private readonly publishDirty = new Set<string>();
  /** Every counter chunk key this partition ever had, by month. */
  private readonly counterKeys = new Map<string, Set<string>>();
  private readonly counts = { applied: 0, duplicates: 0, rejected: 0, archivedTotal: 0, warmed: 0 };
  private readonly notes: PartitionNotes;
  private readonly archive: PartitionArchive;
  /** Latest event time seen (ms): the clock of the settle period. */
  private clock = 0;
  /** Ended dossiers by the event time of their last event, roughly in order; stale entries are skipped. */
  private endedQueue: { id: string; lastAt: number }[] = [];
  private endedHead = 0;
  /** Queue entries before this one are settled (stale ones included): see archiveDue. */
  private settledHead = 0;

  constructor(private readonly options: DossierReportProjectionOptions) {
    this.counters = new TieredCounters(options.rules, options.hierarchy);
    this.notes = new PartitionNotes(options.hierarchy);
    this.archive = new PartitionArchive(options.rules, options.hierarchy, options.archiveFoldBytes);
  }

  /**
   * A projection from its checkpoint. The counters are not stored per dossier: they are rebuilt from
   * the open dossiers' stored contributions plus the archive's sums, so a restore reads no history.
   */
  static restore(
    options: DossierReportProjectionOptions,
    chunks: ReadonlyMap<string, unknown>,
  ): DossierReportProjection {
    const projection = new DossierReportProjection(options);
    for (const [key, value] of chunks) projection.restoreChunk(key, value);
    for (const dossier of projection.dossiers.values()) {
      const contributions = decodeContributions(dossier.contributions);
      if (contributions.length === 0) continue;
      projection.counters.apply(contributions);
      projection.markCounters(contributions, false);
    }
    projection.endedQueue.sort((a, b) => a.lastAt - b.lastAt);
    projection.compressColdMonths();
    return projection;
  }

  /** Every counter of the partition in one store (a copy: rebuild checks, tests, benchmarks). */
  counterSnapshot(): CounterStore {
    return this.counters.snapshot();
  }

  get dossierCount(): number {
    return this.dossiers.size;
  }

  /** The dossier's events as stored (tests, debugging); [] when not in memory. */
  eventsOf(dossierId: string): DossierEventV1[] {
    const state = this.dossiers.get(dossierId);
    return state ? parseEvents(dossierId, state.events).map(([, event]) => event) : [];
  }

  /** Whether the dossier is in memory (tests). */
  isOpen(dossierId: string): boolean {
    return this.dossiers.has(dossierId);
  }

  apply(message: KafkaBatchMessage): ApplyOutcome {
    const batch = this.prepareBatch([message]);
    if (batch.documentIds.length > 0) throw new Error('an archived dossier needs its archive document: use applyBatch');
    const outcome = this.applyBatch(batch, new Map());
    return outcome.applied > 0 ? 'applied' : outcome.duplicates > 0 ? 'duplicate' : 'rejected';
  }

  prepareBatch(messages: readonly KafkaBatchMessage[]): DossierBatch {
    const records = messages.map(decodeDossierEventRecord);
    const cold = new Map<string, ArchiveLocation[]>();
    for (const record of records) {
      const id = record?.event.dossierId;
      if (id === undefined || this.dossiers.has(id) || cold.has(id)) continue;
      const locations = this.archive.locate(id);
      if (locations.length > 0) cold.set(id, locations);
    }
    const documentIds = [...new Set([...cold.values()].flatMap((ls) => ls.map((l) => l.documentId)))];
    return { records, cold, documentIds };
  }

  applyBatch(
    prepared: PreparedBatch,
    documents: ReadonlyMap<string, unknown>,
    { markIntermediate = false }: ApplyBatchOptions = {},
  ): BatchOutcome {
    const batch = prepared as DossierBatch;
    for (const [dossierId, locations] of batch.cold) this.warm(dossierId, locations, documents);
    const outcome: BatchOutcome = { applied: 0, duplicates: 0, rejected: 0 };
    const work = new Map<string, Work>();
    for (const record of batch.records) {
      if (!record) {
        outcome.rejected++;
        continue;
      }
      const { source, event } = record;
      let w = work.get(event.dossierId);
      if (w === undefined) {
        const state = this.dossiers.get(event.dossierId);
        const events = state ? parseEvents(event.dossierId, state.events) : [];
        work.set(event.dossierId, (w = { state, events, before: events.length }));
      }
      if (w.events.some(([s, e]) => s === source && e.eventId === event.eventId)) {
        outcome.duplicates++;
        continue;
      }
      w.events.push([source, event]);
    }
    for (const [dossierId, w] of work) {
      const added = w.events.length - w.before;
      if (added === 0) continue;
      if (markIntermediate && added > 1) this.markIntermediateStates(w);
      const rejected = this.fold(dossierId, w);
      outcome.applied += added - rejected;
      outcome.rejected += rejected;
    }
    this.counts.applied += outcome.applied;
    this.counts.duplicates += outcome.duplicates;
    this.counts.rejected += outcome.rejected;
    return outcome;
  }

  get pendingCheckpointChunks(): number {
    return this.checkpointDirty.size;
  }

  /**
   * Enough settled dossiers wait (8 sweeps' minimum) to force a checkpoint, whatever the volume rule
   * says: memory stays bounded when checkpoints are rare (a replay checkpoints only for this).
   * Amortised O(1): a pointer moves forward over the queue as the event clock advances.
   */
  get archiveDue(): boolean {
    const { archiveAfterMs } = this.options;
    if (archiveAfterMs === undefined) return false;
    const settledBy = this.clock - archiveAfterMs;
    if (this.settledHead < this.endedHead) this.settledHead = this.endedHead;
    while (this.settledHead < this.endedQueue.length && this.endedQueue[this.settledHead].lastAt <= settledBy)
      this.settledHead++;
    return this.settledHead - this.endedHead >= 8 * (this.options.archiveMinDossiers ?? 1);
  }

  /**
   * Moves the settled ended dossiers to a new archive batch written under `documentPrefix` (the
   * checkpoint attempt's), when there are at least `archiveMinDossiers` of them.
   */
  takeArchive(documentPrefix: string): ArchiveSweep | null {
    const { archiveAfterMs } = this.options;
    if (archiveAfterMs === undefined) return null;
    const settledBy = this.clock - archiveAfterMs;
    const chosen = new Set<string>(); // a dossier may be queued more than once with the same time
    let head = this.endedHead;
    for (; head < this.endedQueue.length; head++) {
      const { id, lastAt } = this.endedQueue[head];
      const state = this.dossiers.get(id);
      if (!state || !state.ended || state.lastAt !== lastAt) continue; // gone, reopened or moved on: a newer entry exists
      if (lastAt > settledBy) break;
      chosen.add(id);
    }
    if (chosen.size === 0 || chosen.size < (this.options.archiveMinDossiers ?? 1)) {
      const garbage = this.archive.takeGarbage();
      return garbage.length === 0 ? null : { documents: new Map(), garbage, write: null };
    }
    this.endedHead = head;
    if (this.endedHead > 4096 && this.endedHead * 2 > this.endedQueue.length) {
      this.endedQueue = this.endedQueue.slice(this.endedHead);
      this.settledHead = Math.max(0, this.settledHead - this.endedHead);
      this.endedHead = 0;
    }
    const entries = [...chosen].map((id) => this.entryOf(id));
    for (const id of chosen) this.leaveMemory(id);
    const write = this.archive.add(documentPrefix, entries, contributionsOfEntry);
    this.counts.archivedTotal += entries.length;
    return { documents: write.documents, garbage: this.archive.takeGarbage(), write };
  }

  /** The sweep's checkpoint failed: its dossiers come back to memory as they were, its garbage waits. */
  returnArchive(sweep: ArchiveSweep): void {
    this.archive.returnGarbage(sweep.garbage);
    const write = sweep.write as ArchiveWrite | null;
    if (!write) return;
    this.archive.revert(write, contributionsOfEntry);
    for (const entry of write.entries) this.enterMemory(entry);
    this.counts.archivedTotal -= write.entries.length;
  }

  takeCheckpointChanges(): ChunkChanges {
    const changes: ChunkChanges = new Map();
    for (const key of this.checkpointDirty) {
      if (key.startsWith(STATE_PREFIX)) changes.set(key, this.stateChunk(key));
      else {
        const month = key.slice(ARCHIVED_NOTES_PREFIX.length);
        const chunks = [...this.notes.keys()]
          .filter((noteKey) => parseNoteChunkKey(noteKey).month === month)
          .map((noteKey) => [noteKey, this.notes.archivedIn(noteKey)] as const)
          .filter(([, notes]) => notes.length > 0);
        changes.set(key, chunks.length === 0 ? null : { v: 1, chunks });
      }
    }
    this.checkpointDirty.clear();
    for (const [key, value] of this.archive.takeCheckpointChanges()) changes.set(key, value);
    this.compressColdMonths();
    return changes;
  }

  returnCheckpointChanges(changes: ChunkChanges): void {
    const archiveKeys: string[] = [];
    for (const key of changes.keys()) {
      if (PartitionArchive.isChunkKey(key)) archiveKeys.push(key);
      else this.checkpointDirty.add(key);
    }
    this.archive.returnCheckpointChanges(archiveKeys);
  }

  takePublishChanges(): ChunkChanges {
    const counterKeys: string[] = [];
    const changes: ChunkChanges = new Map();
    for (const key of this.publishDirty) {
      if (isNoteChunkKey(key)) changes.set(key, this.notes.chunk(key));
      else counterKeys.push(key);
    }
    this.publishDirty.clear();
    for (const [key, chunk] of this.counters.export(counterKeys)) changes.set(key, chunk);
    return changes;
  }

  returnPublishChanges(changes: ChunkChanges): void {
    for (const key of changes.keys()) this.publishDirty.add(key);
  }

  markAllPublished(): void {
    for (const keys of this.counterKeys.values()) for (const key of keys) this.publishDirty.add(key);
    for (const key of this.notes.keys()) this.publishDirty.add(key);
  }

  stats(): Record<string, number> {
    return {
      ...this.counts,
      dossiers: this.dossiers.size,
      stateChunks: this.members.size,
      notes: this.notes.size,
      ...this.counters.stats(),
      ...this.archive.stats(),
    };
  }

  /**
   * Marks for publication every chunk the dossier's stored state and its states after each new event
   * but the last (arrival order) touch: see ApplyBatchOptions.markIntermediate. The new state's own
   * chunks are the stored ones plus the diff `commit` marks. Unfoldable prefixes are skipped; `fold`
   * decides what is kept.
   */
  private markIntermediateStates(w: Work): void {
    if (w.state) this.markCounters(decodeContributions(w.state.contributions));
    for (let n = w.before + 1; n < w.events.length; n++) {
      try {
        const { facts } = foldStoredEvents(w.events.slice(0, n), this.options.rules);
        this.markCounters(dossierContributions(facts, this.options.rules));
      } catch {
        // not a state any owner published
      }
    }
  }

  /** Folds a changed dossier once; when that fails, event by event as they came (rejecting the unfoldable ones). */
  private fold(dossierId: string, w: Work): number {
    const attempt = (events: StoredEvent[]) => {
      const { facts, plain } = foldStoredEvents(events, this.options.rules);
      return { facts, contributions: dossierContributions(facts, this.options.rules), plain };
    };
    try {
      this.commit(dossierId, w.state, w.events, attempt(w.events));
      return 0;
    } catch {
      // Unfoldable input (e.g. a receipt without its fields): keep the dossier as it was before that event.
    }
    const accepted = w.events.slice(0, w.before);
    let last: ReturnType<typeof attempt> | null = null;
    let rejected = 0;
    for (const event of w.events.slice(w.before)) {
      try {
        last = attempt([...accepted, event]);
        accepted.push(event);
      } catch {
        rejected++;
      }
    }
    if (last) this.commit(dossierId, w.state, accepted, last);
    return rejected;
  }

  private commit(
    dossierId: string,
    existing: DossierState | undefined,
    events: StoredEvent[],
    folded: { facts: DossierFacts; contributions: Contribution[]; plain: DossierEventV1[] },
  ): void {
    const previous = existing ? decodeContributions(existing.contributions) : [];
    const diff = diffContributions(previous, folded.contributions);
    const state = existing ?? this.newDossier(dossierId);
    state.events = stringifyEvents(events);
    state.contributions = encodeContributions(folded.contributions);
    state.lastAt = latestEventTime(events);
    state.ended = hasEnded(folded.facts, events);
    if (state.lastAt > this.clock) this.clock = state.lastAt;
    if (state.ended) this.endedQueue.push({ id: dossierId, lastAt: state.lastAt });
    this.checkpointDirty.add(state.chunk);
    if (diff.length > 0) {
      this.counters.apply(diff);
      this.markCounters(diff);
    }
    const note = dossierNote(folded.facts, folded.contributions, folded.plain);
    for (const key of this.notes.set(dossierId, note)) this.publishDirty.add(key);
  }

  /** Brings an archived dossier back from whichever of its candidate documents holds it. */
  private warm(dossierId: string, locations: ArchiveLocation[], documents: ReadonlyMap<string, unknown>): void {
    for (const { batch, documentId } of locations) {
      const doc = documents.get(documentId) as ArchiveDocument | undefined;
      if (!doc) throw new Error(`archive document ${documentId} is missing`);
      if (doc.v !== 2 && doc.v !== 1) unknownVersion(`archive document ${documentId}`, doc);
      const entry = doc.dossiers.find((e) => e[0] === dossierId);
      if (!entry) continue; // another dossier with the same hash
      this.archive.remove(dossierId, batch, contributionsOfEntry(entry));
      this.enterMemory(entry);
      this.counts.warmed++;
      return;
    }
  }

  private enterMemory([dossierId, events, contributions, note, lastAt, ended]: StateEntry): void {
    const state = this.newDossier(dossierId);
    state.events = events;
    state.contributions = contributions;
    state.lastAt = lastAt;
    state.ended = ended === 1;
    if (state.ended) this.endedQueue.push({ id: dossierId, lastAt });
    this.checkpointDirty.add(state.chunk);
    for (const key of this.notes.warm(dossierId, note ? decodeNote(note) : null))
      this.checkpointDirty.add(archivedNotesKey(key));
  }

  private leaveMemory(dossierId: string): void {
    const state = this.dossiers.get(dossierId) as DossierState;
    this.dossiers.delete(dossierId);
    const members = this.members.get(state.chunk) as Set<string>;
    members.delete(dossierId);
    this.checkpointDirty.add(state.chunk);
    if (members.size === 0 && state.chunk !== this.openKey) this.members.delete(state.chunk);
    for (const key of this.notes.archive(dossierId)) this.checkpointDirty.add(archivedNotesKey(key));
  }

  private entryOf(dossierId: string): StateEntry {
    const d = this.dossiers.get(dossierId) as DossierState;
    return [dossierId, d.events, d.contributions, this.notes.encodedOf(dossierId), d.lastAt, d.ended ? 1 : 0];
  }

  private monthKeys(month: string): Set<string> {
    let keys = this.counterKeys.get(month);
    if (keys === undefined) this.counterKeys.set(month, (keys = new Set()));
    return keys;
  }

  /**
   * Compresses the rows of the months before the hot window, once each time the event clock enters a
   * new month, and folds in the deltas late events left in months already cold (so those wait at most a
   * month of event time). Published values do not change: reads add base and delta.
   */
  private compressColdMonths(): void {
    const { hotMonths } = this.options;
    if (hotMonths === undefined) return;
    const clockMonth = monthOfDay(Math.floor((this.clock + VN_OFFSET_MS) / 86_400_000));
    if (clockMonth === this.compressedAt) return;
    this.compressedAt = clockMonth;
    const [year, month] = clockMonth.split('-').map(Number);
    const first = year * 12 + month - 1 - hotMonths;
    const firstHot = `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`;
    this.counters.compressBefore(firstHot, (m) => this.counterKeys.get(m) ?? []);
  }

  /** Counter chunks the contributions touch: to publish, and to republish after a restore. */
  private markCounters(contributions: readonly Contribution[], publish = true): void {
    counterChunkKeysOf(contributions, this.options.hierarchy, (key, month) => {
      this.monthKeys(month).add(key);
      if (publish) this.publishDirty.add(key);
    });
  }

  private newDossier(dossierId: string): DossierState {
    let members = this.members.get(this.openKey);
    if (members && members.size >= this.options.dossiersPerChunk) {
      this.openChunk++;
      this.openKey = `${STATE_PREFIX}${this.openChunk}`;
      members = undefined;
    }
    if (!members) this.members.set(this.openKey, (members = new Set()));
    members.add(dossierId);
    const dossier: DossierState = {
      events: '[]',
      contributions: '[]',
      chunk: this.openKey,
      lastAt: 0,
      ended: false,
    };
    this.dossiers.set(dossierId, dossier);
    return dossier;
  }

  private stateChunk(key: string): StateChunk | null {
    const members = this.members.get(key);
    if (!members || members.size === 0) return null;
    return { v: 3, dossiers: [...members].sort().map((id) => this.entryOf(id)) };
  }

  private restoreChunk(key: string, value: unknown): void {
    if (key.startsWith(STATE_PREFIX)) this.restoreStateChunk(key, value as StateChunk);
    else if (PartitionArchive.isChunkKey(key)) {
      for (const [counterKey, chunk] of this.archive.restoreChunk(key, value)) {
        const { month } = parseCounterChunkKey(counterKey);
        this.counters.addChunk(chunk, month);
        this.monthKeys(month).add(counterKey);
      }
    } else if (key.startsWith(ARCHIVED_NOTES_PREFIX)) {
      for (const [noteKey, notes] of (value as { chunks: [string, EncodedNote[]][] }).chunks)
        this.notes.restoreArchived(noteKey, notes);
    }
  }

  private restoreStateChunk(key: string, chunk: StateChunk): void {
    const members = new Set<string>();
    const entries: StateEntry[] =
      chunk.v === 3 || chunk.v === 2
        ? chunk.dossiers
        : chunk.v === 1
          ? chunk.dossiers.map((d) => this.entryFromV1(chunk.notes === 1, d))
          : unknownVersion(`state chunk ${key}`, chunk);
    for (const [dossierId, events, contributions, note, lastAt, ended] of entries) {
      members.add(dossierId);
      this.dossiers.set(dossierId, { events, contributions, chunk: key, lastAt, ended: ended === 1 });
      this.notes.set(dossierId, note ? decodeNote(note) : null);
      if (ended === 1) this.endedQueue.push({ id: dossierId, lastAt });
      if (lastAt > this.clock) this.clock = lastAt;
    }
    this.members.set(key, members);
    const n = Number(key.slice(STATE_PREFIX.length));
    if (Number.isInteger(n) && n >= this.openChunk) {
      this.openChunk = n;
      this.openKey = key;
    }
  }

  /** A dossier of a version-1 checkpoint; notes written before notes existed, and `ended`, by refolding. */
  private entryFromV1(
    withNotes: boolean,
    [dossierId, events, tuples, note]: [
      string,
      StoredEvent[],
      Parameters<typeof tupleToContribution>[0][],
      (EncodedNote | null)?,
    ],
  ): StateEntry {
    const contributions = tuples.map(tupleToContribution);
    const { facts, plain } = foldStoredEvents(events, this.options.rules);
    const encodedNote = withNotes
      ? (note ?? null)
      : (this.notes.set(dossierId, dossierNote(facts, contributions, plain)), this.notes.encodedOf(dossierId));
    return [
      dossierId,
      stringifyEvents(events),
      encodeContributions(contributions),
      encodedNote,
      latestEventTime(events),
      hasEnded(facts, events) ? 1 : 0,
    ];
  }
}

function contributionsOfEntry(entry: StateEntry): Contribution[] {
  return decodeContributions(entry[2]);
}

function unknownVersion(what: string, stored: { v: unknown }): never {
  throw new Error(`${what} has unknown version ${String(stored.v)}`);
}

export class DossierReportProjectionFactory implements PartitionProjectionFactory {
  constructor(private readonly options: DossierReportProjectionOptions) {}

  create(_partition: number, chunks: ReadonlyMap<string, unknown> | null): DossierReportProjection {
    return chunks ? DossierReportProjection.restore(this.options, chunks) : new DossierReportProjection(this.options);
  }
}
