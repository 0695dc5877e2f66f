import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS, type ScoreUpdatedV1 } from '@dossier-ledger/contracts';
import { KAFKA, LazyProducer, TopicNames } from '@dossier-ledger/platform';
import type { Kafka } from 'kafkajs';
import type { ScoreUpdatePublishPort } from './score-updates.runner';

/** Publishes `score.updated.v1` (key `${ruleSet}|${unitCode}`), all scores of one recomputation in one send. */
@Injectable()
export class ScoreUpdatedPublisher implements ScoreUpdatePublishPort, OnApplicationShutdown {
  private readonly producer: LazyProducer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    private readonly topics: TopicNames,
  ) {
    this.producer = new LazyProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
  }

  async publish(updates: readonly ScoreUpdatedV1[]): Promise<void> {
    if (updates.length === 0) return;
    await this.producer.send({
      topic: this.topics.of(TOPICS.scoreUpdated),
      acks: -1,
      messages: updates.map((update) => ({
        key: `${update.ruleSet}|${update.unitCode}`,
        value: JSON.stringify(update),
      })),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
