import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { TopicSpec } from '@dossier-ledger/contracts';
import type { Admin } from 'kafkajs';
import { retryStartup } from '../lifecycle/startup-retry';
import { createKafka } from './kafka-client';

export const KAFKA = Symbol('KAFKA');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');

export interface KafkaModuleOptions {
  brokers: string;
  clientId: string;
  /** Prepended to every topic name (tests and benchmarks use their own topics on a shared broker). */
  topicPrefix?: string;
  /** How long reaching the cluster is retried at start (STARTUP_TIMEOUT_MS). */
  startupTimeoutMs?: number;
}

/** Topic names as this process uses them (with the configured prefix). */
@Injectable()
export class TopicNames {
  constructor(readonly prefix: string) {}

  of(spec: TopicSpec): string {
    return this.prefix + spec.name;
  }
}

@Injectable()
class KafkaAdminCloser implements OnApplicationShutdown {
  constructor(@Inject(KAFKA_ADMIN) private readonly admin: Admin) {}

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}

/** The Kafka client and a connected admin (start-up waits for the cluster, then fails naming it). */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA, useFactory: () => createKafka(options.brokers, options.clientId) },
        {
          provide: KAFKA_ADMIN,
          useFactory: () =>
            retryStartup(
              `connect to Kafka at ${options.brokers}`,
              async () => {
                // A client of its own with few retries: retryStartup paces the attempts and logs each
                // one (kafkajs' own 10 retries would keep a starting service silent for minutes).
                const admin = createKafka(options.brokers, options.clientId, 2).admin();
                try {
                  await admin.connect();
                  await admin.describeCluster();
                  return admin;
                } catch (error) {
                  await admin.disconnect().catch(() => undefined);
                  throw error;
                }
              },
              { timeoutMs: options.startupTimeoutMs },
            ),
        },
        { provide: TopicNames, useFactory: () => new TopicNames(options.topicPrefix ?? '') },
        KafkaAdminCloser,
      ],
      exports: [KAFKA, KAFKA_ADMIN, TopicNames],
    };
  }
}
