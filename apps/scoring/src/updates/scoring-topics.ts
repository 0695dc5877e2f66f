import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import { ensureTopics, KAFKA_ADMIN, TopicNames } from '@dossier-ledger/platform';
import type { Admin } from 'kafkajs';

const METADATA_ATTEMPTS = 50;

/**
 * Creates the topics scoring reads and writes when missing, and waits for their leaders: the
 * consumer subscribes without creating topics, and would fail on one created a moment ago.
 */
@Injectable()
export class ScoringTopics implements OnModuleInit {
  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly topics: TopicNames,
  ) {}

  async onModuleInit(): Promise<void> {
    const specs = [TOPICS.reportUpdated, TOPICS.scoreUpdated];
    await ensureTopics(this.admin, specs, this.topics.prefix);
    const names = specs.map((spec) => this.topics.of(spec));
    for (let attempt = 1; attempt <= METADATA_ATTEMPTS; attempt++) {
      const ready = await this.admin
        .fetchTopicMetadata({ topics: names })
        .then(({ topics }) => topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
        .catch(() => false);
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`topics ${names.join(', ')} have no leaders`);
  }
}
