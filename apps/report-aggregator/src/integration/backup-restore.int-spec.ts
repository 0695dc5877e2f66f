import type { INestApplication } from '@nestjs/common';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { interleaveByTime, realisticDossiers } from '@dossier-ledger/aggregation/testing';
import { AgencyMappingRepository, backup, connectionDb, createKafka, restore } from '@dossier-ledger/platform';
import { testDatabaseUri, testServers } from '@dossier-ledger/testing';
import mongoose from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAggregatorApp } from '../app/aggregator-app';
import {
  createApiKey,
  dropDatabase,
  EventWriter,
  expectOracleFigures,
  newSuite,
  registry,
  suiteEnv,
} from '../testing/aggregator-test-support';

// Backup and restore (docs/operations.md): what cannot be rebuilt is saved — keys, agency mappings,
// the events topic —, restored into empty servers (a new database and new topics), and the
// aggregator started there rebuilds the same figures from the restored events.
const PROVINCE = '62';

async function startAggregator(suite: { prefix: string; database: string }) {
  const app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

async function withDb<T>(database: string, run: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> {
  const connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
  try {
    return await run(connectionDb(connection));
  } finally {
    await connection.close();
  }
}

describe('backup, then restore into empty servers', () => {
  const original = newSuite('backup-src');
  const restored = newSuite('backup-dst');
  const writer = new EventWriter(original.prefix);
  const kafka = createKafka(testServers().kafkaBrokers, 'backup-test');
  const dir = mkdtempSync(join(tmpdir(), 'dl-backup-'));
  const apps: INestApplication[] = [];
  const events: DossierEventV1[] = interleaveByTime(
    realisticDossiers({
      registry,
      seed: 7,
      dossiers: 250,
      province: PROVINCE,
      firstDay: '2024-01-01',
      days: 366,
      idPrefix: 'BAK',
    }),
  );

  afterAll(async () => {
    for (const app of apps) await app.close();
    await dropDatabase(original.database);
    await dropDatabase(restored.database);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets the same figures, with the same keys and mappings, from the restored events', async () => {
    await writer.start();
    await writer.write(events);
    const key = await createApiKey(original.database, [PROVINCE]);
    await withDb(original.database, async (db) => {
      const mappings = new AgencyMappingRepository(db);
      await mappings.seedIfEmpty();
    });
    const source = await startAggregator(original);
    apps.push(source.app);
    await expectOracleFigures(source.baseUrl, key, events, PROVINCE);

    const saved = await withDb(original.database, (db) => backup(db, kafka, original.prefix, dir));
    expect(saved.topics['dossier.events.v1']).toBe(events.length);
    expect(saved.collections['api_keys']).toBe(1);
    expect(saved.collections['agency_mappings']).toBeGreaterThan(0);

    const back = await withDb(restored.database, (db) => restore(db, kafka, restored.prefix, dir));
    expect(back.topics['dossier.events.v1']).toBe(events.length);
    const target = await startAggregator(restored);
    apps.push(target.app);
    // The original key works against the restored servers, and the rebuilt figures are the same.
    await expectOracleFigures(target.baseUrl, key, events, PROVINCE);
    await withDb(restored.database, async (db) =>
      expect((await new AgencyMappingRepository(db).table()).list()).toEqual(
        await withDb(original.database, async (src) => (await new AgencyMappingRepository(src).table()).list()),
      ),
    );
  });
});
