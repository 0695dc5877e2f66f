// Exactly-once with the archive, against the real MongoDB-wire server: the runner and the store are the
// production ones; the Kafka transport is replaced by the batches it would hand over (offsets included).
import type { LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { PartitionCheckpointStore, type KafkaBatchControls, type KafkaBatchMessage } from '@dossier-ledger/platform';
import {
  computeReportDirect,
  DEFAULT_COUNTING_RULES,
  foldDossier,
  readDossierReport,
  type DossierReport,
} from '@dossier-ledger/reporting';
import { dropTestDatabase, testDatabaseUri, uniqueName } from '@dossier-ledger/testing';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import mongoose from 'mongoose';
import {
  CheckpointPolicy,
  DossierReportProjection,
  DossierReportProjectionFactory,
  encodeDossierEventRecord,
  ProjectionRunner,
  RegistryUnitHierarchy,
} from '@dossier-ledger/aggregation';
import { interleaveByTime, realisticDossiers } from '@dossier-ledger/aggregation/testing';

const registry = loadDefaultUnitRegistry();
const hierarchy = new RegistryUnitHierarchy(registry);
const window = { era: 'units-2023-04-10.v1', from: '2024-01-01' as LocalDate, to: '2024-12-31' as LocalDate };
const TOPIC = 'dossier.events.v1';
const COLLECTIONS = { manifestCollection: 'archive_manifests', chunkCollection: 'archive_chunks' };
const factory = new DossierReportProjectionFactory({
  rules: DEFAULT_COUNTING_RULES,
  hierarchy,
  dossiersPerChunk: 8,
  archiveAfterMs: 30 * 86_400_000,
  archiveMinDossiers: 5,
});
const events = interleaveByTime(
  realisticDossiers({ registry, seed: 11, dossiers: 400, province: '58', firstDay: '2024-01-01', days: 330 }),
);
const message = (event: DossierEventV1, offset: number): KafkaBatchMessage => {
  const { key, value, headers } = encodeDossierEventRecord({ source: 's', receivedAt: null, event });
  return { offset: String(offset), key: Buffer.from(key), value: Buffer.from(value), headers, timestamp: '0' };
};
const controls: KafkaBatchControls = {
  resolveOffset: () => undefined,
  heartbeat: async () => undefined,
  isRunning: () => true,
  isStale: () => false,
};
const oracle = (all: readonly DossierEventV1[]): DossierReport => {
  const ids = [...new Set(all.map((e) => e.dossierId))];
  return computeReportDirect(
    ids.map((id) => foldDossier(all.filter((e) => e.dossierId === id))),
    hierarchy,
    window,
    '58',
  );
};
const report = (runner: ProjectionRunner) =>
  readDossierReport((runner.projectionOf(0) as DossierReportProjection).counterSnapshot(), {
    ...window,
    unitCode: '58',
  });

function newRunner(db: mongoose.mongo.Db): ProjectionRunner {
  return new ProjectionRunner(
    TOPIC,
    factory,
    new PartitionCheckpointStore(db, COLLECTIONS),
    { publish: async () => undefined },
    new CheckpointPolicy({ eventsPerWrite: 2 }),
  );
}

async function feed(runner: ProjectionRunner, messages: KafkaBatchMessage[], size = 50): Promise<void> {
  for (let i = 0; i < messages.length; i += size)
    await runner.applyBatch(
      { topic: TOPIC, partition: 0, highWatermark: '0', messages: messages.slice(i, i + size) },
      controls,
    );
}

/**
 * The database as a process sees it that dies right after inserting an archive sweep's documents:
 * that attempt's manifest swap never returns (nothing after it runs, as after kill -9).
 */
function dyingAfterArchiveInsert(db: mongoose.mongo.Db) {
  let armed = false;
  let died: (prefix: string) => void = () => undefined;
  const death = new Promise<string>((resolve) => (died = resolve));
  let prefix = '';
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property !== 'collection') return Reflect.get(target, property);
      return (name: string) => {
        const collection = target.collection<{ _id: string }>(name);
        return new Proxy(collection, {
          get(c, p) {
            if (p === 'insertMany')
              return async (docs: { _id: string }[], options: object) => {
                const result = await c.insertMany(docs, options);
                const archived = docs.find((d) => d._id.includes(':a|'));
                if (archived) {
                  armed = true;
                  prefix = archived._id.slice(0, archived._id.lastIndexOf(':a|') + 1);
                }
                return result;
              };
            if (p === 'replaceOne' && name === COLLECTIONS.manifestCollection)
              return (filter: { _id: string }, ...rest: unknown[]) => {
                if (armed && filter._id.startsWith('manifest:')) {
                  died(prefix);
                  return new Promise(() => undefined);
                }
                return (c.replaceOne as (...a: unknown[]) => unknown)(filter, ...rest);
              };
            return Reflect.get(c, p);
          },
        });
      };
    },
  });
  return { db: proxy as mongoose.mongo.Db, death };
}

describe('archive: exactly-once with dossiers leaving memory (MongoDB wire server)', () => {
  const database = uniqueName('archive').replace(/[^A-Za-z0-9_-]/g, '_');
  let connection: mongoose.Connection;
  const db = () => connection.db as mongoose.mongo.Db;
  const messages = events.map((e, i) => message(e, i));
  const late: DossierEventV1[] = [];

  beforeAll(async () => {
    connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
  });

  afterAll(async () => {
    await connection.close();
    await dropTestDatabase(database);
  });

  it('killed between the archive write and the manifest: the next owner counts every event once and collects the orphans', async () => {
    const dying = dyingAfterArchiveInsert(db());
    const first = newRunner(dying.db);
    await first.assign([0]);
    const feeding = feed(first, messages).then(() => '');
    const orphanPrefix = await Promise.race([dying.death, feeding]);
    expect(orphanPrefix).not.toBe(''); // it did die mid-archive
    const chunks = db().collection<{ _id: string }>(`${COLLECTIONS.chunkCollection}_p0`);
    const orphans = () => chunks.countDocuments({ _id: { $regex: `^${orphanPrefix.replace(/[.|]/g, '\\$&')}` } });
    expect(await orphans()).toBeGreaterThan(0);

    const next = newRunner(db());
    await next.assign([0]);
    await feed(next, messages);
    await next.flush();
    await next.flush(); // the first checkpoint listed the orphans; the collection below deletes them
    await next.collectGarbageNow();
    expect(await orphans()).toBe(0);
    expect(report(next)).toEqual(oracle(events));
    const stats = (next.projectionOf(0) as DossierReportProjection).stats();
    expect(stats['archived']).toBeGreaterThan(100);
    expect(stats['dossiers']).toBeLessThan(400 - 100);
  });

  it('a new owner restores without the archive, then duplicates change nothing and late events count as the oracle says', async () => {
    const owner = newRunner(db());
    await owner.assign([0]);
    const restored = owner.projectionOf(0) as DossierReportProjection;
    const archivedIds = [...new Set(events.map((e) => e.dossierId))].filter((id) => !restored.isOpen(id));
    expect(archivedIds.length).toBeGreaterThan(100);
    expect(report(owner)).toEqual(oracle(events));

    const resent = events.filter((e) => archivedIds.slice(0, 20).includes(e.dossierId));
    await feed(
      owner,
      resent.map((e, i) => message(e, messages.length + i)),
    );
    expect(owner.stats().duplicates).toBe(resent.length);
    expect(report(owner)).toEqual(oracle(events));

    for (const id of archivedIds.slice(20, 40)) {
      const last = events.filter((e) => e.dossierId === id).at(-1) as DossierEventV1;
      late.push({ ...last, eventId: `${id}-late`, type: 'SatisfactionRated', score: 1 } as DossierEventV1);
    }
    const offset = messages.length + resent.length;
    await feed(
      owner,
      late.map((e, i) => message(e, offset + i)),
    );
    await owner.flush();
    expect(report(owner)).toEqual(oracle([...events, ...late]));

    // Another owner takes the partition: the late dossiers are in memory or archived again, the figures the same.
    const after = newRunner(db());
    await after.assign([0]);
    expect(report(after)).toEqual(oracle([...events, ...late]));
  });

  it('a rebuild (every record replayed into fresh collections) gives the same figures', async () => {
    const rebuildDb = connection.useDb(`${database}-rebuild`).db as mongoose.mongo.Db;
    try {
      const replay = newRunner(rebuildDb);
      await replay.assign([0]);
      await feed(replay, [...events, ...late].map(message), 500);
      await replay.flush();
      expect(report(replay)).toEqual(oracle([...events, ...late]));
    } finally {
      await rebuildDb.dropDatabase();
    }
  });
});
