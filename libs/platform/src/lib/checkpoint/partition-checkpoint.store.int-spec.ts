import { testDatabaseUri, uniqueName } from '@dossier-ledger/testing';
import mongoose, { type Connection } from 'mongoose';
import { CheckpointConflictError, PartitionCheckpointStore } from './partition-checkpoint.store';

describe('PartitionCheckpointStore (MongoDB wire server)', () => {
  const database = uniqueName('checkpoints').replace(/[^A-Za-z0-9_-]/g, '_');
  let connection: Connection;
  let store: PartitionCheckpointStore;
  const db = () => connection.db as mongoose.mongo.Db;

  beforeAll(async () => {
    connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
    store = new PartitionCheckpointStore(db());
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('has nothing for a partition never checkpointed', async () => {
    expect(await store.load('t', 0)).toBeNull();
  });

  it('writes changed chunks then the manifest, and loads them back by _id', async () => {
    const v1 = await store.save(
      't',
      1,
      null,
      '10',
      new Map<string, unknown>([
        ['a.b', { n: 1 }],
        ['c', [1, [2, 3]]],
      ]),
    );
    expect(v1).toMatchObject({ version: 1, offset: '10', garbage: [] });
    const v2 = await store.save(
      't',
      1,
      v1,
      '25',
      new Map<string, unknown>([
        ['a.b', { n: 2 }],
        ['d', 'x'],
        ['c', null],
      ]),
    );
    expect(v2.garbage.sort()).toEqual([v1.chunks['a.b'], v1.chunks['c']].sort());
    const loaded = await store.load('t', 1);
    expect(loaded?.manifest).toMatchObject({ version: 2, offset: '25' });
    expect(Object.fromEntries(loaded?.chunks ?? [])).toEqual({ 'a.b': { n: 2 }, d: 'x' });
    // writes: 4 chunks, 2 manifests and the 2 intents written before each attempt's inserts.
    expect(store.snapshotStats()).toMatchObject({ chunkWrites: 4, manifestWrites: 2, writes: 8 });
  });

  it('collects garbage in one delete, and forgets it in the next manifest', async () => {
    const current = await store.readManifest('t', 1);
    if (!current) throw new Error('no manifest');
    expect(store.pendingGarbage(current)).toBe(2);
    expect(await store.collectGarbage(current)).toBe(2);
    expect(store.pendingGarbage(current)).toBe(0);
    const next = await store.save('t', 1, current, '30', new Map([['d', 'y']]));
    expect(next.garbage).toEqual([current.chunks['d']]);
  });

  it('refuses a checkpoint built on a manifest that is no longer current (compare-and-swap)', async () => {
    const other = new PartitionCheckpointStore(db());
    const base = await store.save('t', 2, null, '5', new Map([['k', 1]]));
    await other.save('t', 2, base, '9', new Map([['k', 2]]));
    await expect(store.save('t', 2, base, '7', new Map([['k', 3]]))).rejects.toBeInstanceOf(CheckpointConflictError);
    await expect(store.save('t', 2, null, '7', new Map([['k', 3]]))).rejects.toBeInstanceOf(CheckpointConflictError);
    const loaded = await store.load('t', 2);
    expect(loaded?.manifest).toMatchObject({ version: 2, offset: '9', writer: other.writerId });
    expect(loaded?.chunks.get('k')).toBe(2);
  });

  it('reads the manifest again when its chunks were collected meanwhile', async () => {
    const other = new PartitionCheckpointStore(db());
    const v1 = await store.save('t', 3, null, '1', new Map([['k', 'old']]));
    // Another owner checkpoints and collects v1's chunk right after we read the v1 manifest.
    const read = store.readManifest.bind(store);
    let first = true;
    jest.spyOn(store, 'readManifest').mockImplementation(async (topic, partition) => {
      const manifest = await read(topic, partition);
      if (first && manifest) {
        first = false;
        const v2 = await other.save('t', 3, v1, '2', new Map([['k', 'new']]));
        await other.collectGarbage(v2);
      }
      return manifest;
    });
    const loaded = await store.load('t', 3);
    expect(loaded?.manifest.version).toBe(2);
    expect(loaded?.chunks.get('k')).toBe('new');
  });
});
