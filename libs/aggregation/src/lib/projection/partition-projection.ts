import type { KafkaBatchMessage } from '@dossier-ledger/platform';

/** Changed chunks by key: the chunk's new JSON value, or null when it became empty. */
export type ChunkChanges = Map<string, unknown>;

export type ApplyOutcome = 'applied' | 'duplicate' | 'rejected';

/** Outcomes of a batch of records, counted. */
export interface BatchOutcome {
  applied: number;
  duplicates: number;
  rejected: number;
}

/** A batch decoded once, with the ids of the archive documents it needs in memory before it applies. */
export interface PreparedBatch {
  readonly documentIds: readonly string[];
}

/** Entities leaving memory with a checkpoint: documents written with it (ids: attempt prefix + key). */
export interface ArchiveSweep {
  readonly documents: ReadonlyMap<string, unknown>;
  /** Ids of earlier archive documents nothing needs any more. */
  readonly garbage: readonly string[];
  /** The projection's own record of the sweep (to undo it); null when the sweep only collects garbage. */
  readonly write: unknown;
}

export interface ApplyBatchOptions {
  /**
   * Publish every chunk any state between the stored one and the new one touched, not only the net
   * change: while catching up after a takeover, the previous owner may have published one of those
   * states, and a batch that folds past it in one step would leave that publication standing.
   */
  markIntermediate?: boolean;
}

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
  /**
   * Batch application (optional; the runner applies record by record without it): decode once, let
   * the runner read the archive documents the batch needs, then apply it, folding each dossier once.
   */
  prepareBatch?(messages: readonly KafkaBatchMessage[]): PreparedBatch;
  applyBatch?(batch: PreparedBatch, documents: ReadonlyMap<string, unknown>, options?: ApplyBatchOptions): BatchOutcome;
  /** Entities to move out of memory (and archive documents to drop) with the checkpoint being written under `documentPrefix`; null: none now. */
  takeArchive?(documentPrefix: string): ArchiveSweep | null;
  /** Enough entities could leave memory to be worth a checkpoint now. */
  readonly archiveDue?: boolean;
  /** The sweep's checkpoint failed: its entities come back to memory. */
  returnArchive?(sweep: ArchiveSweep): void;
}

export interface PartitionProjectionFactory {
  /** A projection from the chunks of a checkpoint (null: nothing checkpointed yet). */
  create(partition: number, chunks: ReadonlyMap<string, unknown> | null): PartitionProjection;
}

export const PARTITION_PROJECTION_FACTORY = Symbol('PartitionProjectionFactory');
