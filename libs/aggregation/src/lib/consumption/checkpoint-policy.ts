export interface CheckpointPolicyOptions {
  /** Events a checkpoint must cover per document it writes: 20 keeps writes per event ≤ 0.05. */
  eventsPerWrite: number;
  /** Unsaved events that force a checkpoint whatever it costs: bounds the replay after a crash. */
  maxReplayEvents: number;
  /** Longest time an applied event may stay unsaved (the committed offset lags that long at most). */
  maxIntervalMs: number;
  /** A revoked or shut-down partition is checkpointed when that writes at most this many chunks; else the next owner replays. */
  revokeMaxChunks: number;
  /** Garbage chunks worth one collection (one collection scan on FerretDB)… */
  garbageBatch: number;
  /** …or the longest time garbage waits. */
  garbageMaxAgeMs: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicyOptions = {
  eventsPerWrite: 20,
  maxReplayEvents: 500_000,
  maxIntervalMs: 7 * 86_400_000,
  revokeMaxChunks: 1_000,
  garbageBatch: 500,
  garbageMaxAgeMs: 600_000,
};

/**
 * When a partition's in-memory state is worth a checkpoint (pure; see docs/architecture.md). The
 * events themselves stay in Kafka forever, so an unsaved event costs a replay, not a loss: the
 * policy trades store writes against replay length.
 */
export class CheckpointPolicy {
  readonly options: CheckpointPolicyOptions;

  constructor(options: Partial<CheckpointPolicyOptions> = {}) {
    this.options = { ...DEFAULT_CHECKPOINT_POLICY, ...options };
  }

  /** After a batch: enough events since the last checkpoint to pay for its documents (chunks + the manifest), or too many to replay. */
  dueAfterBatch(eventsSinceCheckpoint: number, changedChunks: number): boolean {
    if (eventsSinceCheckpoint === 0) return false;
    return (
      eventsSinceCheckpoint >= this.options.eventsPerWrite * (changedChunks + 1) ||
      eventsSinceCheckpoint >= this.options.maxReplayEvents
    );
  }

  /** On a tick: unsaved events that have waited long enough. */
  dueByAge(eventsSinceCheckpoint: number, firstUnsavedAt: number | null, now: number): boolean {
    return eventsSinceCheckpoint > 0 && firstUnsavedAt !== null && now - firstUnsavedAt >= this.options.maxIntervalMs;
  }

  /** On revoke or shutdown: a final checkpoint, unless it is too big to write within a shutdown. */
  worthOnRevoke(eventsSinceCheckpoint: number, changedChunks: number): boolean {
    return (eventsSinceCheckpoint > 0 || changedChunks > 0) && changedChunks <= this.options.revokeMaxChunks;
  }

  /** Time to delete the chunks checkpoints stopped referencing. */
  dueForGarbageCollection(pendingGarbage: number, lastCollectionAt: number, now: number): boolean {
    return (
      pendingGarbage >= this.options.garbageBatch ||
      (pendingGarbage > 0 && now - lastCollectionAt >= this.options.garbageMaxAgeMs)
    );
  }
}
