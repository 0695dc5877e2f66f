// One benchmark run's servers and services: its own database and topic prefix on the local Kafka +
// FerretDB (or KAFKA_BROKERS / MONGODB_URI), the services as child processes through the existing
// launchers, a key they all accept, and the clean-up.
import { ApiKeyRepository, connectionDb, createKafka, ensureTopics, type ApiKeyRole } from '@dossier-ledger/platform';
import { TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { Partitioners, type Kafka } from 'kafkajs';
import mongoose from 'mongoose';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, ServiceProcess } from '@dossier-ledger/testing';
import { encodeDossierEventRecord } from '@dossier-ledger/aggregation';
import { fmt, pool } from './measure';

const ROOT = join(__dirname, '..', '..');
export const BENCH_LOG_DIR = join(process.env['DL_LOCAL_DIR'] ?? join(ROOT, '.local'), 'logs');

export class BenchRun {
  readonly id = Date.now().toString(36);
  readonly brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  readonly prefix: string;
  readonly database: string;
  readonly logDatabase: string;
  readonly mongoUri: string;
  readonly kafka: Kafka;

  constructor(readonly name: string) {
    this.prefix = `bench-${name}-${this.id}.`;
    this.database = `bench-${name}-${this.id}`;
    this.logDatabase = `${this.database}-log`;
    const url = new URL(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017/');
    url.pathname = `/${this.database}`;
    this.mongoUri = url.toString();
    this.kafka = createKafka(this.brokers, `bench-${name}`);
  }

  /** What every service of the run shares; production defaults otherwise. */
  variables(extra: Record<string, string> = {}): Record<string, string> {
    return {
      KAFKA_BROKERS: this.brokers,
      MONGODB_URI: this.mongoUri,
      KAFKA_TOPIC_PREFIX: this.prefix,
      LOG_LEVEL: 'warn',
      // Benchmarks measure throughput, not the per-key limiter (docs/reliability.md).
      API_RATE_LIMIT_PER_SECOND: '0',
      ...extra,
    };
  }

  logFile(service: string): string {
    mkdirSync(BENCH_LOG_DIR, { recursive: true });
    return join(BENCH_LOG_DIR, `bench-${this.name}-${service}.log`);
  }

  async withDb<T>(use: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> {
    const connection = await mongoose.createConnection(this.mongoUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    try {
      return await use(connectionDb(connection));
    } finally {
      await connection.close();
    }
  }

  /** A key of the run's database (every service of the run reads it); returns the bearer token. */
  createKey(scope: string[], roles: ApiKeyRole[]): Promise<string> {
    return this.withDb(
      async (db) => (await new ApiKeyRepository(db).create({ name: `bench-${this.name}`, scope, roles })).key,
    );
  }

  /**
   * Writes `events` to the run's events topic the way intake does (4 batches of 5,000 in flight) and
   * returns the topic's end offsets per partition: what an aggregator must cover to hold them all.
   */
  async fillEventsTopic(events: readonly DossierEventV1[]): Promise<Record<number, string>> {
    const topic = this.prefix + TOPICS.dossierEvents.name;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [TOPICS.dossierEvents, TOPICS.reportCounters], this.prefix);
      console.error(`Producing ${fmt(events.length)} events to ${topic}`);
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      const receivedAt = new Date().toISOString();
      const BATCH = 5_000;
      await pool(
        Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) => async () => {
          const messages = events
            .slice(i * BATCH, (i + 1) * BATCH)
            .map((event) => encodeDossierEventRecord({ source: 'bench', receivedAt, event }));
          await producer.send({ topic, acks: -1, messages });
        }),
        4,
      );
      await producer.disconnect();
      return Object.fromEntries((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high]));
    } finally {
      await admin.disconnect();
    }
  }

  /** The intake as the embedded stack runs it: the dossier log in a database of its own. */
  startIntake(extra: Record<string, string> = {}): Promise<ServiceProcess> {
    console.error(`Starting intake (topics ${this.prefix}*, database ${this.database}, log ${this.logDatabase})`);
    return startIntakeFromSources(this.variables({ DOSSIER_LOG_DATABASE: this.logDatabase, ...extra }));
  }

  private aggregatorMain?: string;

  /** Builds the aggregator bundle once per run (Nx caches it across runs). */
  buildAggregator(): string {
    if (!this.aggregatorMain) console.error('Building the report aggregator');
    this.aggregatorMain ??= buildApp('report-aggregator');
    return this.aggregatorMain;
  }

  startAggregator(extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const main = this.buildAggregator();
    console.error('Starting the report aggregator');
    return ServiceProcess.start({
      name: 'aggregator',
      main,
      variables: this.variables({ KAFKA_GROUP_ID: `${this.prefix}aggregator`, ...extra }),
      logFile: this.logFile('aggregator'),
      timeoutMs: 60_000,
    });
  }

  startScoring(reportApiUrl: string): Promise<ServiceProcess> {
    console.error('Starting scoring');
    return ServiceProcess.start({
      name: 'scoring',
      main: 'apps/scoring/src/main.ts',
      variables: this.variables({ REPORT_API_URL: reportApiUrl }),
      logFile: this.logFile('scoring'),
      timeoutMs: 90_000,
    });
  }

  /** Drops the run's databases and deletes its topics. */
  async cleanUp(): Promise<void> {
    await this.withDb(async (db) => {
      await db.client.db(this.logDatabase).dropDatabase();
      await db.dropDatabase();
    }).catch(() => undefined);
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(this.prefix));
      if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}

/** The intake service from its TypeScript sources. */
export function startIntakeFromSources(variables: Record<string, string>): Promise<ServiceProcess> {
  return ServiceProcess.start({
    name: 'intake',
    main: 'apps/dossier-intake/src/main.ts',
    variables,
    timeoutMs: 90_000,
  });
}
