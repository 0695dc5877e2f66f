// One benchmark run's servers and services: its own database and topic prefix on the local Kafka +
// FerretDB (or KAFKA_BROKERS / MONGODB_URI), the services as child processes through the existing
// launchers, a key they all accept, and the clean-up.
import { ApiKeyRepository, connectionDb, createKafka, type ApiKeyRole } from '@dossier-ledger/platform';
import type { Kafka } from 'kafkajs';
import mongoose from 'mongoose';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AggregatorProcess, buildAggregator, freePort } from '../../apps/report-aggregator/src/integration/aggregator-process';
import { IntakeProcess } from '../../apps/dossier-intake/src/testing/intake-process';

const ROOT = join(__dirname, '..', '..');
export const BENCH_LOG_DIR = join(process.env['DL_LOCAL_DIR'] ?? join(ROOT, '.local'), 'logs');

export class BenchRun {
  readonly id = Date.now().toString(36);
  readonly brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  readonly prefix: string;
  readonly database: string;
  readonly mongoUri: string;
  readonly kafka: Kafka;

  constructor(readonly name: string) {
    this.prefix = `bench-${name}-${this.id}.`;
    this.database = `bench-${name}-${this.id}`;
    const url = new URL(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017/');
    url.pathname = `/${this.database}`;
    this.mongoUri = url.toString();
    this.kafka = createKafka(this.brokers, `bench-${name}`);
  }

  /** What every service of the run shares; production defaults otherwise. */
  variables(extra: Record<string, string> = {}): Record<string, string> {
    return { KAFKA_BROKERS: this.brokers, MONGODB_URI: this.mongoUri, KAFKA_TOPIC_PREFIX: this.prefix, LOG_LEVEL: 'warn', ...extra };
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
    return this.withDb(async (db) => (await new ApiKeyRepository(db).create({ name: `bench-${this.name}`, scope, roles })).key);
  }

  startIntake(extra: Record<string, string> = {}): Promise<IntakeProcess> {
    console.error(`Starting intake (topics ${this.prefix}*, database ${this.database})`);
    return IntakeProcess.start(this.variables(extra));
  }

  private aggregatorBuilt = false;

  /** Builds the aggregator bundle once per run (Nx caches it across runs). */
  buildAggregator(): void {
    if (this.aggregatorBuilt) return;
    console.error('Building the report aggregator');
    buildAggregator();
    this.aggregatorBuilt = true;
  }

  async startAggregator(extra: Record<string, string> = {}): Promise<AggregatorProcess> {
    this.buildAggregator();
    console.error('Starting the report aggregator');
    const aggregator = new AggregatorProcess(this.variables({ KAFKA_GROUP_ID: `${this.prefix}aggregator`, ...extra }), this.logFile('aggregator'));
    await aggregator.start();
    return aggregator;
  }

  startScoring(reportApiUrl: string): Promise<SourceServiceProcess> {
    console.error('Starting scoring');
    return SourceServiceProcess.start('apps/scoring/src/main.ts', this.variables({ REPORT_API_URL: reportApiUrl }), this.logFile('scoring'));
  }

  /** Drops the run's database and deletes its topics. */
  async cleanUp(): Promise<void> {
    await this.withDb((db) => db.dropDatabase()).catch(() => undefined);
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

/** A service without a launcher of its own (scoring), run from its TypeScript sources until /health answers. */
export class SourceServiceProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(main: string, variables: Record<string, string>, logFile: string, timeoutMs = 90_000): Promise<SourceServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', join(ROOT, 'tools/cli/register.cjs'), join(ROOT, main)], {
      cwd: ROOT,
      env: { ...process.env, ...variables, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const service = new SourceServiceProcess(child, `http://127.0.0.1:${port}`);
    for (const deadline = Date.now() + timeoutMs; ; ) {
      if ((await fetch(`${service.baseUrl}/health`).catch(() => undefined))?.status === 200) return service;
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${main} did not become ready (log: ${logFile})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
