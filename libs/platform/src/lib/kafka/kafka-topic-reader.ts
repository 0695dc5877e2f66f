import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { KafkaBatchMessage } from './kafka-batch.types';

export interface KafkaTopicReaderOptions {
  kafka: Kafka;
  /** Physical topic name. */
  topic: string;
  /** The reader joins a group of its own, `${groupIdPrefix}-${random}`, so it gets every partition. */
  groupIdPrefix: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxWaitTimeMs?: number;
  /** Called with each batch, in offset order per partition. */
  onBatch(partition: number, messages: KafkaBatchMessage[]): void | Promise<void>;
}

export interface KafkaTopicReaderProgress {
  topic: string;
  /** True once every partition was read up to its end offset as of `start()`. */
  caughtUp: boolean;
  partitions: { partition: number; next: string; endAtStart: string }[];
}

/**
 * Reads a whole topic from the beginning on every start, in every replica, without committing:
 * the way to rebuild an in-memory view from a compacted topic. kafkajs has no group-less
 * consumer, so each reader is the only member of a throw-away group (deleted on `stop()`).
 */
export class KafkaTopicReader {
  private readonly log = new Logger(KafkaTopicReader.name);
  private readonly groupId: string;
  private consumer?: Consumer;
  private readonly endAtStart = new Map<number, bigint>();
  private readonly next = new Map<number, bigint>();
  private caughtUp = false;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly options: KafkaTopicReaderOptions) {
    this.groupId = `${options.groupIdPrefix}-${randomBytes(6).toString('hex')}`;
  }

  async start(): Promise<void> {
    const { kafka, topic } = this.options;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      this.endAtStart.clear();
      for (const { partition, high, low } of offsets) {
        this.endAtStart.set(partition, BigInt(high));
        this.next.set(partition, BigInt(low));
      }
    } finally {
      await admin.disconnect();
    }
    this.checkCaughtUp();
    const consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      maxWaitTimeInMs: this.options.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        await this.options.onBatch(
          batch.partition,
          batch.messages.map(({ offset, key, value, headers, timestamp }) => ({
            offset,
            key,
            value,
            headers,
            timestamp,
          })),
        );
        this.next.set(batch.partition, BigInt(batch.lastOffset()) + 1n);
        this.checkCaughtUp();
        await heartbeat();
      },
    });
  }

  /** Leaves and deletes the reader's group; start() may be called again afterwards. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.consumer = undefined;
    await consumer.disconnect().catch(() => undefined);
    const admin = this.options.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      this.log.debug(`could not delete reader group ${this.groupId}: ${(error as Error).message}`);
    } finally {
      await admin.disconnect();
    }
  }

  isCaughtUp(): boolean {
    return this.caughtUp;
  }

  /** Resolves once caught up with the end offsets seen at start-up. */
  whenCaughtUp(): Promise<void> {
    return this.caughtUp ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  progress(): KafkaTopicReaderProgress {
    return {
      topic: this.options.topic,
      caughtUp: this.caughtUp,
      partitions: [...this.endAtStart].map(([partition, end]) => ({
        partition,
        next: String(this.next.get(partition) ?? 0n),
        endAtStart: String(end),
      })),
    };
  }

  private checkCaughtUp(): void {
    if (this.caughtUp || this.endAtStart.size === 0) return;
    for (const [partition, end] of this.endAtStart) {
      if ((this.next.get(partition) ?? 0n) < end) return;
    }
    this.caughtUp = true;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
