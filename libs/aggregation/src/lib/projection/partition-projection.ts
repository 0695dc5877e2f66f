import type { KafkaBatchMessage } from '@dossier-ledger/platform';

/** Changed chunks by key: the chunk's new JSON value, or null when it became empty. */
export type ChunkChanges = Map<string, unknown>;

export type ApplyOutcome = 'applied' | 'duplicate' | 'rejected';

/**
 * The in-memory state of one Kafka partition, as the consumption plumbing sees it: records go in,
 * changed chunks come out (for checkpoints and for publication), chunks restore it. Implementations
 * are pure and synchronous, and must be deterministic: the same records in the same order from the
 * same restored chunks give the same chunks — replays after a crash or a rebalance rely on it.
 */
export interface PartitionProjection {
  apply(message: KafkaBatchMessage): ApplyOutcome;
  /** Chunks changed since the last take: what the next checkpoint writes. */
  takeCheckpointChanges(): ChunkChanges;
  /** Puts back the keys of changes whose checkpoint failed. */
  returnCheckpointChanges(changes: ChunkChanges): void;
  /** How many chunks a checkpoint would write now. */
  readonly pendingCheckpointChunks: number;
  /** Published chunks (absolute values) changed since the last take; empty chunks are values too. */
  takePublishChanges(): ChunkChanges;
  returnPublishChanges(changes: ChunkChanges): void;
  /** Marks every published chunk changed: a new owner republishes its whole snapshot once. */
  markAllPublished(): void;
  stats(): Record<string, number>;
}

export interface PartitionProjectionFactory {
  /** A projection from the chunks of a checkpoint (null: nothing checkpointed yet). */
  create(partition: number, chunks: ReadonlyMap<string, unknown> | null): PartitionProjection;
}

export const PARTITION_PROJECTION_FACTORY = Symbol('PartitionProjectionFactory');
