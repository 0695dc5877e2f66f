import { DOSSIER_LOG_COLLECTION } from '../dossier-log/dossier-log.repository';
import { suiteEnvironment, SuiteServers } from '../testing/intake-test-kit';
import { applyDossierLogRetention } from './dossier-log.retention';

describe('dossier log retention against the real store', () => {
  const servers = new SuiteServers(suiteEnvironment('intake-retention'));

  afterAll(() => servers.close());

  it('deletes idle dossiers whole and reports the store operations it cost', async () => {
    const [, db] = await servers.databases(); // the dossier log's own, as the suite runs it
    const old = new Date('2020-01-01T00:00:00Z');
    const recent = new Date();
    // 1,000 dossiers × 2 chunks: the even ones idle since 2020, the odd ones touched today.
    const chunks = Array.from({ length: 1_000 }, (_, i) =>
      [0, 1].map((k) => ({
        _id: `D${i}|${k}`,
        dossierId: `D${i}`,
        k,
        recordsJson: '[]',
        writtenAt: i % 2 === 0 ? old : k === 1 ? recent : old,
      })),
    ).flat();
    await db.collection(DOSSIER_LOG_COLLECTION).insertMany(chunks as never[], { ordered: false });

    const dry = await applyDossierLogRetention(db, { days: 365, apply: false });
    expect(dry).toMatchObject({ scanned: 2_000, expired: 1_000, deleted: 0, deleteCalls: 0 });
    expect(await servers.count(DOSSIER_LOG_COLLECTION)).toBe(2_000);

    const applied = await applyDossierLogRetention(db, { days: 365, apply: true });
    expect(applied).toMatchObject({ scanned: 2_000, expired: 1_000, deleted: 1_000, deleteCalls: 1 });
    console.log(`dossier log retention on FerretDB: ${JSON.stringify(applied)}`);
    expect(await servers.count(DOSSIER_LOG_COLLECTION)).toBe(1_000);
    const left = await db.collection(DOSSIER_LOG_COLLECTION).findOne({ _id: 'D1|0' as never });
    expect(left).not.toBeNull(); // an active dossier keeps its old chunk 0
    expect(await db.collection(DOSSIER_LOG_COLLECTION).findOne({ _id: 'D0|1' as never })).toBeNull();
  });
});
