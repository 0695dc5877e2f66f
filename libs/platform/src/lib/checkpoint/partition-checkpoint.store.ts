import { randomBytes } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';

/**
 * The one mutable document per (topic, partition): which immutable chunk documents make up the
 * partition's state, and the offset that state covers (every record below `offset` is in it).
 */
export interface CheckpointManifest {
  _id: string;
  topic: string;
  partition: number;
  /** Increments by one per checkpoint; the compare-and-swap token. */
  version: number;
  /** Next offset to read: the state covers exactly the records with a lower offset. */
  offset: string;
  /** chunk key -> chunk document `_id`. */
  chunks: Record<string, string>;
  /** Random id of the process that wrote this version. */
  writer: string;
  updatedAt: Date;
}

/**
 * The stored manifest. Chunk keys may contain '.', which BSON field names must not, and FerretDB
 * v1 stores no nested arrays: the chunk map is JSON text.
 */
interface ManifestDocument extends Omit<CheckpointManifest, 'chunks'> {
  chunks: string;
}

interface ChunkDocument {
  _id: string;
  /** JSON text: chunk keys (dossier ids, bucket keys) are not always valid BSON field names. */
  json: string;
}

/** A restored partition: the manifest and its chunks, keyed by chunk key. */
export interface LoadedCheckpoint {
  manifest: CheckpointManifest;
  chunks: Map<string, unknown>;
}

/** Another process wrote the partition's manifest since we read it: we are not (or no longer) its owner. */
export class CheckpointConflictError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly expectedVersion: number,
  ) {
    super(`checkpoint of ${topic}[${partition}] moved past version ${expectedVersion}: another owner wrote it`);
    this.name = 'CheckpointConflictError';
  }
}

/** Store traffic since start: what the ≤ 0.05 writes/event budget is measured against. */
export interface CheckpointStoreStats {
  /** Documents inserted, updated or replaced (chunks + manifests). */
  writes: number;
  chunkWrites: number;
  manifestWrites: number;
  deletes: number;
  reads: number;
  checkpoints: number;
  conflicts: number;
}

export interface PartitionCheckpointStoreOptions {
  manifestCollection?: string;
  chunkCollection?: string;
  /** Parallel `findOne({_id})` calls when loading chunks. */
  loadConcurrency?: number;
  /** Documents per insertMany call. */
  insertBatchSize?: number;
}

const DUPLICATE_KEY = 11000;

/**
 * Checkpoints of per-partition state as immutable, `_id`-keyed chunk documents plus one manifest
 * per partition, written last. Every access is a single `_id` equality (FerretDB's only indexed
 * query), writes are `insertMany` of new chunks and one manifest replace, and there is no
 * transaction: a crash before the manifest write leaves the previous manifest and its chunks
 * intact. The manifest replace is a compare-and-swap on `version` (in its own tiny collection), so
 * a process that lost the partition cannot overwrite its new owner's checkpoint.
 */
export class PartitionCheckpointStore {
  readonly writerId = randomBytes(4).toString('hex');
  private readonly manifests: Collection<ManifestDocument>;
  private readonly chunks: Collection<ChunkDocument>;
  private readonly stats: CheckpointStoreStats = {
    writes: 0,
    chunkWrites: 0,
    manifestWrites: 0,
    deletes: 0,
    reads: 0,
    checkpoints: 0,
    conflicts: 0,
  };

  constructor(
    db: Db,
    private readonly options: PartitionCheckpointStoreOptions = {},
  ) {
    this.manifests = db.collection<ManifestDocument>(options.manifestCollection ?? 'checkpoint_manifests');
    this.chunks = db.collection<ChunkDocument>(options.chunkCollection ?? 'checkpoint_chunks');
  }

  static manifestId(topic: string, partition: number): string {
    return `manifest:${topic}:${partition}`;
  }

  /** `p${partition}:v${version}.${writer}:${chunkKey}`, prefixed by the topic: never reused, never updated. */
  chunkId(topic: string, partition: number, version: number, chunkKey: string): string {
    return `${topic}:p${partition}:v${version}.${this.writerId}:${chunkKey}`;
  }

  snapshotStats(): CheckpointStoreStats {
    return { ...this.stats };
  }

  /** The current checkpoint, or null when the partition has none. Reads only by `_id`. */
  async load(topic: string, partition: number): Promise<LoadedCheckpoint | null> {
    // A chunk can vanish between reading the manifest and reading it (the previous owner's cleanup
    // after a newer checkpoint): read the manifest again then.
    for (let attempt = 0; ; attempt++) {
      const manifest = await this.readManifest(topic, partition);
      if (!manifest) return null;
      const loaded = await this.readChunks(manifest);
      if (loaded) return { manifest, chunks: loaded };
      if (attempt >= 5) throw new Error(`checkpoint ${manifest._id} v${manifest.version} references missing chunks`);
    }
  }

  async readManifest(topic: string, partition: number): Promise<CheckpointManifest | null> {
    this.stats.reads++;
    const doc = await this.manifests.findOne({ _id: PartitionCheckpointStore.manifestId(topic, partition) });
    return doc && { ...doc, chunks: JSON.parse(doc.chunks) as Record<string, string> };
  }

  /**
   * Writes the changed chunks (value `null` removes a chunk) as new documents, then the manifest,
   * then deletes the chunk documents it no longer references. Throws CheckpointConflictError when
   * `previous` is not the current manifest any more (nothing is left behind in that case).
   */
  async save(
    topic: string,
    partition: number,
    previous: CheckpointManifest | null,
    offset: string,
    changed: ReadonlyMap<string, unknown>,
  ): Promise<CheckpointManifest> {
    const version = (previous?.version ?? 0) + 1;
    const chunks = { ...(previous?.chunks ?? {}) };
    const inserted: ChunkDocument[] = [];
    const superseded: string[] = [];
    for (const [key, value] of changed) {
      const old = chunks[key];
      if (old) superseded.push(old);
      if (value === null || value === undefined) {
        delete chunks[key];
        continue;
      }
      const _id = this.chunkId(topic, partition, version, key);
      chunks[key] = _id;
      inserted.push({ _id, json: JSON.stringify(value) });
    }
    try {
      await this.insertChunks(inserted);
    } catch (error) {
      await this.deleteChunks(inserted.map((c) => c._id)).catch(() => undefined);
      throw error;
    }
    const manifest: CheckpointManifest = {
      _id: PartitionCheckpointStore.manifestId(topic, partition),
      topic,
      partition,
      version,
      offset,
      chunks,
      writer: this.writerId,
      updatedAt: new Date(),
    };
    try {
      await this.swapManifest(previous, manifest);
    } catch (error) {
      await this.deleteChunks(inserted.map((c) => c._id));
      if (error instanceof CheckpointConflictError) this.stats.conflicts++;
      throw error;
    }
    this.stats.checkpoints++;
    await this.deleteChunks(superseded).catch(() => undefined);
    return manifest;
  }

  /** Removes a partition's checkpoint entirely (tests, re-projection). */
  async drop(topic: string, partition: number): Promise<void> {
    const manifest = await this.readManifest(topic, partition);
    if (!manifest) return;
    await this.deleteChunks(Object.values(manifest.chunks));
    await this.manifests.deleteOne({ _id: manifest._id });
  }

  private async readChunks(manifest: CheckpointManifest): Promise<Map<string, unknown> | null> {
    const entries = Object.entries(manifest.chunks);
    const result = new Map<string, unknown>();
    let missing = false;
    let next = 0;
    const worker = async () => {
      while (!missing && next < entries.length) {
        const [key, id] = entries[next++];
        this.stats.reads++;
        const doc = await this.chunks.findOne({ _id: id });
        if (!doc) missing = true;
        else result.set(key, JSON.parse(doc.json));
      }
    };
    await Promise.all(Array.from({ length: this.options.loadConcurrency ?? 8 }, worker));
    return missing ? null : result;
  }

  private async insertChunks(docs: ChunkDocument[]): Promise<void> {
    const size = this.options.insertBatchSize ?? 1000;
    for (let i = 0; i < docs.length; i += size) {
      const slice = docs.slice(i, i + size);
      await this.chunks.insertMany(slice, { ordered: false });
      this.stats.chunkWrites += slice.length;
      this.stats.writes += slice.length;
    }
  }

  private async swapManifest(previous: CheckpointManifest | null, manifest: CheckpointManifest): Promise<void> {
    const doc: ManifestDocument = { ...manifest, chunks: JSON.stringify(manifest.chunks) };
    if (previous === null) {
      try {
        await this.manifests.insertOne(doc);
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) {
          throw new CheckpointConflictError(manifest.topic, manifest.partition, 0);
        }
        throw error;
      }
    } else {
      // Not a pure `_id` filter, but the manifest collection holds one small document per partition.
      const result = await this.manifests.replaceOne({ _id: manifest._id, version: previous.version }, doc);
      if (result.matchedCount === 0) throw new CheckpointConflictError(manifest.topic, manifest.partition, previous.version);
    }
    this.stats.manifestWrites++;
    this.stats.writes++;
  }

  private async deleteChunks(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const ops: AnyBulkWriteOperation<ChunkDocument>[] = ids.map((_id) => ({ deleteOne: { filter: { _id } } }));
    const result = await this.chunks.bulkWrite(ops, { ordered: false });
    this.stats.deletes += result.deletedCount;
  }
}

/** Convenience for callers holding a `Db` from mongoose (`connection.db`). */
export function createPartitionCheckpointStore(db: Db | undefined, options?: PartitionCheckpointStoreOptions): PartitionCheckpointStore {
  if (!db) throw new Error('MongoDB connection is not open');
  return new PartitionCheckpointStore(db, options);
}
