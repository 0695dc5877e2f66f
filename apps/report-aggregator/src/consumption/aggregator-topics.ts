import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import { ensureTopicsReady, KAFKA_ADMIN, TopicNames } from '@dossier-ledger/platform';
import type { Admin } from 'kafkajs';

/** The topics the aggregator reads and writes, created when missing (existing ones are left alone). */
@Injectable()
export class AggregatorTopics implements OnModuleInit {
  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly topics: TopicNames,
  ) {}

  onModuleInit(): Promise<void> {
    return ensureTopicsReady(
      this.admin,
      [TOPICS.dossierEvents, TOPICS.reportCounters, TOPICS.reportUpdated],
      this.topics.prefix,
    );
  }
}
