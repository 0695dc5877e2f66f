import type { KafkaBatchControls, KafkaBatchMessage, PartitionOffset } from '@dossier-ledger/platform';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';

/** Records `from` ≤ offset < `to` of one partition. */
export interface ReplayRange {
  from: bigint;
  to: bigint;
}

/** Gets the records of one partition in offset order; answers offsets to commit for the replay's group. */
export type ReplayBatchHandler = (
  partition: number,
  messages: KafkaBatchMessage[],
  controls: KafkaBatchControls,
) => Promise<PartitionOffset[] | void>;

export interface TopicReplayOptions {
  kafka: Kafka;
  /** Physical topic. */
  topic: string;
  /** Group the replay consumes (and commits) in; alone in it. */
  groupId: string;
  sessionTimeoutMs?: number;
  /** Fetch sizes; kafkajs' defaults (1 MB per partition, 10 MB per fetch) unless given. */
  maxBytesPerPartition?: number;
  maxBytes?: number;
}

/**
 * Larger fetches than kafkajs' defaults, tried for replays: no gain in CPU per event, ~100 MB more
 * memory (docs/benchmarks.md, "Replay"), so replays keep the defaults; `bench -- replay --fetch large`.
 */
export const LARGE_FETCH = { maxBytesPerPartition: 8 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 } as const;

/**
 * Reads given offset ranges of a topic's partitions, once or in several successive `run`s on the
 * same consumer (one group join): a rebuild replays up to the end offsets it saw at start, then a
 * little further to the offsets it verifies at. kafkajs has no group-less consumer, so the replay
 * is the only member of its group; partitions outside the current ranges stay paused, and every
 * group join re-seeks to where the replay is (a join would restart from the committed offsets).
 */
export class TopicReplay {
  private consumer?: Consumer;
  private readonly next = new Map<number, bigint>();
  private readonly targets = new Map<number, bigint>();
  private handler: ReplayBatchHandler = async () => undefined;
  private onRecords: (count: number) => void = () => undefined;
  private waiting?: { resolve: () => void; reject: (error: unknown) => void };
  private failed?: unknown;
  private partitions: number[] = [];

  constructor(private readonly options: TopicReplayOptions) {}

  /** Resolves once every range is read and handled (empty ranges at once). */
  async run(
    ranges: ReadonlyMap<number, ReplayRange>,
    handler: ReplayBatchHandler,
    onRecords: (count: number) => void = () => undefined,
  ): Promise<void> {
    if (this.failed) throw this.failed;
    this.handler = handler;
    this.onRecords = onRecords;
    this.targets.clear();
    for (const [partition, { from, to }] of ranges) {
      if (to <= from) continue;
      this.next.set(partition, from);
      this.targets.set(partition, to);
    }
    if (this.targets.size === 0) return;
    const done = new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
    if (!this.consumer) await this.start();
    else this.position();
    return done;
  }

  /** Commits offsets for the replay's group, as its member (true), or answers false when it is no longer one. */
  async commit(offsets: readonly PartitionOffset[]): Promise<boolean> {
    if (!this.consumer || offsets.length === 0) return offsets.length === 0;
    try {
      await this.consumer.commitOffsets(
        offsets.map((o) => ({ topic: this.options.topic, partition: o.partition, offset: o.offset })),
      );
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  private async start(): Promise<void> {
    const { kafka, topic } = this.options;
    const admin = kafka.admin();
    await admin.connect();
    try {
      this.partitions = (await admin.fetchTopicOffsets(topic)).map((o) => o.partition).sort((a, b) => a - b);
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 60_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: this.options.maxBytesPerPartition,
      maxBytes: this.options.maxBytes,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => this.position());
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    // The join (GROUP_JOIN, before the first fetch) seeks and pauses through position().
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Seeks the partitions with something left to read to where the replay is; pauses the others. */
  private position(): void {
    const consumer = this.consumer;
    if (!consumer) return;
    const { topic } = this.options;
    const active = this.partitions.filter((p) => this.remaining(p));
    const idle = this.partitions.filter((p) => !this.remaining(p));
    if (idle.length > 0) consumer.pause([{ topic, partitions: idle }]);
    for (const partition of active) consumer.seek({ topic, partition, offset: String(this.next.get(partition)) });
    if (active.length > 0) consumer.resume([{ topic, partitions: active }]);
  }

  private remaining(partition: number): boolean {
    const target = this.targets.get(partition);
    return target !== undefined && (this.next.get(partition) ?? 0n) < target;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const partition = batch.partition;
    if (this.failed || !this.remaining(partition)) return;
    const next = this.next.get(partition) as bigint;
    const target = this.targets.get(partition) as bigint;
    // Records before the replay's position (a fetch in flight during a seek) or past its target are not its own.
    const messages: KafkaBatchMessage[] = [];
    for (const { offset, key, value, headers, timestamp } of batch.messages) {
      const o = BigInt(offset);
      if (o >= next && o < target) messages.push({ offset, key, value, headers, timestamp });
    }
    try {
      const commit =
        messages.length === 0
          ? undefined
          : await this.handler(partition, messages, { resolveOffset, heartbeat, isRunning, isStale });
      if (commit && commit.length > 0 && this.consumer) {
        await this.consumer.commitOffsets(
          commit.map((c) => ({ topic: this.options.topic, partition: c.partition, offset: c.offset })),
        );
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.onRecords(messages.length);
    // A batch's last offset may be a control record or past the target: the position moves past it, not beyond the target.
    const last = BigInt(batch.lastOffset()) + 1n;
    if (last > next) this.next.set(partition, last < target ? last : target);
    await heartbeat();
    if (this.remaining(partition)) return;
    this.consumer?.pause([{ topic: this.options.topic, partitions: [partition] }]);
    if ([...this.targets.keys()].every((p) => !this.remaining(p))) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve();
    }
  }

  private fail(error: unknown): void {
    this.failed = error;
    this.consumer?.pause([{ topic: this.options.topic }]);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}
