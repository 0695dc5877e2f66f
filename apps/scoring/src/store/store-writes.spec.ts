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
    const docs = new Map<string, { _id: string }>();
    const reads = { all: 0 };
    let now = 0;
    const collection = {
      find: () => ({ toArray: async () => (reads.all++, [...docs.values()].map((doc) => structuredClone(doc))) }),
      findOne: async ({ _id }: { _id: string }) => structuredClone(docs.get(_id) ?? null),
      updateOne: async ({ _id }: { _id: string }, { $set }: { $set: Record<string, unknown> }) => {
        const inputs = Object.fromEntries(
          Object.entries($set)
            .filter(([k]) => k.startsWith('inputs.'))
            .map(([k, v]) => [k.slice(7), v]),
        );
        docs.set(_id, { _id, unitCode: $set['unitCode'], inputs } as { _id: string });
      },
    };
    const repository = new ManualInputRepository(fakeDb(collection), ttlMs, () => now);
    return { repository, reads, docs, advance: (ms: number) => (now += ms) };
  }

  it('reads the collection once within its lifetime, and sees a PUT of this replica at once', async () => {
    const { repository, reads } = setup(60_000);
    expect(await repository.readMany('766', ['001', '002'], ['publicity'])).toEqual(new Map());
    expect(await repository.readMany('766', ['001', '002'], ['publicity'])).toEqual(new Map());
    expect(await repository.put('766', '001', { publicity: 4 }, 'k1')).toBe('766:001');
    expect(await repository.readMany('766', ['001', '002'], ['publicity', 'complaint-handling'])).toEqual(
      new Map([['001', { publicity: 4 }]]),
    );
    expect(reads.all).toBe(1);
  });

  it('answers from the stale table after its lifetime while reading the collection again', async () => {
    const { repository, reads, docs, advance } = setup(30_000);
    await repository.readMany('766', ['001'], ['publicity']);
    docs.set('766:001', { _id: '766:001', unitCode: '001', inputs: { publicity: { points: 3 } } } as { _id: string }); // another replica's PUT
    advance(30_000);
    expect(await repository.readMany('766', ['001'], ['publicity'])).toEqual(new Map()); // stale, reload started
    await new Promise((resolve) => setImmediate(resolve));
    expect(await repository.readMany('766', ['001'], ['publicity'])).toEqual(new Map([['001', { publicity: 3 }]]));
    expect(reads.all).toBe(2);
  });

  it('reads every time with a lifetime of 0', async () => {
    const { repository, reads } = setup(0);
    await repository.readMany('766', ['001'], ['publicity']);
    await repository.readMany('766', ['001'], ['publicity']);
    expect(reads.all).toBe(2);
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
