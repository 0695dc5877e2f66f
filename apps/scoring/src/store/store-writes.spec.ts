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

describe('ScoreRepository, background writes', () => {
  const doc = (id: string) => ({ _id: id }) as ScoreDoc;

  function setup() {
    const inserted: string[][] = [];
    const gates: { release: () => void; fail: (error: unknown) => void }[] = [];
    const collection = {
      insertMany: (docs: ScoreDoc[]) =>
        new Promise<void>((release, fail) => {
          inserted.push(docs.map((d) => d._id));
          gates.push({ release: () => release(), fail });
        }),
      findOne: async () => null,
    };
    return { repository: new ScoreRepository(fakeDb(collection)), inserted, gates };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('returns before the store answers, serves what waits, and stores the next scores in one round after', async () => {
    const { repository, inserted, gates } = setup();
    repository.saveLater([doc('a'), doc('b')]);
    expect(inserted).toEqual([['a', 'b']]); // one insert in flight, not answered
    repository.saveLater([doc('b'), doc('c'), doc('d')]);
    expect(await repository.get('c')).toEqual(doc('c'));
    expect(repository.waiting).toBe(4);
    gates[0].release();
    await settle();
    expect(inserted).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    const flushed = repository.flush();
    gates[1].release();
    await flushed;
    expect(repository.waiting).toBe(0);
    expect(await repository.get('c')).toBeNull(); // now read from the collection
    repository.saveLater([doc('a')]); // stored already: not sent again
    expect(inserted).toHaveLength(2);
  });

  it('keeps what failed to store and sends it again', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { repository, inserted, gates } = setup();
      repository.saveLater([doc('a')]);
      gates[0].fail(new Error('store down'));
      await settle();
      expect(repository.waiting).toBe(1);
      jest.advanceTimersByTime(1_000);
      expect(inserted).toEqual([['a'], ['a']]);
      gates[1].release();
      await repository.flush();
      expect(repository.waiting).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes what waits before the service stops', async () => {
    const { repository, gates } = setup();
    repository.saveLater([doc('a')]);
    const stopped = repository.beforeApplicationShutdown();
    let done = false;
    void stopped.then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    gates[0].release();
    await stopped;
    expect(repository.waiting).toBe(0);
  });
});
