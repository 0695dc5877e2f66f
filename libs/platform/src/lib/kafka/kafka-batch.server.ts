import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, IMemberAssignment, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { distinctCorrelationIds } from '../logging/correlation-id';
import { KafkaBatchContext, type KafkaBatchControls } from './kafka-batch.context';
import {
  lifecyclePattern,
  type KafkaBatch,
  type KafkaBatchReply,
  type PartitionLifecycle,
  type PartitionLifecycleEvent,
} from './kafka-batch.types';
import { retryStartup } from '../lifecycle/startup-retry';
import { createKafka } from './kafka-client';
import { SerialQueue } from './serial-queue';

export interface KafkaBatchServerOptions {
  brokers: string;
  clientId: string;
  groupId: string;
  /** Physical topic = prefix + the logical name used in the handler decorators (tests isolate suites with it). */
  topicPrefix?: string;
  /** kafkajs defaults: 30 000 / 3 000 / 60 000 ms. Tests use a ~6 s session so no rebalance waits 30 s. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** Period of the `@OnConsumerTick` handlers; 0 disables them. */
  tickIntervalMs?: number;
  maxBytesPerPartition?: number;
  maxWaitTimeMs?: number;
  /** An existing client (tests); otherwise one is created from brokers / clientId. */
  kafka?: Kafka;
  /**
   * Several servers in one app (one per consumer group): each takes only the handlers declared with
   * its transport (the decorators' second argument). Unset: every handler.
   */
  transportId?: symbol;
  /** How long joining the group is retried at start and after a crash (STARTUP_TIMEOUT_MS). */
  startupTimeoutMs?: number;
}

export type KafkaBatchServerStatus = 'connecting' | 'connected' | 'stopping' | 'disconnected';

/** What the server owns right now, for health details. */
export interface KafkaBatchAssignment {
  groupId: string;
  memberId: string | null;
  /** Number of group joins seen by this process (each rebalance is one). */
  joins: number;
  status: KafkaBatchServerStatus;
  topics: Record<string, { owned: number[]; restoring: number[] }>;
}

/** How far one owned partition is behind its log end, as of the last batch handled on it. */
export interface KafkaPartitionLag {
  topic: string;
  partition: number;
  /** High watermark of the last batch − the next offset to handle after it (records not yet handled). */
  lag: number;
}

const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);
const isRebalancing = (error: unknown): boolean =>
  REBALANCE_ERRORS.has((error as { type?: string } | null)?.type ?? '');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A Nest transport strategy that consumes Kafka in batches (the stock Kafka transport hands over
 * one message at a time and commits on its own).
 *
 * - `@KafkaBatchHandler(topic)` receives a `KafkaBatch` (one partition's consecutive records) and a
 *   `KafkaBatchContext` with `resolveOffset` (per message), `heartbeat` (call it inside long
 *   batches), `isStale`, `isRunning`.
 * - Nothing is committed automatically: a handler answers `{commit: [...]}` with offsets whose
 *   effects are durable, and the server commits exactly those (at-least-once delivery, the handler
 *   owns the exactly-once effect).
 * - Rebalances: on every group join the newly owned partitions are paused, `@OnPartitionsRevoked`
 *   gets the lost ones, `@OnPartitionsAssigned` gets all owned ones and answers `{seek}`; then the
 *   partitions resume from there. Lifecycle calls, ticks and batches never run concurrently.
 * - Shutdown (`close`, called by Nest on SIGTERM with shutdown hooks enabled): stop fetching, let
 *   the current batch finish, `@OnPartitionsRevoked` with every owned partition (reason
 *   `shutdown`), commit what it answers, leave the group, disconnect.
 */
export class KafkaBatchServer
  extends Server<Record<string, never>, KafkaBatchServerStatus>
  implements CustomTransportStrategy
{
  private readonly log = new Logger(KafkaBatchServer.name);
  private readonly queue = new SerialQueue();
  private consumer?: Consumer;
  private readonly owned = new Map<string, Set<number>>();
  private readonly restoring = new Set<string>();
  private memberId: string | null = null;
  /** Topics whose handler left a live batch unresolved (warned once: a handler that never resolves re-reads forever). */
  private readonly unresolving = new Set<string>();
  private joins = 0;
  private state: KafkaBatchServerStatus = 'disconnected';
  private tickTimer?: NodeJS.Timeout;
  private tickQueued = false;
  private closing?: Promise<void>;
  /** Per owned partition: the high watermark of its last batch and the next offset after what the handler resolved. */
  private readonly positions = new Map<
    string,
    { topic: string; partition: number; highWatermark: bigint; next: bigint }
  >();

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    if (options.transportId) this.setTransportId(options.transportId);
  }

  on(): never {
    throw new Error('KafkaBatchServer has no events; read status or assignment()');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const topics = this.batchTopics();
      if (topics.length === 0) throw new Error('KafkaBatchServer: no @KafkaBatchHandler(topic) is registered');
      await this.startWithRetry();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Physical name of a logical topic. */
  physicalTopic(topic: string): string {
    return (this.options.topicPrefix ?? '') + topic;
  }

  assignment(): KafkaBatchAssignment {
    const topics: KafkaBatchAssignment['topics'] = {};
    for (const topic of this.batchTopics()) {
      const owned = [...(this.owned.get(topic) ?? [])].sort((a, b) => a - b);
      topics[topic] = { owned, restoring: owned.filter((p) => this.restoring.has(this.key(topic, p))) };
    }
    return { groupId: this.options.groupId, memberId: this.memberId, joins: this.joins, status: this.state, topics };
  }

  /** Lag of every owned partition that has had a batch since it was assigned (metrics). */
  consumerLag(): KafkaPartitionLag[] {
    return [...this.positions.values()].map(({ topic, partition, highWatermark, next }) => ({
      topic,
      partition,
      lag: Number(highWatermark > next ? highWatermark - next : 0n),
    }));
  }

  /**
   * Joins the group, retrying what a broker that is still settling answers (coordinator loading,
   * a topic created a moment ago): each failed attempt's consumer is disconnected and a new one tried.
   */
  private startWithRetry(): Promise<void> {
    return retryStartup(
      `join consumer group ${this.options.groupId}`,
      async () => {
        try {
          await this.start();
        } catch (error) {
          await this.consumer?.disconnect().catch(() => undefined);
          this.consumer = undefined;
          throw error;
        }
      },
      { timeoutMs: this.options.startupTimeoutMs, log: this.log },
    );
  }

  private async start(): Promise<void> {
    const topics = this.batchTopics();
    this.setStatus('connecting');
    const kafka = this.options.kafka ?? createKafka(this.options.brokers, this.options.clientId);
    const consumer = kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      rebalanceTimeout: this.options.rebalanceTimeoutMs,
      maxBytesPerPartition: this.options.maxBytesPerPartition,
      maxWaitTimeInMs: this.options.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
      this.onGroupJoin(payload.memberId, payload.memberAssignment),
    );
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.log.error(`consumer crashed (restart: ${payload.restart}): ${payload.error?.message}`);
      // kafkajs restarts on retriable errors itself; otherwise this process would sit there not consuming.
      if (!payload.restart && this.consumer === consumer) void this.restartAfterCrash(consumer);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((t) => this.physicalTopic(t)), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.setStatus('connected');
    const tick = this.options.tickIntervalMs ?? 0;
    clearInterval(this.tickTimer);
    if (tick > 0) this.tickTimer = setInterval(() => this.scheduleTick(), tick);
  }

  /** A new consumer after a crash kafkajs does not recover from; the next join revokes what was lost. */
  private async restartAfterCrash(crashed: Consumer): Promise<void> {
    if (this.state === 'stopping' || this.closing) return;
    this.setStatus('connecting');
    await crashed.disconnect().catch(() => undefined);
    this.consumer = undefined;
    try {
      await this.startWithRetry();
      this.log.log(`consumer of ${this.options.groupId} restarted after a crash`);
    } catch (error) {
      this.log.error(`consumer of ${this.options.groupId} could not restart, exiting: ${describe(error)}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    }
  }

  private async shutdown(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.setStatus('stopping');
    clearInterval(this.tickTimer);
    try {
      consumer.pause(this.batchTopics().map((topic) => ({ topic: this.physicalTopic(topic) })));
    } catch {
      // not running: nothing is being fetched anyway
    }
    this.log.log(
      `stopping: fetching paused, handing back ${describeAssignment(new Map([...this.owned].map(([t, p]) => [t, [...p]])))}`,
    );
    await this.queue.run(async () => {
      for (const [topic, partitions] of this.owned) {
        if (partitions.size === 0) continue;
        try {
          const reply = await this.invokeLifecycle(topic, 'revoked', {
            partitions: [...partitions],
            reason: 'shutdown',
          });
          await this.applyReply(topic, reply);
        } catch (error) {
          this.log.error(`revoking ${topic} at shutdown failed: ${describe(error)}`);
        }
      }
      this.owned.clear();
      this.positions.clear();
    });
    await consumer.disconnect();
    this.setStatus('disconnected');
    this.log.log('stopped: group left, consumer disconnected');
  }

  private onGroupJoin(memberId: string, memberAssignment: IMemberAssignment): void {
    const join = ++this.joins;
    this.memberId = memberId;
    const next = new Map<string, number[]>();
    for (const topic of this.batchTopics()) {
      const partitions = [...(memberAssignment[this.physicalTopic(topic)] ?? [])].sort((a, b) => a - b);
      next.set(topic, partitions);
      if (partitions.length > 0 && this.lifecycleHandler(topic, 'assigned')) {
        // Synchronously, before the runner fetches for the new generation.
        this.consumer?.pause([{ topic: this.physicalTopic(topic), partitions }]);
        for (const p of partitions) this.restoring.add(this.key(topic, p));
      }
    }
    this.log.log(`joined group ${this.options.groupId} (join ${join}): ${describeAssignment(next)}`);
    void this.queue
      .run(() => this.applyAssignment(join, next))
      .catch((error) => this.log.error(`assignment failed: ${describe(error)}`));
  }

  private async applyAssignment(join: number, next: Map<string, number[]>): Promise<void> {
    for (const [topic, partitions] of next) {
      const before = this.owned.get(topic) ?? new Set<number>();
      const lost = [...before].filter((p) => !partitions.includes(p));
      const added = partitions.filter((p) => !before.has(p));
      for (const p of lost) this.positions.delete(this.key(topic, p));
      if (lost.length > 0) {
        try {
          await this.applyReply(
            topic,
            await this.invokeLifecycle(topic, 'revoked', { partitions: lost, reason: 'rebalance' }),
          );
        } catch (error) {
          this.log.error(`revoking ${topic} ${lost.join(',')} failed: ${describe(error)}`);
        }
      }
      this.owned.set(topic, new Set(partitions));
      if (partitions.length === 0 || !this.lifecycleHandler(topic, 'assigned')) continue;
      const stillCurrent = () => join === this.joins && this.state !== 'stopping';
      const reply = await this.retry(
        () => this.invokeLifecycle(topic, 'assigned', { partitions, added }),
        stillCurrent,
        topic,
      );
      // A newer join re-paused everything and queued its own assignment after this one.
      if (!stillCurrent()) return;
      await this.applyReply(topic, reply);
      for (const p of partitions) this.restoring.delete(this.key(topic, p));
      this.consumer?.resume([{ topic: this.physicalTopic(topic), partitions }]);
    }
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const topic = this.logicalTopic(batch.topic);
    if (topic === undefined) return;
    const key = this.key(topic, batch.partition);
    const handler = this.getHandlerByPattern(topic);
    if (!handler || this.state === 'stopping' || this.restoring.has(key)) return;
    let rebalance: unknown;
    let started = false;
    let cancelled = false;
    let resolved: bigint | undefined;
    const controls: KafkaBatchControls = {
      resolveOffset: (offset) => {
        resolved = BigInt(offset);
        payload.resolveOffset(offset);
      },
      heartbeat: async () => {
        if (rebalance !== undefined) return;
        try {
          await payload.heartbeat();
        } catch (error) {
          if (!isRebalancing(error)) throw error;
          rebalance = error;
        }
      },
      isRunning: () => this.state === 'connected' && payload.isRunning(),
      isStale: () => rebalance !== undefined || payload.isStale() || this.restoring.has(key),
    };
    const job = this.queue.run(async () => {
      started = true;
      if (cancelled || this.state === 'stopping' || controls.isStale()) return;
      const data: KafkaBatch = {
        topic,
        partition: batch.partition,
        highWatermark: batch.highWatermark,
        messages: batch.messages.map(({ offset, key: k, value, headers, timestamp }) => ({
          offset,
          key: k,
          value,
          headers,
          timestamp,
        })),
      };
      const reply = await this.invoke(handler, data, new KafkaBatchContext([topic, batch.partition, controls]));
      if (resolved !== undefined) {
        this.positions.set(key, {
          topic,
          partition: batch.partition,
          highWatermark: BigInt(batch.highWatermark),
          next: resolved + 1n,
        });
        this.logBatch(data, resolved);
      } else if (data.messages.length > 0 && !controls.isStale() && !this.unresolving.has(topic)) {
        this.unresolving.add(topic);
        this.log.warn(`the ${topic} handler resolved no offset of a batch: kafkajs fetches it again (once per topic)`);
      }
      await this.applyReply(topic, reply);
    });
    // Waiting behind a restore or a checkpoint must not cost the group membership.
    const interval = this.options.heartbeatIntervalMs ?? 3000;
    let settled = false;
    job.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!started && !settled) {
      await Promise.race([job.catch(() => undefined), sleep(interval)]);
      if (!started && !settled) await controls.heartbeat();
      if (rebalance !== undefined && !started) {
        cancelled = true;
        break;
      }
    }
    if (!cancelled) await job;
    if (rebalance !== undefined) throw rebalance;
  }

  /** One debug line per handled batch: where it was and which requests it came from (x-correlation-id headers). */
  private logBatch(batch: KafkaBatch, lastResolved: bigint): void {
    if (batch.messages.length === 0) return;
    const { ids, more } = distinctCorrelationIds(batch.messages.map((m) => m.headers));
    const correlation = ids.length === 0 ? 'none' : `${ids.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
    this.log.debug(
      `handled ${batch.topic} [${batch.partition}] offsets ${batch.messages[0].offset}..${lastResolved} (high watermark ${batch.highWatermark}); correlation ids: ${correlation}`,
    );
  }

  private scheduleTick(): void {
    if (this.tickQueued || this.state !== 'connected') return;
    this.tickQueued = true;
    void this.queue
      .run(async () => {
        this.tickQueued = false;
        for (const topic of this.batchTopics()) {
          const partitions = [...(this.owned.get(topic) ?? [])].filter((p) => !this.restoring.has(this.key(topic, p)));
          if (partitions.length === 0 || !this.lifecycleHandler(topic, 'tick')) continue;
          await this.applyReply(topic, await this.invokeLifecycle(topic, 'tick', { partitions }));
        }
      })
      .catch((error) => this.log.warn(`tick failed: ${describe(error)}`));
  }

  private async invokeLifecycle(
    topic: string,
    event: PartitionLifecycleEvent,
    payload: Omit<PartitionLifecycle, 'topic' | 'event'>,
  ): Promise<KafkaBatchReply | undefined> {
    const handler = this.lifecycleHandler(topic, event);
    if (!handler) return undefined;
    const data: PartitionLifecycle = { topic, event, ...payload };
    return this.invoke(handler, data, new KafkaBatchContext([topic, -1, NO_CONTROLS]));
  }

  private async invoke(
    handler: MessageHandler,
    data: unknown,
    context: KafkaBatchContext,
  ): Promise<KafkaBatchReply | undefined> {
    const result = await handler(data, context);
    return (await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined })) as
      KafkaBatchReply | undefined;
  }

  private async applyReply(topic: string, reply: KafkaBatchReply | undefined): Promise<void> {
    const consumer = this.consumer;
    if (!reply || !consumer) return;
    const physical = this.physicalTopic(topic);
    for (const { partition, offset } of reply.seek ?? []) consumer.seek({ topic: physical, partition, offset });
    if (reply.commit && reply.commit.length > 0) {
      try {
        await consumer.commitOffsets(
          reply.commit.map(({ partition, offset }) => ({ topic: physical, partition, offset })),
        );
      } catch (error) {
        // Harmless: the handler's own checkpoint is the truth; the committed offset only lags.
        this.log.warn(`commit on ${physical} failed: ${describe(error)}`);
      }
    }
  }

  private async retry<T>(attempt: () => Promise<T>, stillWanted: () => boolean, topic: string): Promise<T | undefined> {
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      try {
        return await attempt();
      } catch (error) {
        this.log.error(`assigning ${topic} failed, retrying in ${delay} ms: ${describe(error)}`);
        await sleep(delay);
        if (!stillWanted()) return undefined;
      }
    }
  }

  private batchTopics(): string[] {
    return [...this.messageHandlers.keys()].filter((pattern) => !pattern.startsWith('{'));
  }

  private lifecycleHandler(topic: string, event: PartitionLifecycleEvent): MessageHandler | undefined {
    return this.messageHandlers.get(this.normalizePattern(lifecyclePattern(topic, event)));
  }

  private logicalTopic(physical: string): string | undefined {
    const prefix = this.options.topicPrefix ?? '';
    return physical.startsWith(prefix) ? physical.slice(prefix.length) : undefined;
  }

  private key(topic: string, partition: number): string {
    return `${topic}:${partition}`;
  }

  private setStatus(status: KafkaBatchServerStatus): void {
    this.state = status;
    this._status$.next(status);
  }
}

const NO_CONTROLS: KafkaBatchControls = {
  resolveOffset: () => undefined,
  heartbeat: async () => undefined,
  isRunning: () => true,
  isStale: () => false,
};

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'object' ? JSON.stringify(error) : String(error);
}

function describeAssignment(assignment: Map<string, number[]>): string {
  return [...assignment].map(([topic, partitions]) => `${topic} [${partitions.join(',')}]`).join('; ') || 'nothing';
}
