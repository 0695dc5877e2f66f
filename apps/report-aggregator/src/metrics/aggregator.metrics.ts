import { Injectable } from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import { KafkaBatchServer, MetricsRegistry } from '@dossier-ledger/platform';
import { ProjectionRunner } from '@dossier-ledger/aggregation';
import { MergedReadModel } from '../read-model/merged-read-model';

const RECORD_OUTCOMES = ['applied', 'duplicates', 'rejected', 'skipped'] as const;

/**
 * The aggregator's own series, read at scrape time from the components that already keep them
 * (nothing on the hot path): consumer lag and read-model lag per owned partition, records by outcome.
 * Checkpoint latency and size: MeasuredCheckpointStore.
 */
@Injectable()
export class AggregatorMetrics {
  constructor(
    metrics: MetricsRegistry,
    server: KafkaBatchServer,
    runner: ProjectionRunner,
    readModel: MergedReadModel,
  ) {
    metrics.gauge({
      name: 'aggregator_consumer_lag',
      help: 'Records of the events topic not yet applied, per owned partition: high watermark of its last batch - next offset',
      labelNames: ['partition'] as const,
      collect() {
        this.reset();
        for (const { topic, partition, lag } of server.consumerLag())
          if (topic === TOPICS.dossierEvents.name) this.set({ partition: String(partition) }, lag);
      },
    });
    metrics.gauge({
      name: 'aggregator_read_model_lag',
      help: "Events applied to an owned partition but not yet in this replica's read model (counters feed): next offset - offset the feed covers",
      labelNames: ['partition'] as const,
      collect() {
        this.reset();
        const covered = readModel.coveredOffsets();
        for (const { partition, next } of runner.status()) {
          const behind = BigInt(next) - BigInt(covered[partition] ?? '0');
          this.set({ partition: String(partition) }, Number(behind > 0n ? behind : 0n));
        }
      },
    });
    metrics.counter({
      name: 'aggregator_records_total',
      help: 'Events-topic records handled by this replica: applied (new event), duplicates, rejected (not an event), skipped (below the checkpoint)',
      labelNames: ['outcome'] as const,
      collect() {
        const stats = runner.stats();
        this.reset();
        for (const outcome of RECORD_OUTCOMES) this.inc({ outcome }, stats[outcome]);
      },
    });
  }
}
