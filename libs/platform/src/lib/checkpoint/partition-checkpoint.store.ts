import { randomBytes } from 'node:crypto';
import { mongo } from 'mongoose';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

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
  /** Chunk documents no manifest references any more, not deleted yet (see collectGarbage). */
  garbage: string[];
  /** Random id of the process that wrote this version. */
  writer: string;
  /** Id prefix of the attempt that wrote it (its chunks and documents); absent in older manifests. */
  attempt?: string;
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
  /**
   * The chunk's JSON, deflated (chunk keys such as dossier ids are not always valid BSON field names,
   * and the repetitive JSON of events shrinks ~5–8×: FerretDB's insert speed is bound by bytes).
   */
  z: mongo.Binary;
}

/** One save attempt: the manifest version it writes and the id prefix of every document it inserts. */
export interface CheckpointAttempt {
  readonly version: number;
  readonly prefix: string;
}

/** More than chunks, written with a save. */
export interface CheckpointExtras {
  /** The attempt (from `beginAttempt`) whose prefix the caller already used in `documents`' values. */
  attempt?: CheckpointAttempt;
  /**
   * Documents the manifest does not reference (e.g. archived entities, found later by their id):
   * key → value, stored under `attempt.prefix + key`.
   */
  documents?: ReadonlyMap<string, unknown>;
  /** Ids of documents of earlier saves that this checkpoint no longer needs. */
  garbage?: readonly string[];
}

/**
 * The attempt that last started inserting documents for a partition, written before it inserts
 * them: if no manifest ever names it, its documents are orphans (a process killed between its
 * inserts and its manifest), and the next successful save lists them as garbage.
 */
interface IntentDocument {
  _id: string;
  prefix: string;
  version: number;
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
  /** Bytes of the chunks written, deflated as stored. */
  chunkBytes: number;
  deletes: number;
  reads: number;
  checkpoints: number;
  conflicts: number;
}

/** A store's counts, all zero: a new store's, or a sum over none. */
export function zeroCheckpointStoreStats(): CheckpointStoreStats {
  return {
    writes: 0,
    chunkWrites: 0,
    manifestWrites: 0,
    chunkBytes: 0,
    deletes: 0,
    reads: 0,
    checkpoints: 0,
    conflicts: 0,
  };
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
/** Suffix of a garbage entry that stands for every document of an attempt (its id prefix). */
const PREFIX_GARBAGE = '*';

function chunkDocument(_id: string, value: unknown): ChunkDocument {
  return { _id, z: new mongo.Binary(deflateRawSync(JSON.stringify(value), { level: 3 })) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Checkpoints of per-partition state as immutable, `_id`-keyed chunk documents plus one manifest
 * per partition, written last. Reads are single `_id` equalities (FerretDB's only indexed query);
 * writes are `insertMany` of new chunks and one manifest replace; there is no transaction: a crash
 * before the manifest write leaves the previous manifest and its chunks intact. The manifest
 * replace is a compare-and-swap on `version` (in its own tiny collection), so a process that lost
 * the partition cannot overwrite its new owner's checkpoint.
 *
 * Chunks a manifest no longer references are garbage. FerretDB v1 scans the whole collection for
 * every delete, even by `_id`, so garbage is not deleted at once: the manifest lists it (no extra
 * write, and a crash loses nothing), and `collectGarbage` deletes it with one `$in` delete per
 * call, in a chunk collection of the partition's own (`<chunks>_p<partition>`) so a scan stays small.
 */
/**
 * Ids per garbage delete. On FerretDB a delete costs a scan of the collection plus a little per id and
 * document (measured, 19,000 documents of 3 kB: 1,000 ids 3.9 s, 10,000 ids 6.4 s), so a replay's
 * garbage of tens of thousands of chunks per partition goes ~5 × faster in batches of 10,000 than of
 * 1,000 (docs/benchmarks.md, "Replay in worker threads"). On MongoDB `$in` uses the `_id` index.
 */
export const DELETE_BATCH_IDS = 10_000;

export class PartitionCheckpointStore {
  readonly writerId = randomBytes(4).toString('hex');
  private attempts = 0;
  private readonly manifests: mongo.Collection<ManifestDocument>;
  private readonly intents: mongo.Collection<IntentDocument>;
  /** The last intent seen per partition (undefined: not read yet; null: none). */
  private readonly lastIntent = new Map<string, IntentDocument | null>();
  private readonly chunkCollections = new Map<number, mongo.Collection<ChunkDocument>>();
  /** Garbage deleted since the partition's last manifest was written. */
  private readonly collected = new Map<string, Set<string>>();
  private readonly stats = zeroCheckpointStoreStats();

  constructor(
    private readonly db: mongo.Db,
    private readonly options: PartitionCheckpointStoreOptions = {},
  ) {
    this.manifests = db.collection<ManifestDocument>(options.manifestCollection ?? 'checkpoint_manifests');
    // The intents live next to the manifests: one tiny document per partition.
    this.intents = db.collection<IntentDocument>(options.manifestCollection ?? 'checkpoint_manifests');
  }

  static manifestId(topic: string, partition: number): string {
    return `manifest:${topic}:${partition}`;
  }

  /**
   * `p${partition}:v${version}.${writer}-${attempt}:${chunkKey}`, prefixed by the topic: unique to
   * one save attempt of one process, so never reused and never updated.
   */
  chunkId(topic: string, partition: number, version: number, chunkKey: string, attempt: number): string {
    return `${this.attemptPrefix(topic, partition, version, attempt)}${chunkKey}`;
  }

  /** A new save attempt over `previous`: callers that build documents naming it take it first. */
  beginAttempt(topic: string, partition: number, previous: CheckpointManifest | null): CheckpointAttempt {
    const version = (previous?.version ?? 0) + 1;
    return { version, prefix: this.attemptPrefix(topic, partition, version, ++this.attempts) };
  }

  /** Documents written as `CheckpointExtras.documents`, by id (missing ones are absent from the map). */
  async readDocuments(partition: number, ids: readonly string[]): Promise<Map<string, unknown>> {
    const result = new Map<string, unknown>();
    await this.readByIds(partition, ids, (id, value) => result.set(id, value));
    return result;
  }

  private attemptPrefix(topic: string, partition: number, version: number, attempt: number): string {
    return `${topic}:p${partition}:v${version}.${this.writerId}-${attempt}:`;
  }

  snapshotStats(): CheckpointStoreStats {
    return { ...this.stats };
  }

  /** The current checkpoint, or null when the partition has none. Reads only by `_id`. */
  async load(topic: string, partition: number): Promise<LoadedCheckpoint | null> {
    // A chunk can vanish between reading the manifest and reading it (garbage collected after a
    // newer checkpoint of another owner): read the manifest again then.
    for (let attempt = 0; ; attempt++) {
      const manifest = await this.readManifest(topic, partition);
      await this.readIntent(topic, partition);
      if (!manifest) return null;
      const loaded = await this.readChunks(manifest);
      if (loaded) return { manifest, chunks: loaded };
      if (attempt >= 5) throw new Error(`checkpoint ${manifest._id} v${manifest.version} references missing chunks`);
    }
  }

  async readManifest(topic: string, partition: number): Promise<CheckpointManifest | null> {
    this.stats.reads++;
    const doc = await this.manifests.findOne({ _id: PartitionCheckpointStore.manifestId(topic, partition) });
    return doc && { ...doc, chunks: JSON.parse(doc.chunks) as Record<string, string>, garbage: doc.garbage ?? [] };
  }

  /**
   * Writes the changed chunks (value `null` removes a chunk) as new documents, then the manifest,
   * which lists the chunks it stopped referencing as garbage. Throws CheckpointConflictError when
   * `previous` is not the current manifest any more (its own new chunks are deleted then).
   */
  async save(
    topic: string,
    partition: number,
    previous: CheckpointManifest | null,
    offset: string,
    changed: ReadonlyMap<string, unknown>,
    extras: CheckpointExtras = {},
  ): Promise<CheckpointManifest> {
    const { version, prefix } = extras.attempt ?? this.beginAttempt(topic, partition, previous);
    if (version !== (previous?.version ?? 0) + 1)
      throw new Error(`attempt for version ${version} saved over ${previous?.version}`);
    const chunks = { ...(previous?.chunks ?? {}) };
    const collected = this.collectedOf(topic, partition);
    const garbage = new Set((previous?.garbage ?? []).filter((id) => !collected.has(id)));
    for (const id of extras.garbage ?? []) garbage.add(id);
    const orphan = await this.orphanedAttempt(topic, partition, previous);
    if (orphan !== null && orphan !== prefix) garbage.add(`${orphan}${PREFIX_GARBAGE}`);
    const inserted: ChunkDocument[] = [];
    for (const [key, value] of changed) {
      const old = chunks[key];
      if (old) garbage.add(old);
      if (value === null || value === undefined) {
        delete chunks[key];
        continue;
      }
      const _id = prefix + key;
      chunks[key] = _id;
      inserted.push(chunkDocument(_id, value));
    }
    for (const [key, value] of extras.documents ?? []) inserted.push(chunkDocument(prefix + key, value));
    // This attempt's ids are referenced by no manifest until the swap below succeeds.
    const discard = () =>
      this.deleteChunks(
        partition,
        inserted.map((c) => c._id),
      ).catch(() => 0);
    try {
      if (inserted.length > 0) await this.writeIntent(topic, partition, { prefix, version });
      await this.insertChunks(partition, inserted);
    } catch (error) {
      await discard();
      throw error;
    }
    const manifest: CheckpointManifest = {
      _id: PartitionCheckpointStore.manifestId(topic, partition),
      topic,
      partition,
      version,
      offset,
      chunks,
      garbage: [...garbage],
      writer: this.writerId,
      attempt: prefix,
      updatedAt: new Date(),
    };
    try {
      await this.swapManifest(previous, manifest);
    } catch (error) {
      // Only a refused swap is certain; after any other error the manifest may have been written.
      if (error instanceof CheckpointConflictError) {
        this.stats.conflicts++;
        await discard();
      }
      throw error;
    }
    collected.clear();
    this.stats.checkpoints++;
    return manifest;
  }

  /**
   * Deletes the garbage `manifest` lists (one `$in` delete per DELETE_BATCH_IDS ids); the next `save` drops
   * it from the list. Returns how many documents were deleted.
   */
  async collectGarbage(manifest: CheckpointManifest): Promise<number> {
    const collected = this.collectedOf(manifest.topic, manifest.partition);
    const ids = manifest.garbage.filter((id) => !collected.has(id));
    let deleted = await this.deleteChunks(
      manifest.partition,
      ids.filter((id) => !id.endsWith(PREFIX_GARBAGE)),
    );
    for (const id of ids.filter((id) => id.endsWith(PREFIX_GARBAGE))) {
      // An orphaned attempt: every document whose id starts with its prefix (an anchored prefix
      // regex: one scan on FerretDB, like any delete there; an index range on MongoDB).
      const prefix = id.slice(0, -PREFIX_GARBAGE.length);
      const result = await this.chunksOf(manifest.partition).deleteMany({
        _id: { $regex: `^${escapeRegExp(prefix)}` },
      });
      deleted += result.deletedCount;
      this.stats.deletes += result.deletedCount;
    }
    for (const id of ids) collected.add(id);
    return deleted;
  }

  /** Garbage of `manifest` not collected yet. */
  pendingGarbage(manifest: CheckpointManifest): number {
    const collected = this.collectedOf(manifest.topic, manifest.partition);
    return manifest.garbage.filter((id) => !collected.has(id)).length;
  }

  /** Removes a partition's checkpoint entirely (tests, re-projection). */
  async drop(topic: string, partition: number): Promise<void> {
    const manifest = await this.readManifest(topic, partition);
    if (!manifest) return;
    await this.deleteChunks(partition, [...Object.values(manifest.chunks), ...manifest.garbage]);
    await this.manifests.deleteOne({ _id: manifest._id });
  }

  private collectedOf(topic: string, partition: number): Set<string> {
    const key = `${topic}:${partition}`;
    let set = this.collected.get(key);
    if (!set) this.collected.set(key, (set = new Set()));
    return set;
  }

  private chunksOf(partition: number): mongo.Collection<ChunkDocument> {
    let collection = this.chunkCollections.get(partition);
    if (!collection) {
      collection = this.db.collection<ChunkDocument>(
        `${this.options.chunkCollection ?? 'checkpoint_chunks'}_p${partition}`,
      );
      this.chunkCollections.set(partition, collection);
    }
    return collection;
  }

  private async readChunks(manifest: CheckpointManifest): Promise<Map<string, unknown> | null> {
    const keys = new Map(Object.entries(manifest.chunks).map(([key, id]) => [id, key]));
    const result = new Map<string, unknown>();
    await this.readByIds(manifest.partition, [...keys.keys()], (id, value) =>
      result.set(keys.get(id) as string, value),
    );
    return result.size === keys.size ? result : null;
  }

  /** `findOne({_id})` per id, `loadConcurrency` at a time; missing ids are skipped. */
  private async readByIds(partition: number, ids: readonly string[], found: (id: string, value: unknown) => void) {
    const collection = this.chunksOf(partition);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        this.stats.reads++;
        const doc = await collection.findOne({ _id: id });
        if (doc) found(id, JSON.parse(inflateRawSync(doc.z.buffer).toString('utf8')));
      }
    };
    await Promise.all(Array.from({ length: this.options.loadConcurrency ?? 8 }, worker));
  }

  private intentId(topic: string, partition: number): string {
    return `intent:${topic}:${partition}`;
  }

  private async readIntent(topic: string, partition: number): Promise<IntentDocument | null> {
    this.stats.reads++;
    const intent = await this.intents.findOne({ _id: this.intentId(topic, partition) });
    this.lastIntent.set(this.intentId(topic, partition), intent);
    return intent;
  }

  private async writeIntent(topic: string, partition: number, intent: Omit<IntentDocument, '_id'>): Promise<void> {
    const doc = { _id: this.intentId(topic, partition), ...intent };
    await this.intents.replaceOne({ _id: doc._id }, doc, { upsert: true });
    this.lastIntent.set(doc._id, doc);
    this.stats.writes++;
  }

  /**
   * The prefix of an attempt no manifest will ever name: the last intent is for a version above the
   * one `previous` has and is not `previous`'s own (its writer died or gave up). Listed as garbage by
   * a save whose swap then succeeds, it can no longer win a swap. Null when there is none.
   */
  private async orphanedAttempt(
    topic: string,
    partition: number,
    previous: CheckpointManifest | null,
  ): Promise<string | null> {
    const cached = this.lastIntent.get(this.intentId(topic, partition));
    const intent = cached === undefined ? await this.readIntent(topic, partition) : cached;
    if (!intent || intent.version <= (previous?.version ?? 0) || intent.prefix === previous?.attempt) return null;
    return intent.prefix;
  }

  private async insertChunks(partition: number, docs: ChunkDocument[]): Promise<void> {
    const size = this.options.insertBatchSize ?? 1000;
    for (let i = 0; i < docs.length; i += size) {
      const slice = docs.slice(i, i + size);
      await this.chunksOf(partition).insertMany(slice, { ordered: false });
      this.stats.chunkWrites += slice.length;
      this.stats.writes += slice.length;
      for (const doc of slice) this.stats.chunkBytes += doc.z.length();
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
      if (result.matchedCount === 0)
        throw new CheckpointConflictError(manifest.topic, manifest.partition, previous.version);
    }
    this.stats.manifestWrites++;
    this.stats.writes++;
  }

  /** `$in` deletes: on FerretDB every delete scans the collection, so one scan serves many ids. */
  private async deleteChunks(partition: number, ids: string[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < ids.length; i += DELETE_BATCH_IDS) {
      const batch = ids.slice(i, i + DELETE_BATCH_IDS);
      const result = await this.chunksOf(partition).deleteMany({ _id: { $in: batch } });
      deleted += result.deletedCount;
    }
    this.stats.deletes += deleted;
    return deleted;
  }
}
