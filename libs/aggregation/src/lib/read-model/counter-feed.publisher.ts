import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import { KAFKA, LazyProducer, TopicNames } from '@dossier-ledger/platform';
import type { CounterStoreChunk } from '@dossier-ledger/reporting';
import { CompressionTypes, type Kafka } from 'kafkajs';
import type { PublishPort } from '../consumption/projection-runner';
import type { ChunkChanges } from '../projection/partition-projection';
import { encodeCounterFeedEntry } from './counter-feed.codec';

const MESSAGES_PER_SEND = 500;

/** Sends absolute counter-chunk values to the compacted counters topic (acks from all replicas). */
@Injectable()
export class CounterFeedPublisher implements PublishPort, OnApplicationShutdown {
  private readonly producer: LazyProducer;
  readonly topic: string;

  constructor(@Inject(KAFKA) kafka: Kafka, topics: TopicNames) {
    this.topic = topics.of(TOPICS.reportCounters);
    this.producer = new LazyProducer(kafka);
  }

  async publish(partition: number, offset: bigint, changes: ChunkChanges): Promise<void> {
    const producer = await this.producer.get();
    const messages = [...changes].map(([chunkKey, chunk]) =>
      encodeCounterFeedEntry({ partition, offset, chunkKey, chunk: chunk as CounterStoreChunk }),
    );
    for (let i = 0; i < messages.length; i += MESSAGES_PER_SEND) {
      await producer.send({
        topic: this.topic,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: messages.slice(i, i + MESSAGES_PER_SEND),
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
