import {
  MetricsRegistry,
  type CheckpointManifest,
  type CheckpointStoreStats,
  type KafkaBatchServer,
} from '@dossier-ledger/platform';
import type { CheckpointPort, ProjectionRunner } from '@dossier-ledger/aggregation';
import type { MergedReadModel } from '../read-model/merged-read-model';
import { AggregatorMetrics } from './aggregator.metrics';
import { MeasuredCheckpointStore } from './measured-checkpoint-store';

/** The samples of one metric as the scrape computes them (its collect() runs), as `labels => value`. */
async function samples(metrics: MetricsRegistry, name: string): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  const { values } = await metric.get();
  return Object.fromEntries(
    values.map((v) => [
      Object.entries(v.labels)
        .map(([k, x]) => `${k}=${x}`)
        .join(','),
      v.value,
    ]),
  );
}

describe('AggregatorMetrics', () => {
  it('reads lag and record counts from the server, runner and read model at scrape time', async () => {
    const metrics = new MetricsRegistry('report-aggregator');
    const lag = [
      { topic: 'dossier.events.v1', partition: 3, lag: 120 },
      { topic: 'other.topic', partition: 0, lag: 7 },
    ];
    const status = [
      { partition: 3, next: '500' },
      { partition: 5, next: '40' },
    ];
    const counts = { applied: 10, duplicates: 2, rejected: 1, skipped: 4 };
    new AggregatorMetrics(
      metrics,
      { consumerLag: () => lag } as unknown as KafkaBatchServer,
      { status: () => status, stats: () => counts } as unknown as ProjectionRunner,
      { coveredOffsets: () => ({ 3: '450' }) } as unknown as MergedReadModel,
    );
    expect(await samples(metrics, 'aggregator_consumer_lag')).toEqual({ 'partition=3': 120 });
    expect(await samples(metrics, 'aggregator_read_model_lag')).toEqual({ 'partition=3': 50, 'partition=5': 40 });
    expect(await samples(metrics, 'aggregator_records_total')).toEqual({
      'outcome=applied': 10,
      'outcome=duplicates': 2,
      'outcome=rejected': 1,
      'outcome=skipped': 4,
    });

    // A later scrape shows the new values, and a partition no longer owned disappears.
    lag.splice(0, 2, { topic: 'dossier.events.v1', partition: 5, lag: 0 });
    counts.applied = 25;
    expect(await samples(metrics, 'aggregator_consumer_lag')).toEqual({ 'partition=5': 0 });
    expect((await samples(metrics, 'aggregator_records_total'))['outcome=applied']).toBe(25);
  });
});

describe('MeasuredCheckpointStore', () => {
  it('observes each save with the chunks and bytes it wrote, and passes its result through', async () => {
    const stats = { chunkWrites: 100, chunkBytes: 10_000 } as CheckpointStoreStats;
    const manifest = { version: 7 } as unknown as CheckpointManifest;
    const store = {
      save: jest.fn(async () => {
        stats.chunkWrites += 3;
        stats.chunkBytes += 2_048;
        return manifest;
      }),
      snapshotStats: () => ({ ...stats }),
    } as unknown as CheckpointPort;
    const metrics = new MetricsRegistry('report-aggregator');
    const measured = new MeasuredCheckpointStore(store, metrics);
    expect(await measured.save('t', 1, null, '42', new Map())).toBe(manifest);
    const text = await metrics.render();
    expect(text).toContain('aggregator_checkpoint_duration_seconds_count{service="report-aggregator"} 1');
    expect(text).toContain('aggregator_checkpoint_chunks_sum{service="report-aggregator"} 3');
    expect(text).toContain('aggregator_checkpoint_bytes_sum{service="report-aggregator"} 2048');
  });

  it('observes nothing when the save fails', async () => {
    const store = {
      save: () => Promise.reject(new Error('conflict')),
      snapshotStats: () => ({ chunkWrites: 0, chunkBytes: 0 }),
    } as unknown as CheckpointPort;
    const metrics = new MetricsRegistry('report-aggregator');
    await expect(new MeasuredCheckpointStore(store, metrics).save('t', 1, null, '1', new Map())).rejects.toThrow(
      'conflict',
    );
    expect(await metrics.render()).toContain('aggregator_checkpoint_chunks_count{service="report-aggregator"} 0');
  });
});
