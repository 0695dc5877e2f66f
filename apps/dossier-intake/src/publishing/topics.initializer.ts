import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type TopicSpec } from '@dossier-ledger/contracts';
import { ensureTopicsReady, KAFKA_ADMIN, TopicNames } from '@dossier-ledger/platform';
import type { Admin } from 'kafkajs';
import { IntakeEnv } from '../config/intake.env';

/** Creates the system's topics (settings from contracts) and waits for their leaders before anything produces or consumes. */
@Injectable()
export class TopicsInitializer implements OnModuleInit {
  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly topics: TopicNames,
    private readonly env: IntakeEnv,
  ) {}

  async onModuleInit(): Promise<void> {
    const specs: TopicSpec[] = Object.values(TOPICS).map((spec) =>
      spec === TOPICS.dossierEvents && this.env.DOSSIER_EVENTS_PARTITIONS
        ? { ...spec, partitions: this.env.DOSSIER_EVENTS_PARTITIONS }
        : spec,
    );
    await ensureTopicsReady(this.admin, specs, this.topics.prefix, { timeoutMs: this.env.STARTUP_TIMEOUT_MS });
  }
}
