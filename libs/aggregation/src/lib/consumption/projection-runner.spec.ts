import { Logger } from '@nestjs/common';
import {
  CheckpointConflictError,
  type CheckpointManifest,
  type KafkaBatchControls,
  type KafkaBatchMessage,
} from '@dossier-ledger/platform';
import type { ChunkChanges, PartitionProjection, PartitionProjectionFactory } from '../projection/partition-projection';
import { CheckpointPolicy } from './checkpoint-policy';
import { ProjectionRunner, type CheckpointPort, type PublishPort } from './projection-runner';

/** Counts values per key; each record's value is the key it changes. Chunks are { count }. */
class CountingProjection implements PartitionProjection {
  counts = new Map<string, number>();
  private dirty = new Set<string>();
  private published = new Set<string>();

  constructor(chunks: ReadonlyMap<string, unknown> | null) {
    for (const [key, value] of chunks ?? []) this.counts.set(key, (value as { count: number }).count);
  }

  apply(message: KafkaBatchMessage) {
    const key = String(message.value);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.dirty.add(key);
    this.published.add(key);
    return 'applied' as const;
  }
  get pendingCheckpointChunks() {
    return this.dirty.size;
  }
  takeCheckpointChanges(): ChunkChanges {
    const out: ChunkChanges = new Map([...this.dirty].map((k) => [k, { count: this.counts.get(k) }]));
    this.dirty.clear();
    return out;
  }
  returnCheckpointChanges(changes: ChunkChanges) {
    for (const k of changes.keys()) this.dirty.add(k);
  }
  takePublishChanges(): ChunkChanges {
    const out: ChunkChanges = new Map([...this.published].map((k) => [k, { count: this.counts.get(k) }]));
    this.published.clear();
    return out;
  }
  returnPublishChanges(changes: ChunkChanges) {
    for (const k of changes.keys()) this.published.add(k);
  }
  markAllPublished() {
    for (const k of this.counts.keys()) this.published.add(k);
  }
  stats() {
    return {};
  }
}

/** In-memory checkpoints with the same compare-and-swap rule as the real store. */
class MemoryCheckpoints implements CheckpointPort {
  manifests = new Map<number, { manifest: CheckpointManifest; chunks: Map<string, unknown> }>();
  writes = 0;
  failNext = false;

  async load(_topic: string, partition: number) {
    const saved = this.manifests.get(partition);
    return saved ? { manifest: saved.manifest, chunks: new Map(saved.chunks) } : null;
  }

  async save(
    topic: string,
    partition: number,
    previous: CheckpointManifest | null,
    offset: string,
    changed: ReadonlyMap<string, unknown>,
  ) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store down');
    }
    const current = this.manifests.get(partition);
    if ((current?.manifest.version ?? 0) !== (previous?.version ?? 0))
      throw new CheckpointConflictError(topic, partition, previous?.version ?? 0);
    const chunks = new Map(current?.chunks ?? []);
    for (const [k, v] of changed)
      if (v === null) chunks.delete(k);
      else chunks.set(k, v);
    const manifest: CheckpointManifest = {
      _id: `m${partition}`,
      topic,
      partition,
      version: (previous?.version ?? 0) + 1,
      offset,
      chunks: {},
      garbage: [],
      writer: 'w',
      updatedAt: new Date(),
    };
    this.manifests.set(partition, { manifest, chunks });
    this.writes += changed.size + 1;
    return manifest;
  }

  garbage = 0;
  collections = 0;

  async collectGarbage() {
    this.collections++;
    const n = this.garbage;
    this.garbage = 0;
    return n;
  }

  pendingGarbage() {
    return this.garbage;
  }

  snapshotStats() {
    return {
      writes: this.writes,
      chunkWrites: 0,
      manifestWrites: 0,
      chunkBytes: 0,
      deletes: 0,
      reads: 0,
      checkpoints: 0,
      conflicts: 0,
    };
  }
}

class MemoryPublisher implements PublishPort {
  sent: { partition: number; offset: bigint; keys: string[] }[] = [];
  fail = false;
  async publish(partition: number, offset: bigint, changes: ChunkChanges) {
    if (this.fail) throw new Error('broker down');
    this.sent.push({ partition, offset, keys: [...changes.keys()] });
  }
}

const factory: PartitionProjectionFactory = { create: (_p, chunks) => new CountingProjection(chunks) };
const controls = (): KafkaBatchControls & { resolved: string[] } => {
  const resolved: string[] = [];
  return {
    resolved,
    resolveOffset: (o) => void resolved.push(o),
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
  };
};
const batch = (partition: number, first: number, values: string[]) => ({
  topic: 't',
  partition,
  highWatermark: String(first + values.length),
  messages: values.map((v, i) => ({ offset: String(first + i), key: null, value: Buffer.from(v), timestamp: '0' })),
});

function setup(policy = new CheckpointPolicy({ eventsPerWrite: 2, maxIntervalMs: 60_000 }), now = { t: 0 }) {
  const store = new MemoryCheckpoints();
  const publisher = new MemoryPublisher();
  const runner = new ProjectionRunner('t', factory, store, publisher, policy, () => now.t);
  const counts = (p: number) => (runner.projectionOf(p) as CountingProjection).counts;
  return { store, publisher, runner, counts, now };
}

describe('ProjectionRunner', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('positions every owned partition at the offset its checkpoint covers', async () => {
    const { runner, store } = setup();
    store.manifests.set(1, {
      manifest: {
        _id: 'm1',
        topic: 't',
        partition: 1,
        version: 3,
        offset: '42',
        chunks: {},
        garbage: [],
        writer: 'w',
        updatedAt: new Date(),
      },
      chunks: new Map([['a', { count: 9 }]]),
    });
    expect(await runner.assign([0, 1])).toEqual({
      seek: [
        { partition: 0, offset: '0' },
        { partition: 1, offset: '42' },
      ],
    });
  });

  it('skips records below the covered offset: a redelivered batch changes nothing', async () => {
    const { runner, counts } = setup(new CheckpointPolicy({ eventsPerWrite: 1000, maxIntervalMs: 60_000 }));
    await runner.assign([0]);
    await runner.applyBatch(batch(0, 0, ['a', 'b', 'a']), controls());
    const again = controls();
    await runner.applyBatch(batch(0, 0, ['a', 'b', 'a', 'c']), again);
    expect(Object.fromEntries(counts(0))).toEqual({ a: 2, b: 1, c: 1 });
    expect(again.resolved).toEqual(['0', '1', '2', '3']);
    expect(runner.stats()).toMatchObject({ records: 4, skipped: 3 });
  });

  it('counts a batch that starts past the next offset to apply, and applies it', async () => {
    const { runner, counts } = setup(new CheckpointPolicy({ eventsPerWrite: 1000, maxIntervalMs: 60_000 }));
    await runner.assign([0]);
    await runner.applyBatch(batch(0, 0, ['a', 'b']), controls());
    expect(runner.stats().gaps).toBe(0);
    await runner.applyBatch(batch(0, 5, ['c']), controls()); // records 2–4 are not on the topic
    expect(Object.fromEntries(counts(0))).toEqual({ a: 1, b: 1, c: 1 });
    expect(runner.stats()).toMatchObject({ records: 3, gaps: 1 });
  });

  it('asks for intermediate states while a new owner catches up to the high watermark it found', async () => {
    class BatchProjection extends CountingProjection {
      marks: boolean[] = [];
      prepareBatch(messages: readonly KafkaBatchMessage[]) {
        return { documentIds: [], messages };
      }
      applyBatch(batch: unknown, _documents: unknown, options?: { markIntermediate?: boolean }) {
        this.marks.push(options?.markIntermediate ?? false);
        for (const m of (batch as { messages: KafkaBatchMessage[] }).messages) this.apply(m);
        return { applied: 1, duplicates: 0, rejected: 0 };
      }
    }
    const projection = new BatchProjection(null);
    const runner = new ProjectionRunner(
      't',
      { create: () => projection },
      new MemoryCheckpoints(),
      new MemoryPublisher(),
      new CheckpointPolicy({ eventsPerWrite: 1000, maxIntervalMs: 60_000 }),
      () => 0,
    );
    await runner.assign([0]);
    const at = (first: number, values: string[], highWatermark: number) => ({
      ...batch(0, first, values),
      highWatermark: String(highWatermark),
    });
    await runner.applyBatch(at(0, ['a', 'b'], 4), controls());
    await runner.applyBatch(at(2, ['c', 'd'], 9), controls()); // still below 4 when it starts
    await runner.applyBatch(at(4, ['e'], 9), controls());
    expect(projection.marks).toEqual([true, true, false]);
  });

  it('checkpoints when the events pay for the writes, and commits only what the checkpoint covers', async () => {
    const { runner, store } = setup(new CheckpointPolicy({ eventsPerWrite: 2, maxIntervalMs: 60_000 }));
    await runner.assign([0]);
    expect(await runner.applyBatch(batch(0, 0, ['a', 'b', 'c']), controls())).toEqual({}); // 3 events < 2 × (3 chunks + 1)
    expect(await runner.applyBatch(batch(0, 3, ['a', 'a', 'a', 'a', 'a']), controls())).toEqual({
      commit: [{ partition: 0, offset: '8' }],
    });
    expect(store.manifests.get(0)?.manifest.offset).toBe('8');
    expect(runner.stats().writesPerEvent).toBe(4 / 8);
  });

  it('checkpoints old unsaved events on a tick, and publishes changed chunks with the covered offset', async () => {
    const { runner, publisher, now } = setup(new CheckpointPolicy({ eventsPerWrite: 1000, maxIntervalMs: 500 }));
    await runner.assign([2]);
    await runner.tick([2]); // the restore republishes nothing: empty
    await runner.applyBatch(batch(2, 0, ['x', 'y']), controls());
    now.t = 100;
    expect(await runner.tick([2])).toEqual({ commit: [], seek: [] });
    expect(publisher.sent).toEqual([{ partition: 2, offset: 2n, keys: ['x', 'y'] }]);
    now.t = 600;
    expect(await runner.tick([2])).toEqual({ commit: [{ partition: 2, offset: '2' }], seek: [] });
  });

  it('keeps changes whose publication or checkpoint failed, and writes them next time', async () => {
    const { runner, publisher, store } = setup(new CheckpointPolicy({ eventsPerWrite: 1, maxIntervalMs: 60_000 }));
    await runner.assign([0]);
    store.failNext = true;
    expect(await runner.applyBatch(batch(0, 0, ['a', 'a']), controls())).toEqual({});
    publisher.fail = true;
    await runner.applyBatch(batch(0, 2, ['b']), controls());
    await runner.tick([0]);
    publisher.fail = false;
    await runner.tick([0]);
    expect(publisher.sent.map((s) => s.keys)).toEqual([['a'], ['b']]);
    expect(await runner.applyBatch(batch(0, 3, ['b', 'b', 'b']), controls())).toEqual({
      commit: [{ partition: 0, offset: '6' }],
    });
    expect([...(store.manifests.get(0)?.chunks.keys() ?? [])].sort()).toEqual(['a', 'b']);
  });

  it('publishes before it checkpoints, and writes no checkpoint while its changes are unpublished', async () => {
    // A restore republishes only what the checkpoint holds: a chunk that went to zero after its last
    // publication must reach readers before a checkpoint forgets it.
    const { runner, publisher, store } = setup(new CheckpointPolicy({ eventsPerWrite: 1, maxIntervalMs: 60_000 }));
    await runner.assign([0]);
    publisher.fail = true;
    expect(await runner.applyBatch(batch(0, 0, ['a', 'a']), controls())).toEqual({});
    expect(store.manifests.has(0)).toBe(false);
    publisher.fail = false;
    expect(await runner.applyBatch(batch(0, 2, ['a']), controls())).toEqual({
      commit: [{ partition: 0, offset: '3' }],
    });
    expect(publisher.sent).toEqual([{ partition: 0, offset: 3n, keys: ['a'] }]);
  });

  it('hands back a revoked partition with a final checkpoint, and forgets it', async () => {
    const { runner, store } = setup(new CheckpointPolicy({ eventsPerWrite: 1000, maxIntervalMs: 60_000 }));
    await runner.assign([0, 1]);
    await runner.applyBatch(batch(1, 0, ['a']), controls());
    expect(await runner.revoke([1])).toEqual({ commit: [{ partition: 1, offset: '1' }] });
    expect(runner.owned()).toEqual([0]);
    expect(store.manifests.get(1)?.chunks.get('a')).toEqual({ count: 1 });
  });

  it('leaves a revoked partition to be replayed when its final checkpoint would be too big for a shutdown', async () => {
    const { runner, store } = setup(new CheckpointPolicy({ eventsPerWrite: 1000, revokeMaxChunks: 2 }));
    await runner.assign([0]);
    await runner.applyBatch(batch(0, 0, ['a', 'b', 'c']), controls());
    expect(await runner.revoke([0])).toEqual({ commit: [] });
    expect(store.manifests.has(0)).toBe(false);
  });

  it('takes the newer checkpoint of another owner and seeks back to it when its own checkpoint loses the race', async () => {
    const { runner, store, counts } = setup(new CheckpointPolicy({ eventsPerWrite: 1, maxIntervalMs: 60_000 }));
    await runner.assign([0]);
    // Meanwhile another owner checkpointed the partition at offset 3.
    store.manifests.set(0, {
      manifest: {
        _id: 'm0',
        topic: 't',
        partition: 0,
        version: 1,
        offset: '3',
        chunks: {},
        garbage: [],
        writer: 'x',
        updatedAt: new Date(),
      },
      chunks: new Map([['z', { count: 3 }]]),
    });
    expect(await runner.applyBatch(batch(0, 0, ['a', 'a']), controls())).toEqual({
      seek: [{ partition: 0, offset: '3' }],
    });
    expect(Object.fromEntries(counts(0))).toEqual({ z: 3 });
  });

  it('collects garbage on a tick once there is a batch of it, or once it is old', async () => {
    const { runner, store, now } = setup(
      new CheckpointPolicy({ eventsPerWrite: 1, maxIntervalMs: 60_000, garbageBatch: 10, garbageMaxAgeMs: 1_000 }),
    );
    await runner.assign([0]);
    await runner.applyBatch(batch(0, 0, ['a', 'a']), controls());
    store.garbage = 3;
    await runner.tick([0]);
    expect(store.collections).toBe(0);
    store.garbage = 10;
    await runner.tick([0]);
    expect(store.collections).toBe(1);
    store.garbage = 2;
    now.t = 5_000;
    await runner.tick([0]);
    expect(store.collections).toBe(2);
    expect(store.garbage).toBe(0);
  });
});
