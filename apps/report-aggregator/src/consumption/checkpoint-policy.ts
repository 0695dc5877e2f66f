/** When a partition's in-memory state is worth a checkpoint (pure; see docs/architecture.md). */
export class CheckpointPolicy {
  constructor(
    /** Events a checkpoint must cover per document it writes: 20 keeps writes per event ≤ 0.05. */
    readonly eventsPerWrite: number,
    /** Longest time an applied event may stay unsaved: bounds the replay after a crash. */
    readonly maxIntervalMs: number,
    /** Garbage chunks worth one collection (one collection scan on FerretDB)… */
    readonly garbageBatch: number = 500,
    /** …or the longest time garbage waits. */
    readonly garbageMaxAgeMs: number = 600_000,
  ) {}

  /** Time to delete the chunks checkpoints stopped referencing. */
  dueForGarbageCollection(pendingGarbage: number, lastCollectionAt: number, now: number): boolean {
    return pendingGarbage >= this.garbageBatch || (pendingGarbage > 0 && now - lastCollectionAt >= this.garbageMaxAgeMs);
  }

  /** After a batch: enough events since the last checkpoint to pay for its documents (chunks + the manifest). */
  dueByVolume(eventsSinceCheckpoint: number, changedChunks: number): boolean {
    return eventsSinceCheckpoint > 0 && eventsSinceCheckpoint >= this.eventsPerWrite * (changedChunks + 1);
  }

  /** On a tick: unsaved events that have waited long enough. */
  dueByAge(eventsSinceCheckpoint: number, firstUnsavedAt: number | null, now: number): boolean {
    return eventsSinceCheckpoint > 0 && firstUnsavedAt !== null && now - firstUnsavedAt >= this.maxIntervalMs;
  }
}
