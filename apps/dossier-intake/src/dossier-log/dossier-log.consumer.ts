import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import { KAFKA, TopicNames } from '@dossier-ledger/platform';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { IntakeEnv } from '../app/intake-env';
import type { PublishedDossierEvent } from '../publishing/dossier-event.publisher';
import { DossierLogRepository, dossierLogChunkId, type DossierLogChunk } from './dossier-log.repository';

const MAX_BUFFERED_EVENTS = 50_000;
const MAX_KNOWN_DOSSIERS = 500_000;

/**
 * Keeps the per-dossier log (DossierLogRepository) from the dossier events topic, in a consumer
 * group of its own. Records are buffered per dossier and flushed about every DOSSIER_LOG_FLUSH_MS:
 * one chunk per touched dossier, then the offsets are committed. The next chunk index per dossier
 * is kept in memory; an unknown dossier is tried at 0 and probed only when that is taken (after a
 * restart or a rebalance). A crash before the commit re-reads records: reads dedupe them.
 */
@Injectable()
export class DossierLogConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DossierLogConsumer.name);
  private readonly consumer: Consumer;
  private buffer = new Map<string, PublishedDossierEvent[]>();
  private buffered = 0;
  private offsets = new Map<string, { topic: string; partition: number; offset: string }>();
  private readonly nextIndex = new Map<string, number>();
  private flushing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    private readonly topics: TopicNames,
    private readonly log: DossierLogRepository,
    private readonly env: IntakeEnv,
  ) {
    this.consumer = kafka.consumer({
      groupId: `${topics.prefix}dossier-intake.dossier-log`,
      sessionTimeout: env.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: env.KAFKA_HEARTBEAT_INTERVAL_MS,
      allowAutoTopicCreation: false,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.INTAKE_CONSUMERS !== 'on') return;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topics.of(TOPICS.dossierEvents), fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.running = true;
    this.timer = setInterval(() => void this.flush(), this.env.DOSSIER_LOG_FLUSH_MS);
  }

  /** Before the connections close: a last flush / batch still needs MongoDB and the producer. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    clearInterval(this.timer);
    this.consumer.pause([{ topic: this.topics.of(TOPICS.dossierEvents) }]);
    await this.flush();
    await this.consumer.disconnect();
  }

  private async onBatch({ batch, heartbeat, resolveOffset }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      try {
        const record = JSON.parse(message.value?.toString() ?? '') as PublishedDossierEvent;
        const dossierId = record.event.dossierId;
        const list = this.buffer.get(dossierId);
        if (list) list.push(record);
        else this.buffer.set(dossierId, [record]);
        this.buffered++;
      } catch {
        this.logger.error(`skipping an unreadable record at ${batch.topic}/${batch.partition}@${message.offset}`);
      }
    }
    const last = batch.messages.at(-1);
    if (last) {
      resolveOffset(last.offset); // the fetch position; the commit waits for the flush
      this.offsets.set(`${batch.topic}/${batch.partition}`, {
        topic: batch.topic,
        partition: batch.partition,
        offset: (BigInt(last.offset) + 1n).toString(),
      });
    }
    if (this.buffered >= MAX_BUFFERED_EVENTS) {
      await this.flush();
      await heartbeat();
    }
  }

  /** Writes the buffered records, then commits their offsets. Flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.flushOnce())
      .catch((error: unknown) => {
        this.logger.error(`dossier log flush failed, will retry: ${(error as Error).message}`);
      });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (this.buffer.size === 0 && this.offsets.size === 0) return;
    const buffer = this.buffer;
    const offsets = [...this.offsets.values()];
    this.buffer = new Map();
    this.buffered = 0;
    this.offsets = new Map();
    try {
      await this.writeChunks(buffer);
    } catch (error) {
      // Put everything back (newer records after older ones) and keep the offsets uncommitted.
      for (const [dossierId, events] of this.buffer)
        buffer.set(dossierId, [...(buffer.get(dossierId) ?? []), ...events]);
      this.buffer = buffer;
      this.buffered = [...buffer.values()].reduce((n, list) => n + list.length, 0);
      for (const offset of offsets)
        if (!this.offsets.has(`${offset.topic}/${offset.partition}`))
          this.offsets.set(`${offset.topic}/${offset.partition}`, offset);
      throw error;
    }
    if (offsets.length > 0) {
      await this.consumer.commitOffsets(offsets).catch((error: unknown) => {
        // Lost the partition in a rebalance: its new owner re-reads those records, reads dedupe.
        this.logger.warn(`offset commit failed: ${(error as Error).message}`);
      });
    }
  }

  private async writeChunks(buffer: Map<string, PublishedDossierEvent[]>): Promise<void> {
    let pending = [...buffer.entries()];
    const writtenAt = new Date();
    while (pending.length > 0) {
      const chunks: DossierLogChunk[] = pending.map(([dossierId, events]) => {
        const k = this.nextIndex.get(dossierId) ?? 0;
        return { _id: dossierLogChunkId(dossierId, k), dossierId, k, recordsJson: JSON.stringify(events), writtenAt };
      });
      const taken = await this.log.insertChunks(chunks);
      if (this.nextIndex.size > MAX_KNOWN_DOSSIERS) this.nextIndex.clear();
      const retry: [string, PublishedDossierEvent[]][] = [];
      for (let i = 0; i < chunks.length; i++) {
        const { dossierId, k } = chunks[i];
        if (taken.has(i)) {
          this.nextIndex.set(dossierId, await this.log.nextFreeIndex(dossierId, k + 1));
          retry.push(pending[i]);
        } else {
          this.nextIndex.set(dossierId, k + 1);
        }
      }
      pending = retry;
    }
  }
}
