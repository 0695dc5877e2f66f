import type {
  CheckpointAttempt,
  CheckpointExtras,
  CheckpointManifest,
  CheckpointStoreStats,
  LoadedCheckpoint,
  MetricsRegistry,
} from '@dossier-ledger/platform';
import type { Histogram } from 'prom-client';
import type { CheckpointPort } from '@dossier-ledger/aggregation';

/** The checkpoint store with each save timed and sized (chunks and deflated bytes it wrote). */
export class MeasuredCheckpointStore implements CheckpointPort {
  private readonly duration: Histogram;
  private readonly chunks: Histogram;
  private readonly bytes: Histogram;

  constructor(
    private readonly store: CheckpointPort,
    metrics: MetricsRegistry,
  ) {
    this.duration = metrics.histogram({
      name: 'aggregator_checkpoint_duration_seconds',
      help: 'Time to write one partition checkpoint (changed chunks, then the manifest swap)',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.chunks = metrics.histogram({
      name: 'aggregator_checkpoint_chunks',
      help: 'Dossier-state chunks written per checkpoint (the _sum is every chunk written)',
      buckets: [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    });
    this.bytes = metrics.histogram({
      name: 'aggregator_checkpoint_bytes',
      help: 'Deflated chunk bytes written per checkpoint (the _sum is every byte written)',
      buckets: [0, 1_024, 4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216],
    });
  }

  async save(
    topic: string,
    partition: number,
    previous: CheckpointManifest | null,
    offset: string,
    changed: ReadonlyMap<string, unknown>,
    extras?: CheckpointExtras,
  ): Promise<CheckpointManifest> {
    // Saves run one at a time (the batch server's serial queue), so the stats' difference is this save's.
    const before = this.store.snapshotStats();
    const end = this.duration.startTimer();
    const manifest = await this.store.save(topic, partition, previous, offset, changed, extras);
    end();
    const after = this.store.snapshotStats();
    this.chunks.observe(after.chunkWrites - before.chunkWrites);
    this.bytes.observe(after.chunkBytes - before.chunkBytes);
    return manifest;
  }

  beginAttempt(topic: string, partition: number, previous: CheckpointManifest | null): CheckpointAttempt {
    if (!this.store.beginAttempt) throw new Error('the measured store cannot begin attempts');
    return this.store.beginAttempt(topic, partition, previous);
  }

  readDocuments(partition: number, ids: readonly string[]): Promise<Map<string, unknown>> {
    if (!this.store.readDocuments) throw new Error('the measured store reads no documents');
    return this.store.readDocuments(partition, ids);
  }

  load(topic: string, partition: number): Promise<LoadedCheckpoint | null> {
    return this.store.load(topic, partition);
  }

  snapshotStats(): CheckpointStoreStats {
    return this.store.snapshotStats();
  }

  collectGarbage(manifest: CheckpointManifest): Promise<number> {
    return this.store.collectGarbage(manifest);
  }

  pendingGarbage(manifest: CheckpointManifest): number {
    return this.store.pendingGarbage(manifest);
  }
}
