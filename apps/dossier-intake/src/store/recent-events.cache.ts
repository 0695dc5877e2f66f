/**
 * The most recently stored or read events by `_id`, at most `capacity` (oldest dropped first).
 * Stored events are immutable, so a cached copy is never stale, even with several intake replicas:
 * a re-sent batch is checked against memory instead of one FerretDB `findOne` per event (≈ 10 ms
 * each there), which made re-sends crawl at a few dozen events/s.
 */
export class RecentEventsCache<T extends { _id: string }> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  remember(docs: Iterable<T>): void {
    if (this.capacity === 0) return;
    for (const doc of docs) {
      this.entries.delete(doc._id); // re-insert: the newest go last
      this.entries.set(doc._id, doc);
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  get(id: string): T | undefined {
    return this.entries.get(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
