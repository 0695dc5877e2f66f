import { TOPICS } from '@dossier-ledger/contracts';
import { PartitionCheckpointStore, type KafkaBatchReply, type PartitionOffset } from '@dossier-ledger/platform';
import type { Admin, Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import { CheckpointPolicy } from '../consumption/checkpoint-policy';
import { ProjectionRunner, type PublishPort, type RunnerStats } from '../consumption/projection-runner';
import type { DossierReportProjection, DossierReportProjectionFactory } from '../projection/dossier-report.projection';
import type { ChunkChanges } from '../projection/partition-projection';
import { CounterFeedPublisher } from '../read-model/counter-feed.publisher';
import { GenerationTopicNames, type GenerationNames } from './aggregator-generation';
import { GenerationVerifier } from './generation-verifier';
import { TopicReplay, type ReplayBatchHandler, type ReplayRange, type TopicReplayOptions } from './topic-replay';

/** A rebuilt partition to compare with the live generation: the offsets the verifier needs. */
export interface VerifyRequest {
  partition: number;
  /** The offset to compare at, at least (the live checkpoint may be further). */
  compareFrom: bigint;
  /** The topic's first offset. */
  low: bigint;
  /** Where the replay of the partition stopped. */
  end: bigint;
}

export interface VerifyResult {
  partition: number;
  at: bigint;
  differences: string[];
}

export interface ProjectionReplayOptions {
  kafka: Kafka;
  db: mongo.Db;
  /** Deployment topic prefix. */
  prefix: string;
  /** The generation built: its checkpoint collections, counters topic and group. */
  names: GenerationNames;
  factory: DossierReportProjectionFactory;
  /** Unsaved events per partition that force a checkpoint on the way (CHECKPOINT_MAX_REPLAY_EVENTS). */
  maxReplayEvents: number;
  sessionTimeoutMs?: number;
  /** Fetch sizes (default: kafkajs'). */
  fetch?: Pick<TopicReplayOptions, 'maxBytesPerPartition' | 'maxBytes'>;
}

/**
 * The events topic replayed into the production ProjectionRunner of a generation: consume, apply,
 * then checkpoint, publish and commit once at the end (the live policy's volume rule would
 * checkpoint every few thousand events of a dense replay, for nothing: a replay is redone, not
 * resumed; only CHECKPOINT_MAX_REPLAY_EVENTS still bounds what a partition holds unsaved).
 * The rebuild and the replay benchmark run exactly this.
 */
export class ProjectionReplay {
  readonly topic: string;
  readonly runner: ProjectionRunner;
  readonly replay: TopicReplay;
  private readonly publisher: CounterFeedPublisher;
  private readonly overlapped: OverlappedPublisher;

  constructor(private readonly options: ProjectionReplayOptions) {
    this.topic = options.prefix + TOPICS.dossierEvents.name;
    const { names } = options;
    this.publisher = new CounterFeedPublisher(options.kafka, new GenerationTopicNames(options.prefix, names));
    const store = new PartitionCheckpointStore(options.db, {
      manifestCollection: names.manifestCollection,
      chunkCollection: names.chunkCollection,
    });
    const policy = new CheckpointPolicy({
      eventsPerWrite: Number.MAX_SAFE_INTEGER,
      maxReplayEvents: options.maxReplayEvents,
    });
    this.overlapped = new OverlappedPublisher(this.publisher);
    this.runner = new ProjectionRunner(this.topic, options.factory, store, this.overlapped, policy);
    this.replay = new TopicReplay({
      kafka: options.kafka,
      topic: this.topic,
      groupId: names.groupId,
      sessionTimeoutMs: options.sessionTimeoutMs,
      ...options.fetch,
    });
  }

  /** Into the runner; answers the offsets its checkpoints made durable, for the replay to commit. */
  readonly intoRunner: ReplayBatchHandler = async (partition, messages, controls) => {
    // High watermark 0: no catch-up marking (ProjectionRunner) — nobody else published this
    // generation, so there is no older publication to overwrite.
    const reply: KafkaBatchReply = await this.runner.applyBatch(
      { topic: TOPICS.dossierEvents.name, partition, highWatermark: '0', messages },
      controls,
    );
    // Nobody else writes a generation being built, so the runner never answers a seek here.
    if (reply.seek && reply.seek.length > 0)
      throw new Error(`generation ${this.options.names.generation} was checkpointed by someone else`);
    return reply.commit;
  };

  /** Restores (nothing, for a new generation) and positions every partition. */
  async assign(partitions: readonly number[]): Promise<void> {
    await this.runner.assign(partitions);
  }

  run(ranges: ReadonlyMap<number, ReplayRange>, onRecords?: (count: number) => void): Promise<void> {
    return this.replay.run(ranges, this.intoRunner, onRecords);
  }

  projectionOf(partition: number): DossierReportProjection {
    return this.runner.projectionOf(partition) as DossierReportProjection;
  }

  stats(): RunnerStats {
    return this.runner.stats();
  }

  partitionStats(partition: number): Record<string, number> {
    return this.projectionOf(partition).stats();
  }

  /**
   * Verifies rebuilt partitions against the live generation (GenerationVerifier), one after the
   * other: each is caught up from `end` to the offset it is compared at.
   */
  async verify(
    live: GenerationNames,
    requests: readonly VerifyRequest[],
    onRecords: (count: number) => void = () => undefined,
    onVerified: (result: VerifyResult) => void = () => undefined,
  ): Promise<VerifyResult[]> {
    const liveStore = new PartitionCheckpointStore(this.options.db, live);
    const verifier = new GenerationVerifier(this.topic, liveStore, this.options.factory, this.replay);
    const results: VerifyResult[] = [];
    for (const { partition, compareFrom, low, end } of requests) {
      const { at, differences } = await verifier.verify(partition, compareFrom, low, async (to) => {
        await this.run(new Map([[partition, { from: end, to }]]), onRecords);
        return this.projectionOf(partition).counterSnapshot();
      });
      results.push({ partition, at, differences });
      onVerified(results[results.length - 1]);
    }
    return results;
  }

  /** The final checkpoint and publication of every partition; answers the offsets they made durable. */
  async checkpointAll(): Promise<PartitionOffset[]> {
    const { commit } = await this.runner.flush();
    await this.overlapped.settle();
    return (commit ?? []).filter((c) => BigInt(c.offset) > 0n);
  }

  /**
   * Checkpoints and publishes every partition, commits the offsets for the generation's group
   * (for monitoring: its owners seek to the checkpoints), deletes the garbage of the checkpoints
   * written on the way.
   */
  async finish(admin: Admin): Promise<void> {
    const offsets = await this.checkpointAll();
    // As the group's member: the admin's setOffsets waits (seconds) until the group is empty after the replay left.
    const committed = await this.replay.commit(offsets);
    await this.replay.stop();
    if (!committed)
      await admin.setOffsets({ groupId: this.options.names.groupId, topic: this.topic, partitions: offsets });
    await this.runner.collectGarbageNow();
  }

  async close(): Promise<void> {
    await this.replay.stop().catch(() => undefined);
    await this.publisher.onApplicationShutdown();
  }
}

/**
 * The final flush publishes and checkpoints partition after partition, each waiting on its I/O
 * (Kafka acks, FerretDB inserts): here a partition's sends start and the runner goes on to the next
 * partition's checkpoint at once; `settle` waits for all of them. A failed send fails the rebuild
 * (nothing is switched), so no publication is lost silently.
 */
class OverlappedPublisher implements PublishPort {
  private pending: Promise<void>[] = [];

  constructor(private readonly target: PublishPort) {}

  publish(partition: number, offset: bigint, changes: ChunkChanges): Promise<void> {
    const sent = this.target.publish(partition, offset, changes);
    sent.catch(() => undefined); // observed by settle()
    this.pending.push(sent);
    return Promise.resolve();
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }
}
