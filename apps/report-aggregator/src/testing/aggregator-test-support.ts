import { type LocalDate, parseIsoLocalDate } from '@dossier-ledger/calendar';
import { TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { createKafka, ensureTopics, loadEnv } from '@dossier-ledger/platform';
import {
  computeReportDirect,
  DEFAULT_COUNTING_RULES,
  foldDossier,
  type DossierReport,
} from '@dossier-ledger/reporting';
import { createTestApiKey as createApiKey } from '@dossier-ledger/platform/testing';
import {
  buildApp,
  dropTestDatabase as dropDatabase,
  expectEventually,
  ServiceProcess,
  testDatabaseUri,
  testServers,
  uniqueName,
} from '@dossier-ledger/testing';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { Kafka, Producer } from 'kafkajs';
import { join } from 'node:path';
import { AggregatorEnv, RegistryUnitHierarchy, encodeDossierEventRecord } from '@dossier-ledger/aggregation';

export const registry = loadDefaultUnitRegistry();
export const hierarchy = new RegistryUnitHierarchy(registry);

/** Variables of an aggregator of this suite: its own topics, database and group; short Kafka timeouts. */
export function suiteVariables(
  suite: { prefix: string; database: string; groupId?: string },
  overrides: Record<string, string> = {},
): Record<string, string> {
  const { kafkaBrokers } = testServers();
  return {
    KAFKA_BROKERS: kafkaBrokers,
    MONGODB_URI: testDatabaseUri(suite.database),
    KAFKA_TOPIC_PREFIX: suite.prefix,
    KAFKA_GROUP_ID: suite.groupId ?? `${suite.prefix}aggregator`,
    KAFKA_CLIENT_ID: 'aggregator-test',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    KAFKA_REBALANCE_TIMEOUT_MS: '10000',
    PUBLISH_INTERVAL_MS: '100',
    CHECKPOINT_MAX_INTERVAL_MS: '1000',
    GARBAGE_MAX_AGE_MS: '2000',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

export function suiteEnv(
  suite: { prefix: string; database: string; groupId?: string },
  overrides: Record<string, string> = {},
): AggregatorEnv {
  return loadEnv(AggregatorEnv, suiteVariables(suite, overrides));
}

export function newSuite(name: string): { prefix: string; database: string } {
  const id = uniqueName(name);
  return { prefix: `${id}.`, database: id.replace(/[^A-Za-z0-9_-]/g, '_') };
}

/** Writes events to the suite's events topic the way intake does (key dossierId, `{source, receivedAt, event}`). */
export class EventWriter {
  private readonly kafka: Kafka = createKafka(testServers().kafkaBrokers, 'aggregator-test-writer');
  private producer?: Producer;
  readonly topic: string;

  constructor(private readonly prefix: string) {
    this.topic = prefix + TOPICS.dossierEvents.name;
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [TOPICS.dossierEvents, TOPICS.reportCounters], this.prefix);
    await admin.disconnect();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
  }

  async write(events: readonly DossierEventV1[], source = 'test-source', batchSize = 2000): Promise<void> {
    const producer = this.producer as Producer;
    for (let i = 0; i < events.length; i += batchSize) {
      const messages = events
        .slice(i, i + batchSize)
        .map((event) => encodeDossierEventRecord({ source, receivedAt: new Date().toISOString(), event }));
      await producer.send({ topic: this.topic, acks: -1, messages });
    }
  }

  /** Sum of the end offsets of the events topic: how many records it holds. */
  async endOffsets(): Promise<Record<number, string>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return Object.fromEntries((await admin.fetchTopicOffsets(this.topic)).map((o) => [o.partition, o.high]));
    } finally {
      await admin.disconnect();
    }
  }

  async committedOffsets(groupId: string): Promise<Record<number, string>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({ groupId, topics: [this.topic] });
      return Object.fromEntries(topic.partitions.map((p) => [p.partition, p.offset === '-1' ? '0' : p.offset]));
    } finally {
      await admin.disconnect();
    }
  }

  async resetGroupOffsets(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId, topic: this.topic, earliest: true });
    } finally {
      await admin.disconnect();
    }
  }

  /** Disconnects and deletes the suite's topics (kept with `keepTopics`: a failed chaos trial's evidence). */
  async stop({ keepTopics = false } = {}): Promise<void> {
    await this.producer?.disconnect();
    if (keepTopics) return;
    const admin = this.kafka.admin();
    await admin.connect();
    await admin
      .deleteTopics({
        topics: [this.topic, this.prefix + TOPICS.reportCounters.name, this.prefix + TOPICS.reportUpdated.name],
      })
      .catch(() => undefined);
    await admin.disconnect();
  }
}

export { createApiKey, dropDatabase };

/** The pure oracle: the report computed straight from the folded events, without buckets. */
export function oracleReport(
  events: readonly DossierEventV1[],
  query: { unit: string; from: string; to: string; children?: string[] },
): DossierReport {
  const byDossier = new Map<string, DossierEventV1[]>();
  for (const event of events) {
    const list = byDossier.get(event.dossierId);
    if (list) list.push(event);
    else byDossier.set(event.dossierId, [event]);
  }
  const facts = [...byDossier.values()].map((list) => foldDossier(list, DEFAULT_COUNTING_RULES));
  const era = registry.eraOn(query.to)?.id as string;
  return computeReportDirect(
    facts,
    hierarchy,
    { era, from: query.from as LocalDate, to: query.to as LocalDate, childUnitCodes: query.children },
    query.unit,
    DEFAULT_COUNTING_RULES,
  );
}

const FIGURES = ['received', 'resolved', 'returned', 'withdrawn', 'pending', 'rates'] as const;

/** The figures of a report (API DTO or oracle), for equality checks. */
export function figuresOf(report: object): Record<string, unknown> {
  const r = report as Record<string, unknown>;
  return Object.fromEntries(FIGURES.map((k) => [k, r[k]]));
}

/** GET a path of the aggregator with a bearer key. */
export async function getJson(
  baseUrl: string,
  path: string,
  key?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(baseUrl + path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const WINDOWS: [string, string][] = [
  ['2024-01-01', '2024-12-31'],
  ['2024-03-01', '2024-03-31'],
  ['2024-06-15', '2024-09-14'],
];

/** Units to compare: the province, its first district and that district's first commune. */
function unitsOf(province: string): string[] {
  const district = registry.children(province, parseIsoLocalDate('2024-12-31'))[0].code;
  return [province, district, registry.children(district, parseIsoLocalDate('2024-12-31'))[0].code];
}

/** Waits until the API's figures for the province, a district and a commune in three windows equal the oracle's. */
export async function expectOracleFigures(
  baseUrl: string,
  key: string,
  events: readonly DossierEventV1[],
  province: string,
): Promise<void> {
  await expectEventually(
    async () => {
      for (const unit of unitsOf(province)) {
        for (const [from, to] of WINDOWS) {
          const { status, body } = await getJson(
            baseUrl,
            `/v1/reports/dossiers?unit=${unit}&from=${from}&to=${to}`,
            key,
          );
          expect(status).toBe(200);
          const oracle = oracleReport(events, { unit, from, to });
          expect(figuresOf(body)).toEqual(figuresOf(oracle));
          expect(body['scoring']).toEqual(oracle.scoring);
        }
      }
    },
    { timeoutMs: 90_000, intervalMs: 300 },
  );
}

/** Log file of one aggregator child process of a suite: `.local/logs/<prefix><name>.log`. */
export function suiteLogFile(suite: { prefix: string }, name: string): string {
  return join(__dirname, '..', '..', '..', '..', '.local', 'logs', `${suite.prefix}${name}.log`);
}

/**
 * The hooks of a suite that runs built aggregators as child processes: build the bundle, open the
 * events writer and a read key for `scope` before; stop every launched process, close the writer
 * and drop the database after. `launch` starts one more process logging to `suiteLogFile(suite, name)`.
 */
export function useAggregatorProcesses(
  suite: { prefix: string; database: string },
  writer: EventWriter,
  scope: string[],
) {
  const started: ServiceProcess[] = [];
  let key = '';
  let main = '';
  beforeAll(async () => {
    main = buildApp('report-aggregator');
    await writer.start();
    key = await createApiKey(suite.database, scope);
  }, 300_000);
  afterAll(async () => {
    for (const child of started) await child.stop();
    await writer.stop();
    await dropDatabase(suite.database);
  });
  return {
    key: () => key,
    launch: async (name: string, variables: Record<string, string>): Promise<ServiceProcess> => {
      const child = await ServiceProcess.start({ name, main, variables, logFile: suiteLogFile(suite, name) });
      started.push(child);
      return child;
    },
  };
}

/** What an aggregator's `/health` says of its consumption: records applied, events partitions owned. */
export async function aggregatorHealth(
  baseUrl: string,
): Promise<{ records: number; archived: number; partitions: number[] }> {
  const response = await fetch(`${baseUrl}/health`);
  const body = (await response.json()) as {
    details: {
      consumption: { records: number; archived: number };
      assignment: { topics: Record<string, { owned: number[] }> };
    };
  };
  return {
    records: body.details.consumption.records,
    archived: body.details.consumption.archived,
    partitions: body.details.assignment.topics[TOPICS.dossierEvents.name]?.owned ?? [],
  };
}

/**
 * The intake service from its sources on this suite's topics and database (so the suite's keys work
 * for both), with short Kafka timeouts and a key cache that does not hide a revoked key.
 */
export function startSuiteIntake(
  suite: { prefix: string; database: string },
  extra: Record<string, string> = {},
): Promise<ServiceProcess> {
  const variables = suiteVariables(suite);
  return ServiceProcess.start({
    name: 'intake',
    main: 'apps/dossier-intake/src/main.ts',
    timeoutMs: 120_000,
    variables: {
      KAFKA_BROKERS: variables['KAFKA_BROKERS'],
      MONGODB_URI: variables['MONGODB_URI'],
      KAFKA_TOPIC_PREFIX: variables['KAFKA_TOPIC_PREFIX'],
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      API_KEY_CACHE_TTL_MS: '0',
      LOG_LEVEL: 'warn',
      ...extra,
    },
  });
}

/**
 * Writes `batch` in slices of 150 (so the consumer is busy with batches when the trial strikes), adding
 * each slice to `written`, and resolves once `service` has applied `share` of the batch more than before.
 * The writing goes on: await `writing` after the kill or stop.
 */
export async function writeWhileApplying(
  writer: EventWriter,
  service: ServiceProcess,
  batch: DossierEventV1[],
  written: DossierEventV1[],
  share: number,
): Promise<{ writing: Promise<void> }> {
  const threshold = (await aggregatorHealth(service.baseUrl)).records + Math.floor(batch.length * share);
  const writing = (async () => {
    for (let i = 0; i < batch.length; i += 150) {
      await writer.write(batch.slice(i, i + 150));
      written.push(...batch.slice(i, i + 150));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  await expectEventually(
    async () => expect((await aggregatorHealth(service.baseUrl)).records).toBeGreaterThanOrEqual(threshold),
    { timeoutMs: 60_000, intervalMs: 10 },
  );
  return { writing };
}
