import { Logger } from '@nestjs/common';
import {
  CheckpointConflictError,
  type CheckpointAttempt,
  type CheckpointExtras,
  type CheckpointManifest,
  type CheckpointStoreStats,
  type KafkaBatch,
  type KafkaBatchControls,
  type KafkaBatchReply,
  type LoadedCheckpoint,
  type PartitionOffset,
} from '@dossier-ledger/platform';
import type {
  ChunkChanges,
  PartitionProjection,
  PartitionProjectionFactory,
  PreparedBatch,
} from '../projection/partition-projection';
import type { CheckpointPolicy } from './checkpoint-policy';

/** The checkpoint side effect (PartitionCheckpointStore in production). */
export interface CheckpointPort {
  load(topic: string, partition: number): Promise<LoadedCheckpoint | null>;
  save(
    topic: string,
    partition: number,
    previous: CheckpointManifest | null,
    offset: string,
    changed: ReadonlyMap<string, unknown>,
    extras?: CheckpointExtras,
  ): Promise<CheckpointManifest>;
  /** Needed by projections that archive: the attempt whose id prefix their archive documents get. */
  beginAttempt?(topic: string, partition: number, previous: CheckpointManifest | null): CheckpointAttempt;
  /** Reads archive documents by id. */
  readDocuments?(partition: number, ids: readonly string[]): Promise<Map<string, unknown>>;
  snapshotStats(): CheckpointStoreStats;
  collectGarbage(manifest: CheckpointManifest): Promise<number>;
  pendingGarbage(manifest: CheckpointManifest): number;
}

/** The publication side effect (CounterFeedPublisher in production). */
export interface PublishPort {
  publish(partition: number, offset: bigint, changes: ChunkChanges): Promise<void>;
}

interface PartitionRuntime {
  readonly partition: number;
  projection: PartitionProjection;
  manifest: CheckpointManifest | null;
  /** Next offset to apply: the state covers every record below it. */
  next: bigint;
  sinceCheckpoint: number;
  firstUnsavedAt: number | null;
  lastGarbageCollectionAt: number;
  /**
   * Until this offset (the high watermark of the first batch after taking the partition over), the
   * previous owner may have published states we fold past: batches mark their intermediate states.
   * Null until the first batch.
   */
  catchUpUntil: bigint | null;
}

export interface PartitionStatus {
  partition: number;
  next: string;
  checkpointOffset: string | null;
  checkpointVersion: number | null;
  eventsSinceCheckpoint: number;
  changedChunks: number;
}

export interface RunnerStats {
  /** Records applied to a projection (new, duplicate or rejected), replays included. */
  records: number;
  applied: number;
  duplicates: number;
  rejected: number;
  /** Records below a partition's checkpoint offset, skipped without applying. */
  skipped: number;
  /** Batches that started past the next offset to apply (see reportGap). */
  gaps: number;
  checkpoints: number;
  publications: number;
  store: CheckpointStoreStats;
  /** Store writes (documents inserted, updated or replaced) per record. */
  writesPerEvent: number | null;
  /** Entities of the owned partitions in memory / archived (projections that archive; 0 otherwise). */
  inMemory: number;
  archived: number;
}

/** The runner's own counts, all zero: a new runner's, or a sum over no runner (ParallelProjectionReplay). */
export function zeroRunnerCounts(): Omit<RunnerStats, 'store' | 'writesPerEvent' | 'inMemory' | 'archived'> {
  return { records: 0, applied: 0, duplicates: 0, rejected: 0, skipped: 0, gaps: 0, checkpoints: 0, publications: 0 };
}

/**
 * The use case behind the events-topic handlers: owns the projections of the partitions assigned
 * to this replica and decides when to checkpoint and publish them. Called only through the batch
 * server's serial queue (batches, lifecycle, ticks never overlap), so it needs no locking.
 *
 * Exactly-once effect: a partition's state always covers exactly the records below `next`; records
 * below it are skipped, and offsets are committed only once a checkpoint covering them is durable.
 */
export class ProjectionRunner {
  private readonly log = new Logger(ProjectionRunner.name);
  private readonly partitions = new Map<number, PartitionRuntime>();
  private readonly counts = zeroRunnerCounts();

  constructor(
    /** Physical events topic (manifest ids include it). */
    readonly topic: string,
    private readonly factory: PartitionProjectionFactory,
    private readonly store: CheckpointPort,
    private readonly publisher: PublishPort,
    private readonly policy: CheckpointPolicy,
    private readonly clock: () => number = Date.now,
  ) {}

  /** After a rebalance: restore the partitions new to this replica, position every owned one. */
  async assign(partitions: readonly number[]): Promise<KafkaBatchReply> {
    for (const p of [...this.partitions.keys()]) if (!partitions.includes(p)) this.partitions.delete(p);
    for (const p of partitions) if (!this.partitions.has(p)) await this.restore(p);
    return {
      seek: partitions.map((p) => ({
        partition: p,
        offset: String((this.partitions.get(p) as PartitionRuntime).next),
      })),
    };
  }

  /**
   * Partitions lost (rebalance) or given up (shutdown): publish and checkpoint what is unsaved when
   * that is small enough (otherwise the next owner replays from the last checkpoint), then forget them.
   */
  async revoke(partitions: readonly number[]): Promise<KafkaBatchReply> {
    const commit: PartitionOffset[] = [];
    for (const p of partitions) {
      const runtime = this.partitions.get(p);
      if (!runtime) continue;
      this.partitions.delete(p);
      const started = this.clock();
      await this.publish(runtime);
      const chunks = runtime.projection.pendingCheckpointChunks;
      if (!this.policy.worthOnRevoke(runtime.sinceCheckpoint, chunks)) {
        this.log.log(
          `partition ${p} handed back at offset ${runtime.next} (${runtime.sinceCheckpoint} events since its checkpoint, ${chunks} chunks: ${runtime.sinceCheckpoint === 0 ? 'nothing unsaved' : 'left to replay'})`,
        );
        continue;
      }
      try {
        const done = await this.checkpoint(runtime);
        if (done) commit.push(done);
        this.log.log(
          `partition ${p} handed back at offset ${runtime.next} (checkpoint of ${chunks} chunks, ${this.clock() - started} ms)`,
        );
      } catch (error) {
        // The next owner replays from the last durable checkpoint: nothing is lost, only redone.
        this.log.warn(`final checkpoint of partition ${p} failed: ${brief(error)}`);
      }
    }
    return { commit };
  }

  async applyBatch(batch: KafkaBatch, controls: KafkaBatchControls): Promise<KafkaBatchReply> {
    const runtime = this.partitions.get(batch.partition);
    if (!runtime) return {};
    const { projection } = runtime;
    this.reportGap(runtime, batch);
    if (projection.prepareBatch && projection.applyBatch) {
      if (controls.isStale()) return {};
      const fresh = batch.messages.filter((m) => BigInt(m.offset) >= runtime.next);
      this.counts.skipped += batch.messages.length - fresh.length;
      if (fresh.length > 0) {
        // Decoded once; the archived dossiers the batch names are read back first, then each dossier folds once.
        const prepared = projection.prepareBatch(fresh);
        const documents =
          prepared.documentIds.length === 0 ? new Map<string, unknown>() : await this.readDocuments(runtime, prepared);
        runtime.catchUpUntil ??= BigInt(batch.highWatermark);
        const outcome = projection.applyBatch(prepared, documents, {
          markIntermediate: runtime.next < runtime.catchUpUntil,
        });
        this.counts.records += fresh.length;
        this.counts.applied += outcome.applied;
        this.counts.duplicates += outcome.duplicates;
        this.counts.rejected += outcome.rejected;
        runtime.next = BigInt(fresh[fresh.length - 1].offset) + 1n;
        runtime.sinceCheckpoint += fresh.length;
        runtime.firstUnsavedAt ??= this.clock();
      }
      const last = batch.messages[batch.messages.length - 1];
      if (last) controls.resolveOffset(last.offset);
      await controls.heartbeat();
    } else {
      let processed = 0;
      for (const message of batch.messages) {
        if (controls.isStale()) break;
        const offset = BigInt(message.offset);
        if (offset < runtime.next) {
          this.counts.skipped++;
        } else {
          const outcome = projection.apply(message);
          this.counts.records++;
          if (outcome === 'applied') this.counts.applied++;
          else if (outcome === 'duplicate') this.counts.duplicates++;
          else this.counts.rejected++;
          runtime.next = offset + 1n;
          runtime.sinceCheckpoint++;
          runtime.firstUnsavedAt ??= this.clock();
        }
        controls.resolveOffset(message.offset);
        if (++processed % 1000 === 0) await controls.heartbeat();
      }
    }
    if (
      !this.policy.dueAfterBatch(runtime.sinceCheckpoint, projection.pendingCheckpointChunks) &&
      !projection.archiveDue
    )
      return {};
    return this.checkpointReply(runtime);
  }

  /**
   * A batch that starts past the next offset to apply skips records for good (the events topic keeps
   * everything, so they were deleted by hand, or the consumer's position moved without us): say so.
   */
  private reportGap(runtime: PartitionRuntime, batch: KafkaBatch): void {
    const first = batch.messages[0];
    if (!first || BigInt(first.offset) <= runtime.next) return;
    this.counts.gaps++;
    this.log.error(
      `partition ${batch.partition}: records ${runtime.next}..${BigInt(first.offset) - 1n} are not on the topic; applying from ${first.offset}`,
    );
  }

  /** Periodic: publish changed counter chunks; checkpoint partitions whose unsaved events are too old; collect garbage. */
  async tick(partitions: readonly number[]): Promise<KafkaBatchReply> {
    const reply: Required<KafkaBatchReply> = { commit: [], seek: [] };
    for (const p of partitions) {
      const runtime = this.partitions.get(p);
      if (!runtime) continue;
      await this.publish(runtime);
      if (this.policy.dueByAge(runtime.sinceCheckpoint, runtime.firstUnsavedAt, this.clock())) {
        const done = await this.checkpointReply(runtime);
        reply.commit.push(...(done.commit ?? []));
        reply.seek.push(...(done.seek ?? []));
      }
      await this.collectGarbage(runtime);
    }
    return reply;
  }

  /** Checkpoints every owned partition now (shutdown of tools and tests). */
  async flush(): Promise<KafkaBatchReply> {
    const commit: PartitionOffset[] = [];
    for (const runtime of this.partitions.values()) {
      await this.publish(runtime);
      const done = await this.checkpoint(runtime);
      if (done) commit.push(done);
    }
    return { commit };
  }

  /** Deletes every owned partition's garbage now (tools, benchmarks); returns the documents deleted. */
  async collectGarbageNow(): Promise<number> {
    let deleted = 0;
    for (const runtime of this.partitions.values()) {
      if (runtime.manifest) deleted += await this.store.collectGarbage(runtime.manifest);
      runtime.lastGarbageCollectionAt = this.clock();
    }
    return deleted;
  }

  owned(): number[] {
    return [...this.partitions.keys()].sort((a, b) => a - b);
  }

  status(): PartitionStatus[] {
    return this.owned().map((p) => {
      const r = this.partitions.get(p) as PartitionRuntime;
      return {
        partition: p,
        next: String(r.next),
        checkpointOffset: r.manifest?.offset ?? null,
        checkpointVersion: r.manifest?.version ?? null,
        eventsSinceCheckpoint: r.sinceCheckpoint,
        changedChunks: r.projection.pendingCheckpointChunks,
      };
    });
  }

  stats(): RunnerStats {
    const store = this.store.snapshotStats();
    let inMemory = 0;
    let archived = 0;
    for (const { projection } of this.partitions.values()) {
      const s = projection.stats();
      inMemory += s['dossiers'] ?? 0;
      archived += s['archived'] ?? 0;
    }
    return {
      ...this.counts,
      store,
      writesPerEvent: this.counts.records === 0 ? null : store.writes / this.counts.records,
      inMemory,
      archived,
    };
  }

  /** The projection of an owned partition (tests, benchmarks). */
  projectionOf(partition: number): PartitionProjection | undefined {
    return this.partitions.get(partition)?.projection;
  }

  private async restore(partition: number): Promise<PartitionRuntime> {
    const loaded = await this.store.load(this.topic, partition);
    const projection = this.factory.create(partition, loaded?.chunks ?? null);
    // A new owner republishes its whole snapshot once: readers that missed a value get it back,
    // readers holding newer values (higher offsets) ignore it.
    projection.markAllPublished();
    const runtime: PartitionRuntime = {
      partition,
      projection,
      manifest: loaded?.manifest ?? null,
      next: BigInt(loaded?.manifest.offset ?? '0'),
      sinceCheckpoint: 0,
      firstUnsavedAt: null,
      lastGarbageCollectionAt: this.clock(),
      catchUpUntil: null,
    };
    this.partitions.set(partition, runtime);
    this.log.log(
      `partition ${partition}: restored ${loaded ? `checkpoint v${loaded.manifest.version} at offset ${loaded.manifest.offset}` : 'nothing (new)'}`,
    );
    return runtime;
  }

  private async checkpointReply(runtime: PartitionRuntime): Promise<KafkaBatchReply> {
    try {
      const done = await this.checkpoint(runtime);
      return done ? { commit: [done] } : {};
    } catch (error) {
      if (!(error instanceof CheckpointConflictError)) {
        this.log.error(`checkpoint of partition ${runtime.partition} failed, will retry: ${brief(error)}`);
        return {};
      }
      // Someone else checkpointed this partition: our state may be behind theirs. Take theirs.
      this.log.warn(`partition ${runtime.partition}: ${brief(error)}; reloading`);
      this.partitions.delete(runtime.partition);
      const reloaded = await this.restore(runtime.partition);
      return { seek: [{ partition: runtime.partition, offset: String(reloaded.next) }] };
    }
  }

  private async readDocuments(runtime: PartitionRuntime, prepared: PreparedBatch): Promise<Map<string, unknown>> {
    if (!this.store.readDocuments)
      throw new Error('the projection needs archive documents: the checkpoint store reads none');
    return this.store.readDocuments(runtime.partition, prepared.documentIds);
  }

  /**
   * Writes the changed chunks and the manifest; returns the offset to commit, null when nothing was
   * unsaved. Settled entities leave memory here (archive sweep): their documents are written with
   * the chunks, before the manifest, so a crash between the two leaves them in memory (the old
   * manifest) and their documents as garbage of the next checkpoint.
   */
  private async checkpoint(runtime: PartitionRuntime): Promise<PartitionOffset | null> {
    const { projection } = runtime;
    if (runtime.sinceCheckpoint === 0 && projection.pendingCheckpointChunks === 0) return null;
    // Readers first: a restore republishes only the chunks its checkpoint still holds, so a chunk
    // that went to zero after its last publication would stay stale in every reader forever.
    if (!(await this.publish(runtime)))
      throw new Error(`partition ${runtime.partition}: changed chunks not yet published, checkpoint deferred`);
    const attempt = this.store.beginAttempt?.(this.topic, runtime.partition, runtime.manifest);
    const sweep = attempt ? (projection.takeArchive?.(attempt.prefix) ?? null) : null;
    const changes = projection.takeCheckpointChanges();
    const offset = String(runtime.next);
    try {
      runtime.manifest = await this.store.save(this.topic, runtime.partition, runtime.manifest, offset, changes, {
        attempt,
        documents: sweep?.documents,
        garbage: sweep?.garbage,
      });
    } catch (error) {
      projection.returnCheckpointChanges(changes);
      if (sweep) projection.returnArchive?.(sweep);
      throw error;
    }
    runtime.sinceCheckpoint = 0;
    runtime.firstUnsavedAt = null;
    this.counts.checkpoints++;
    return { partition: runtime.partition, offset };
  }

  private async collectGarbage(runtime: PartitionRuntime): Promise<void> {
    const manifest = runtime.manifest;
    if (
      !manifest ||
      !this.policy.dueForGarbageCollection(
        this.store.pendingGarbage(manifest),
        runtime.lastGarbageCollectionAt,
        this.clock(),
      )
    )
      return;
    runtime.lastGarbageCollectionAt = this.clock();
    try {
      await this.store.collectGarbage(manifest);
    } catch (error) {
      this.log.warn(`garbage collection of partition ${runtime.partition} failed, will retry: ${brief(error)}`);
    }
  }

  /** Publishes the changed chunks; false when they are still to publish (kept for the next try). */
  private async publish(runtime: PartitionRuntime): Promise<boolean> {
    const changes = runtime.projection.takePublishChanges();
    if (changes.size === 0) return true;
    try {
      await this.publisher.publish(runtime.partition, runtime.next, changes);
      this.counts.publications++;
      return true;
    } catch (error) {
      runtime.projection.returnPublishChanges(changes);
      this.log.warn(`publishing partition ${runtime.partition} failed, will retry: ${brief(error)}`);
      return false;
    }
  }
}

function brief(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
