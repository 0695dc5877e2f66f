/**
 * Which dossiers of a partition are archived, in 8 bytes each: a 32-bit hash of the dossier id and
 * the number of the archive batch (`ArchiveBatches`) whose documents hold it. Two dossiers may share
 * a hash, so this is a multimap: a lookup gives every batch that may hold the dossier, and the
 * documents decide (a new dossier whose hash collides costs one useless read, nothing else).
 * Open addressing with linear probing over typed arrays: no object per entry.
 */
export class ArchiveIndex {
  private hashes: Uint32Array;
  /** Batch number + 1; 0 marks an empty slot, TOMBSTONE a deleted one. */
  private batches: Uint32Array;
  private used = 0;
  private live = 0;

  constructor(capacity = 1024) {
    const size = 1 << Math.ceil(Math.log2(Math.max(capacity * 2, 16)));
    this.hashes = new Uint32Array(size);
    this.batches = new Uint32Array(size);
  }

  get size(): number {
    return this.live;
  }

  /** Bytes of the typed arrays (the whole per-dossier cost of an archived dossier). */
  get bytes(): number {
    return this.hashes.byteLength + this.batches.byteLength;
  }

  add(hash: number, batch: number): void {
    if ((this.used + 1) * 4 > this.hashes.length * 3) this.grow();
    const mask = this.hashes.length - 1;
    let i = hash & mask;
    while (this.batches[i] !== EMPTY && this.batches[i] !== TOMBSTONE) i = (i + 1) & mask;
    if (this.batches[i] === EMPTY) this.used++;
    this.hashes[i] = hash;
    this.batches[i] = batch + 1;
    this.live++;
  }

  /** Batches that may hold a dossier of this hash (usually none or one). */
  lookup(hash: number): number[] {
    const out: number[] = [];
    const mask = this.hashes.length - 1;
    for (let i = hash & mask; this.batches[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.batches[i] !== TOMBSTONE && this.hashes[i] === hash) out.push(this.batches[i] - 1);
    }
    return out;
  }

  /** Removes one entry (hash, batch); false when there was none. */
  remove(hash: number, batch: number): boolean {
    const mask = this.hashes.length - 1;
    for (let i = hash & mask; this.batches[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.hashes[i] === hash && this.batches[i] === batch + 1) {
        this.batches[i] = TOMBSTONE;
        this.live--;
        return true;
      }
    }
    return false;
  }

  /**
   * The entries of the given shards (`hash >>> SHARD_SHIFT`) as sorted [hash, batch] pairs: the
   * checkpoint chunks of the index. One pass over the table whatever the number of shards.
   */
  exportShards(shards: ReadonlySet<number>): Map<number, Uint32Array> {
    const pairs = new Map<number, number[]>([...shards].map((shard) => [shard, []]));
    for (let i = 0; i < this.hashes.length; i++) {
      const b = this.batches[i];
      if (b === EMPTY || b === TOMBSTONE) continue;
      pairs.get(this.hashes[i] >>> SHARD_SHIFT)?.push(this.hashes[i], b - 1);
    }
    const out = new Map<number, Uint32Array>();
    for (const [shard, flat] of pairs) {
      const order = Array.from({ length: flat.length / 2 }, (_, k) => k).sort(
        (a, b) => flat[2 * a] - flat[2 * b] || flat[2 * a + 1] - flat[2 * b + 1],
      );
      const sorted = new Uint32Array(flat.length);
      order.forEach((k, j) => {
        sorted[2 * j] = flat[2 * k];
        sorted[2 * j + 1] = flat[2 * k + 1];
      });
      out.set(shard, sorted);
    }
    return out;
  }

  private grow(): void {
    const hashes = this.hashes;
    const batches = this.batches;
    const size = this.live * 4 > hashes.length ? hashes.length * 2 : hashes.length;
    this.hashes = new Uint32Array(size);
    this.batches = new Uint32Array(size);
    this.used = 0;
    this.live = 0;
    for (let i = 0; i < hashes.length; i++) {
      if (batches[i] !== EMPTY && batches[i] !== TOMBSTONE) this.add(hashes[i], batches[i] - 1);
    }
  }
}

const EMPTY = 0;
const TOMBSTONE = 0xffffffff;
/** 64 shards: an archive sweep rewrites at most 64 index chunks per partition. */
export const SHARD_SHIFT = 26;
export const SHARD_COUNT = 1 << (32 - SHARD_SHIFT);

/** FNV-1a, 32 bits: stable across processes and versions (it addresses stored documents). */
export function dossierHash(dossierId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < dossierId.length; i++) {
    h ^= dossierId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function encodeShard(pairs: Uint32Array): string {
  const bytes = Buffer.alloc(pairs.length * 4);
  pairs.forEach((value, i) => bytes.writeUInt32LE(value, i * 4));
  return bytes.toString('base64');
}

export function decodeShard(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}
