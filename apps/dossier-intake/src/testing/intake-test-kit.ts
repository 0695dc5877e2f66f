// Shared by the intake integration tests (*.int-spec.ts): an in-process app on its own database
// and topic prefix, keys, Kafka readers and event factories. Not part of the service build.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { ApiKeyRepository, connectionDb, createKafka, loadEnv, type ApiKeyRole } from '@dossier-ledger/platform';
import { processSuite, testServers, uniqueName } from '@dossier-ledger/testing';
import type { Kafka, KafkaMessage } from 'kafkajs';
import mongoose, { type Connection, type mongo } from 'mongoose';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../app/app.module';
import { prepareIntakeApp } from '../app/configure-app';
import { IntakeEnv } from '../config/intake.env';
import { dossierLogDb } from '../dossier-log/dossier-log.repository';

/**
 * Variables for an intake instance of this suite: a `processSuite` (own database and topics, short
 * timeouts) with the dossier log in a database of its own, as the embedded stack runs it.
 */
export function suiteEnvironment(suite: string): Record<string, string> {
  const { database, variables } = processSuite(suite);
  return {
    ...variables,
    DOSSIER_LOG_DATABASE: `${database}-log`,
    DOSSIER_LOG_FLUSH_MS: '200',
    DOSSIER_EVENTS_PARTITIONS: '3',
    KAFKA_REBALANCE_TIMEOUT_MS: '60000', // the service's default, as these suites always ran
  };
}

export interface IntakeTestApp {
  app: INestApplication;
  baseUrl: string;
  env: IntakeEnv;
  close(): Promise<void>;
}

export async function startIntakeApp(variables: Record<string, string>): Promise<IntakeTestApp> {
  const env = loadEnv(IntakeEnv, variables);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(env)] }).compile();
  const app = await prepareIntakeApp(moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, env, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** Direct access to the suite's database and topics, for setting up keys and checking effects. */
export class SuiteServers {
  readonly kafka: Kafka = createKafka(testServers().kafkaBrokers, 'intake-test');
  private connection?: Connection;

  constructor(readonly variables: Record<string, string>) {}

  async db() {
    this.connection ??= await mongoose.createConnection(this.variables['MONGODB_URI']).asPromise();
    return connectionDb(this.connection);
  }

  /** The suite's databases: the service's and, when DOSSIER_LOG_DATABASE names one, the dossier log's. */
  async databases(): Promise<mongo.Db[]> {
    const db = await this.db();
    const log = this.variables['DOSSIER_LOG_DATABASE'];
    return log ? [db, dossierLogDb(db, log)] : [db];
  }

  topic(spec: { name: string }): string {
    return this.variables['KAFKA_TOPIC_PREFIX'] + spec.name;
  }

  async createKey(name: string, scope: string[], roles: ApiKeyRole[] = ['write', 'read']): Promise<string> {
    return (await new ApiKeyRepository(await this.db()).create({ name, scope, roles })).key;
  }

  /** Documents of `collection` in the suite's databases. */
  async count(collection: string): Promise<number> {
    let total = 0;
    for (const db of await this.databases()) total += await db.collection(collection).countDocuments({});
    return total;
  }

  /** Every record on a topic from the beginning, once `until` holds (a throw-away consumer group). */
  async readTopic(
    spec: { name: string },
    until: (messages: KafkaMessage[]) => boolean,
    timeoutMs = 30_000,
    onTimeout: 'throw' | 'return' = 'throw',
  ): Promise<KafkaMessage[]> {
    const consumer = this.kafka.consumer({
      groupId: uniqueName('reader'),
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.topic(spec), fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            onTimeout === 'return'
              ? resolve()
              : reject(new Error(`timed out reading ${this.topic(spec)}: ${messages.length} records`)),
          timeoutMs,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            messages.push(message);
            if (until(messages)) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      // Anything after the condition (duplicates) arrives within a short quiet period.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  async close(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const prefix = this.variables['KAFKA_TOPIC_PREFIX'];
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    if (this.connection) for (const db of await this.databases()) await db.dropDatabase().catch(() => undefined);
    await this.connection?.close();
  }
}

export const ALL_TOPICS = TOPICS;

/** The parsed value of a dossier events record. */
export function publishedEvent(message: KafkaMessage): { source: string; receivedAt: string; event: DossierEventV1 } {
  return JSON.parse(message.value?.toString() ?? '{}');
}

/** A DossierReceived of Hạ Long (district 193, Quảng Ninh) in 2023. */
export function receivedEvent(n: number, patch: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    eventId: `ev-${n}`,
    dossierId: `H22.193-230105-${String(n).padStart(4, '0')}`,
    type: 'DossierReceived',
    occurredAt: '2023-01-05T08:30:00+07:00',
    unitCode: '06649',
    channel: 'online',
    procedureCode: '1.001193',
    fieldCode: 'HT',
    dueAt: '2023-01-10T17:00:00+07:00',
    ...patch,
  };
}

export async function post(
  baseUrl: string,
  path: string,
  options: { key?: string; body: string | Buffer; contentType?: string },
) {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      'content-type': options.contentType ?? 'application/json',
    },
    body: options.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
