import { connectionDb } from '@dossier-ledger/platform';
import { dropTestDatabase, testDatabaseUri, uniqueName } from '@dossier-ledger/testing';
import mongoose, { type Connection } from 'mongoose';
import { SCORES_COLLECTION } from '../store/score.repository';
import { applyScoreRetention } from './score.retention';

describe('score retention against the real store', () => {
  const database = uniqueName('scoring-retention');
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
  });

  afterAll(async () => {
    await connection?.close();
    await dropTestDatabase(database);
  });

  it('deletes superseded versions past the cutoff, keeps the newest, and reports the store operations', async () => {
    const db = connectionDb(connection);
    const now = new Date('2026-01-01T00:00:00Z');
    // 500 units × 3 versions of one window: computed 200, 150 and 10 days before `now`.
    const docs = Array.from({ length: 500 }, (_, u) =>
      [200, 150, 10].map((daysAgo, v) => ({
        _id: `766@1:U${u}:2025-01-01:2025-03-31:v${v}`,
        ruleSetRef: '766@1',
        unitCode: `U${u}`,
        from: '2025-01-01',
        to: '2025-03-31',
        computedAt: new Date(now.getTime() - daysAgo * 86_400_000),
      })),
    ).flat();
    await db.collection(SCORES_COLLECTION).insertMany(docs as never[], { ordered: false });

    const applied = await applyScoreRetention(db, { days: 90, apply: true, now });
    expect(applied).toMatchObject({ scanned: 1_500, expired: 1_000, deleted: 1_000, deleteCalls: 1 });
    console.log(`score retention on FerretDB: ${JSON.stringify(applied)}`);
    const left = await db.collection(SCORES_COLLECTION).find({}).toArray();
    expect(left).toHaveLength(500);
    expect(new Set(left.map((d) => String(d._id).slice(-2)))).toEqual(new Set(['v2']));
  });
});
