// The repositories' own logic (cache, insert-only writes) against an in-memory stand-in for the
// collection; the real FerretDB is in the integration test.
import type { mongo } from 'mongoose';
import { ManualInputRepository } from './manual-input.repository';
import { ScoreRepository, type ScoreDoc } from './score.repository';

function fakeDb(collection: object): mongo.Db {
  return { collection: () => collection } as unknown as mongo.Db;
}

describe('ManualInputRepository', () => {
  function setup(ttlMs: number) {
    const docs = new Map<string, object>();
    const finds: string[] = [];
    const collection = {
      findOne: async ({ _id }: { _id: string }) => (finds.push(_id), docs.get(_id) ?? null),
      updateOne: async ({ _id }: { _id: string }, { $set }: { $set: Record<string, unknown> }) => {
        const inputs = Object.fromEntries(Object.entries($set).filter(([k]) => k.startsWith('inputs.')).map(([k, v]) => [k.slice(7), v]));
        docs.set(_id, { _id, unitCode: $set['unitCode'], inputs });
      },
    };
    return { repository: new ManualInputRepository(fakeDb(collection), ttlMs), finds };
  }

  it('reads each unit’s document once within the cache lifetime, absent ones too; a PUT is seen at once', async () => {
    const { repository, finds } = setup(60_000);
    expect(await repository.readMany('766', ['001', '002'], ['publicity'])).toEqual(new Map());
    expect(await repository.readMany('766', ['001', '002'], ['publicity'])).toEqual(new Map());
    expect(finds).toEqual(['766:001', '766:002']);
    expect(await repository.put('766', '001', { publicity: 4 }, 'k1')).toBe('766:001');
    expect(await repository.readMany('766', ['001', '002'], ['publicity', 'complaint-handling'])).toEqual(new Map([['001', { publicity: 4 }]]));
    expect(finds).toEqual(['766:001', '766:002', '766:001']);
  });

  it('reads every time with a lifetime of 0', async () => {
    const { repository, finds } = setup(0);
    await repository.readMany('766', ['001'], ['publicity']);
    await repository.readMany('766', ['001'], ['publicity']);
    expect(finds).toHaveLength(2);
  });
});

describe('ScoreRepository', () => {
  const doc = (id: string) => ({ _id: id }) as ScoreDoc;

  it('inserts only, ignores duplicate keys, does not send again what it stored, and fails on other errors', async () => {
    const inserted: string[][] = [];
    let failWith: object | undefined;
    const collection = {
      insertMany: async (docs: ScoreDoc[]) => {
        inserted.push(docs.map((d) => d._id));
        if (failWith) throw failWith;
      },
    };
    const repository = new ScoreRepository(fakeDb(collection));
    await repository.save([doc('a'), doc('b'), doc('a')]);
    await repository.save([doc('a'), doc('c')]);
    expect(inserted).toEqual([['a', 'b'], ['c']]);
    failWith = { writeErrors: [{ code: 11000 }] }; // stored by another replica meanwhile
    await expect(repository.save([doc('d')])).resolves.toBeUndefined();
    failWith = { writeErrors: [{ code: 11000 }, { code: 2 }] };
    await expect(repository.save([doc('e'), doc('f')])).rejects.toBe(failWith);
    await expect(repository.save([doc('e')])).rejects.toBe(failWith); // not remembered: sent again
  });
});
