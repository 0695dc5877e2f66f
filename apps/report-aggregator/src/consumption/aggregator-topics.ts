import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import { ensureTopics, KAFKA_ADMIN, TopicNames } from '@dossier-ledger/platform';
import type { Admin } from 'kafkajs';

const METADATA_ATTEMPTS = 50;

/**
 * Creates the topics the aggregator reads and writes when they are missing (existing ones are left
 * alone), and waits until the broker serves their metadata: a consumer subscribing to a topic
 * created a moment ago would otherwise fail start-up.
 */
@Injectable()
export class AggregatorTopics implements OnModuleInit {
  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly topics: TopicNames,
  ) {}

  async onModuleInit(): Promise<void> {
    const specs = [TOPICS.dossierEvents, TOPICS.reportCounters, TOPICS.reportUpdated];
    await ensureTopics(this.admin, specs, this.topics.prefix);
    const names = specs.map((spec) => this.topics.of(spec));
    for (let attempt = 1; ; attempt++) {
      try {
        const { topics } = await this.admin.fetchTopicMetadata({ topics: names });
        if (topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (attempt >= METADATA_ATTEMPTS) throw error;
      }
      if (attempt >= METADATA_ATTEMPTS) throw new Error(`topics ${names.join(', ')} have no leaders`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
