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
  /**
   * A consumer that has neither fetched nor handled a batch for this long is restarted (and reads the
   * topic again from the beginning: the views it feeds take absolute values). A connection that stops
   * answering would otherwise hold the reader for kafkajs' 5 × request timeout (150 s) while it still
   * says it is caught up. Default 30 s; 0 turns it off.
   */
  stallRestartMs?: number;
  /** Called with each batch, in offset order per partition. */
  onBatch(partition: number, messages: KafkaBatchMessage[]): void | Promise<void>;
}

export interface KafkaTopicReaderProgress {
  topic: string;
  /** True once every partition was read up to its end offset as of `start()`. */
  caughtUp: boolean;
  /** Restarts after a stall or a crash kafkajs did not restart (see stallRestartMs). */
  restarts: number;
  partitions: { partition: number; next: string; endAtStart: string }[];
}

/**
 * Reads a whole topic from the beginning on every start, in every replica, without committing:
 * the way to rebuild an in-memory view from a compacted topic. kafkajs has no group-less
 * consumer, so each reader is the only member of a throw-away group (deleted on `stop()`).
 */
export class KafkaTopicReader {
  private readonly log = new Logger(KafkaTopicReader.name);
  private groupId: string;
  private consumer?: Consumer;
  private readonly endAtStart = new Map<number, bigint>();
  private readonly next = new Map<number, bigint>();
  private caughtUp = false;
  private readonly waiters: (() => void)[] = [];
  /** Last fetch or batch (ms): what the stall watchdog looks at. */
  private lastProgressAt = 0;
  private watchdog?: NodeJS.Timeout;
  private restarts = 0;
  private restarting = false;
  private stopped = false;

  constructor(private readonly options: KafkaTopicReaderOptions) {
    this.groupId = newGroupId(options.groupIdPrefix);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.open();
  }

  /**
   * start(), retried with backoff until it succeeds or stop() is called (a service starting while the
   * broker is away). Each failed attempt drops its consumer and takes a new group.
   */
  async startRetrying(): Promise<void> {
    this.stopped = false;
    await this.openRetrying('start');
  }

  private async open(): Promise<void> {
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
    if (this.stopped) return;
    const consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      maxWaitTimeInMs: this.options.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    this.lastProgressAt = Date.now();
    consumer.on(consumer.events.FETCH, () => (this.lastProgressAt = Date.now()));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) void this.restart(`crashed and kafkajs will not restart it: ${payload.error.message}`);
    });
    this.startWatchdog();
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
        this.lastProgressAt = Date.now();
        this.checkCaughtUp();
        await heartbeat();
      },
    });
  }

  /** Leaves and deletes the reader's group; start() may be called again afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    const consumer = this.consumer;
    if (!consumer) return;
    this.consumer = undefined;
    await this.leave(consumer, this.groupId);
  }

  private async leave(consumer: Consumer, groupId: string): Promise<void> {
    await consumer.disconnect().catch(() => undefined);
    const admin = this.options.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch (error) {
      this.log.debug(`could not delete reader group ${groupId}: ${(error as Error).message}`);
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
      restarts: this.restarts,
      partitions: [...this.endAtStart].map(([partition, end]) => ({
        partition,
        next: String(this.next.get(partition) ?? 0n),
        endAtStart: String(end),
      })),
    };
  }

  private startWatchdog(): void {
    const limit = this.options.stallRestartMs ?? 30_000;
    clearInterval(this.watchdog);
    if (limit <= 0) return;
    this.watchdog = setInterval(
      () => {
        const idle = Date.now() - this.lastProgressAt;
        if (idle > limit) void this.restart(`no fetch for ${Math.round(idle / 1000)} s`);
      },
      Math.min(5_000, limit),
    );
    this.watchdog.unref();
  }

  /**
   * Starts a new consumer in a new group (retrying until it starts or the reader is stopped); the old
   * one leaves in the background: over a dead connection its goodbye waits for the request timeout,
   * and in the same group the new member would wait for the old one's session to end.
   */
  private async restart(reason: string): Promise<void> {
    if (this.restarting || !this.consumer) return;
    this.restarting = true;
    this.restarts++;
    this.log.warn(`reader of ${this.options.topic} restarts: ${reason}`);
    try {
      this.dropConsumer();
      await this.openRetrying('restart');
    } finally {
      this.restarting = false;
    }
  }

  private async openRetrying(what: string): Promise<void> {
    for (let delay = 200; !this.stopped; delay = Math.min(delay * 2, 5_000)) {
      try {
        await this.open();
        return;
      } catch (error) {
        this.log.warn(
          `reader of ${this.options.topic} could not ${what}, retrying in ${delay} ms: ${(error as Error).message}`,
        );
        this.dropConsumer();
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** The current consumer leaves in the background; the next one joins a new group. */
  private dropConsumer(): void {
    const consumer = this.consumer;
    this.consumer = undefined;
    clearInterval(this.watchdog);
    if (consumer) void this.leave(consumer, this.groupId);
    this.groupId = newGroupId(this.options.groupIdPrefix);
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

function newGroupId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
