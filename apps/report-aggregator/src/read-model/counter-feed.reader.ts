import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import { KAFKA, KafkaTopicReader, TopicNames, type KafkaTopicReaderProgress } from '@dossier-ledger/platform';
import type { Kafka } from 'kafkajs';
import { AggregatorEnv, decodeCounterFeedEntry } from '@dossier-ledger/aggregation';
import { MergedReadModel } from './merged-read-model';

/** Feeds the merged read model from the counters topic, read whole from the beginning at start. */
@Injectable()
export class CounterFeedReader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly reader: KafkaTopicReader;
  private started?: Promise<void>;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    topics: TopicNames,
    env: AggregatorEnv,
    private readonly readModel: MergedReadModel,
  ) {
    this.reader = new KafkaTopicReader({
      kafka,
      topic: topics.of(TOPICS.reportCounters),
      groupIdPrefix: `${env.KAFKA_GROUP_ID}-read-model`,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS,
      maxWaitTimeMs: 100,
      onBatch: (partition, messages) => {
        // Records below the end offsets seen at start-up are history: applied without notifying the live views.
        const end = BigInt(this.reader.progress().partitions.find((p) => p.partition === partition)?.endAtStart ?? '0');
        for (const message of messages) {
          const entry = decodeCounterFeedEntry(message.value);
          if (entry) this.readModel.apply(entry, { notify: BigInt(message.offset) >= end });
        }
      },
    });
  }

  onApplicationBootstrap(): void {
    // Not awaited: the HTTP side starts at once and /health says when the read model is loaded.
    this.started = this.reader.startRetrying();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reader.stop(); // ends the retries too
    await this.started;
    await this.reader.stop(); // a consumer an attempt in flight opened after the first stop
  }

  isCaughtUp(): boolean {
    return this.reader.isCaughtUp();
  }

  whenCaughtUp(): Promise<void> {
    return this.reader.whenCaughtUp();
  }

  progress(): KafkaTopicReaderProgress {
    return this.reader.progress();
  }
}
