import { EVENTS_COLLECTION, TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { createKafka, PartitionCheckpointStore } from '@dossier-ledger/platform';
import { DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { join } from 'node:path';
import { expectEventually, freeLocalPort, REPO_ROOT, testDatabaseUri, testServers } from '@dossier-ledger/testing';
import type { Admin } from 'kafkajs';
import mongoose from 'mongoose';
import {
  createApiKey,
  dropDatabase,
  EventWriter,
  figuresOf,
  getJson,
  hierarchy,
  newSuite,
  oracleReport,
  registry,
  suiteEnv,
} from '../testing/aggregator-test-support';
import {
  generationNames,
  GenerationRepository,
  AggregatorRebuild,
  type RebuildResult,
} from '@dossier-ledger/aggregation';
import { interleaveByTime, realisticDossiers } from '@dossier-ledger/aggregation/testing';
import { GenerationHost } from './generation-host';

// Events in, rebuild, switch: the running aggregator (the same GenerationHost main.ts runs) must move to
// each new generation and answer exactly the oracle's figures from it, before and after more events.
const PROVINCE = '35';
const WINDOWS: [string, string][] = [
  ['2024-01-01', '2024-12-31'],
  ['2024-04-01', '2024-06-30'],
];

describe('rebuild into a new generation', () => {
  const suite = newSuite('agg-rebuild');
  const writer = new EventWriter(suite.prefix);
  const env = suiteEnv(suite, { GENERATION_POLL_MS: '300' });
  const kafka = createKafka(testServers().kafkaBrokers, 'rebuild-test');
  const events: DossierEventV1[] = [];
  let admin: Admin;
  let connection: mongoose.Connection;
  let host: GenerationHost;
  let baseUrl: string;
  let key: string;
  let round = 0;

  /** `workers` > 1: the replay and the verification in worker threads (ParallelProjectionReplay). */
  const rebuild = (fromStore = false, workers = 1): Promise<RebuildResult> =>
    new AggregatorRebuild({
      kafka,
      admin,
      db: connection.db as mongoose.mongo.Db,
      env: Object.assign(Object.create(env) as typeof env, { REBUILD_WORKERS: workers }),
      rules: DEFAULT_COUNTING_RULES,
      hierarchy,
      workerPreload: join(REPO_ROOT, 'tools/cli/register.cjs'),
    }).run({ fromStore });

  /** A new batch of realistic dossiers, written to the events topic. */
  async function writeMore(dossiers = 80): Promise<void> {
    round++;
    const batch = interleaveByTime(
      realisticDossiers({
        registry,
        seed: 700 + round,
        dossiers,
        province: PROVINCE,
        firstDay: '2024-01-01',
        days: 366,
        idPrefix: `RB${round}`,
      }),
    );
    events.push(...batch);
    await writer.write(batch);
  }

  async function expectOracleFigures(): Promise<void> {
    const district = registry.children(PROVINCE, '2024-12-31')[0].code;
    await expectEventually(
      async () => {
        for (const unit of [PROVINCE, district]) {
          for (const [from, to] of WINDOWS) {
            const { status, body } = await getJson(
              baseUrl,
              `/v1/reports/dossiers?unit=${unit}&from=${from}&to=${to}`,
              key,
            );
            expect(status).toBe(200);
            expect(figuresOf(body)).toEqual(figuresOf(oracleReport(events, { unit, from, to })));
          }
        }
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
  }

  /** The switch happened, and the ready replica reads the new generation's counters topic. */
  async function expectServing(generation: number): Promise<void> {
    await expectEventually(() => expect(host.generation).toBe(generation), { timeoutMs: 60_000, intervalMs: 200 });
    await expectEventually(
      async () => {
        const { status, body } = await getJson(baseUrl, '/health');
        expect(status).toBe(200);
        expect((body['details'] as { readModel: { topic: string } }).readModel.topic).toBe(
          suite.prefix + generationNames(generation, env.KAFKA_GROUP_ID).countersTopic.name,
        );
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  beforeAll(async () => {
    await writer.start();
    admin = kafka.admin();
    await admin.connect();
    connection = await mongoose.createConnection(testDatabaseUri(suite.database)).asPromise();
    key = await createApiKey(suite.database, [PROVINCE]);
    const port = await freeLocalPort();
    baseUrl = `http://127.0.0.1:${port}`;
    host = await GenerationHost.start(env, {
      shutdownHooks: false,
      listen: async (app) => void (await app.listen(port, '127.0.0.1')),
    });
  });

  afterAll(async () => {
    await host?.close();
    if (!admin) return;
    const counters = (await admin.listTopics()).filter((t) =>
      t.startsWith(`${suite.prefix}${TOPICS.reportCounters.name}.g`),
    );
    await admin.deleteTopics({ topics: counters }).catch(() => undefined);
    await admin?.disconnect();
    await connection?.close();
    await writer.stop();
    await dropDatabase(suite.database);
  });

  it('replays the topic into generation 1, switches, and the API answers the same figures from it', async () => {
    await writeMore();
    await expectOracleFigures();
    const result = await rebuild();
    expect(result).toMatchObject({ previous: 0, generation: 1, switched: true, differences: [] });
    expect(result.records).toBeGreaterThanOrEqual(events.length);
    await expectServing(1);
    await expectOracleFigures();
    // The new generation's consumer goes on from the rebuilt checkpoints.
    await writeMore();
    await expectOracleFigures();
  });

  it('rebuilds again into generation 2, in two worker threads', async () => {
    const result = await rebuild(false, 2);
    expect(result).toMatchObject({ previous: 1, generation: 2, switched: true, differences: [] });
    // Every partition was verified (by the worker owning it) and compared at its end offset at least.
    const end = await writer.endOffsets();
    expect(Object.keys(result.offsets).map(Number).sort()).toEqual(Object.keys(end).map(Number).sort());
    for (const [p, offset] of Object.entries(end))
      expect(BigInt(result.offsets[Number(p)])).toBeGreaterThanOrEqual(BigInt(offset));
    // Worker 0 committed every partition's offset for the new generation's group.
    const committed = await writer.committedOffsets(generationNames(2, env.KAFKA_GROUP_ID).groupId);
    for (const [p, offset] of Object.entries(end))
      expect(BigInt(committed[Number(p)])).toBeGreaterThanOrEqual(BigInt(offset));
    await expectServing(2);
    // Generation 1 stays as the way back; generation 0, before it, is retired.
    const collections = async (name: string) =>
      (await (connection.db as mongoose.mongo.Db).listCollections({ name }).toArray()).length;
    expect(await collections(generationNames(0, env.KAFKA_GROUP_ID).manifestCollection)).toBe(0);
    expect(await collections(generationNames(1, env.KAFKA_GROUP_ID).manifestCollection)).toBe(1);
    await expectOracleFigures();
    await writeMore();
    await expectOracleFigures();
  });

  it('rebuilds from the event store once the topic was truncated', async () => {
    // Intake's store holds every event (`_id` source:eventId, canonical JSON); the topic loses its records.
    const docs = events.map((event) => ({
      _id: `test-source:${event.eventId}`,
      source: 'test-source',
      eventId: event.eventId,
      dossierId: event.dossierId,
      type: event.type,
      eventJson: JSON.stringify(event),
      receivedAt: new Date(),
      requestId: 'test',
    }));
    await connection.collection(EVENTS_COLLECTION).insertMany(docs as never[], { ordered: false });
    const group = generationNames(2, env.KAFKA_GROUP_ID).groupId;
    const end = await writer.endOffsets();
    // Truncate only below what the live generation has checkpointed (its committed offsets follow its checkpoints).
    await expectEventually(async () => expect(await writer.committedOffsets(group)).toEqual(end), {
      timeoutMs: 30_000,
      intervalMs: 300,
    });
    await admin.deleteTopicRecords({
      topic: writer.topic,
      partitions: Object.entries(end).map(([partition, offset]) => ({ partition: Number(partition), offset })),
    });

    await expect(rebuild()).rejects.toThrow(/--from-store/);
    const result = await rebuild(true);
    expect(result).toMatchObject({ previous: 2, generation: 3, switched: true, differences: [] });
    await expectServing(3);
    await expectOracleFigures();
    await writeMore();
    await expectOracleFigures();
  });

  it('refuses to switch when the live projection differs from the replay', async () => {
    const { generation } = await new GenerationRepository(connection.db as mongoose.mongo.Db).read();
    const names = generationNames(generation, env.KAFKA_GROUP_ID);
    const topic = suite.prefix + TOPICS.dossierEvents.name;
    // Drift: the live checkpoint of one partition loses a dossier (as a buggy projection would have).
    const store = new PartitionCheckpointStore(connection.db as mongoose.mongo.Db, {
      manifestCollection: names.manifestCollection,
      chunkCollection: names.chunkCollection,
    });
    await host.close();
    let tampered = false;
    for (let p = 0; p < TOPICS.dossierEvents.partitions && !tampered; p++) {
      const loaded = await store.load(topic, p);
      const entry =
        loaded &&
        [...loaded.chunks].find(([k, v]) => k.startsWith('s|') && (v as { dossiers: unknown[] }).dossiers.length > 1);
      if (!loaded || !entry) continue;
      const [chunkKey, chunk] = entry as [string, { dossiers: unknown[] }];
      await store.save(
        topic,
        p,
        loaded.manifest,
        loaded.manifest.offset,
        new Map([[chunkKey, { ...chunk, dossiers: chunk.dossiers.slice(1) }]]),
      );
      tampered = true;
    }
    expect(tampered).toBe(true);
    const result = await rebuild(true);
    expect(result.switched).toBe(false);
    expect(result.differences.join('\n')).toMatch(/unit\(s\) differ/);
    expect((await new GenerationRepository(connection.db as mongoose.mongo.Db).read()).generation).toBe(generation);
  });
});
