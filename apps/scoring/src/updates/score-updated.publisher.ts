import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS, type ScoreUpdatedV1 } from '@dossier-ledger/contracts';
import { KAFKA, TopicNames } from '@dossier-ledger/platform';
import type { Kafka, Producer } from 'kafkajs';
import type { ScoreUpdatePublishPort } from './score-updates.runner';

/** Publishes `score.updated.v1` (key `${ruleSet}|${unitCode}`), all scores of one recomputation in one send. */
@Injectable()
export class ScoreUpdatedPublisher implements ScoreUpdatePublishPort, OnApplicationShutdown {
  private producer?: Promise<Producer>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly topics: TopicNames,
  ) {}

  async publish(updates: readonly ScoreUpdatedV1[]): Promise<void> {
    if (updates.length === 0) return;
    this.producer ??= this.connect();
    const producer = await this.producer;
    await producer.send({
      topic: this.topics.of(TOPICS.scoreUpdated),
      acks: -1,
      messages: updates.map((update) => ({
        key: `${update.ruleSet}|${update.unitCode}`,
        value: JSON.stringify(update),
      })),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await (await this.producer)?.disconnect();
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    try {
      await producer.connect();
    } catch (error) {
      this.producer = undefined;
      throw error;
    }
    return producer;
  }
}
