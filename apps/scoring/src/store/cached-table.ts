import type { mongo } from 'mongoose';

/**
 * A small collection held whole in memory, keyed by `_id`, read again when older than `ttlMs` — in
 * the background, the stale table still answering, so no request waits for that read (except the
 * first, and every one with a lifetime of 0). A write through this process is put in at once
 * (`set`); one through another process shows within the lifetime.
 */
export class CachedTable<T extends { _id: string }> {
  private table: Map<string, T> | null = null;
  private loadedAt = 0;
  private loading: Promise<Map<string, T>> | null = null;

  constructor(
    private readonly collection: mongo.Collection<T>,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  current(): Promise<ReadonlyMap<string, T>> {
    const fresh = this.table !== null && this.ttlMs > 0 && this.clock() - this.loadedAt < this.ttlMs;
    if (fresh) return Promise.resolve(this.table as Map<string, T>);
    const reload = (this.loading ??= this.reload());
    if (this.table === null || this.ttlMs === 0) return reload;
    reload.catch(() => undefined); // the stale table keeps answering; the next request tries again
    return Promise.resolve(this.table);
  }

  /** A document this process has just written (or read back). */
  set(doc: T): void {
    this.table?.set(doc._id, doc);
  }

  private async reload(): Promise<Map<string, T>> {
    try {
      const startedAt = this.clock();
      const docs = (await this.collection.find({}).toArray()) as T[];
      this.table = new Map(docs.map((doc) => [doc._id, doc]));
      this.loadedAt = startedAt;
      return this.table;
    } finally {
      this.loading = null;
    }
  }
}
