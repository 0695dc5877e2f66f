import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { MONGO_DB } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';

/**
 * The journal of requests in flight, `_id` = request id: written before the event store, deleted
 * once the events are on Kafka. It names the events (source + eventIds as one newline-separated
 * string) rather than holding them: an event the crash left stored-but-unpublished is read back
 * from the event store by `_id`, and one that was never stored was never acknowledged either (the
 * client retries). That keeps the journal write ~15 bytes per event — on FerretDB, inserting and
 * deleting a 300 kB journal cost as much as half the event inserts themselves (measured).
 */
export interface OutboxDocument {
  _id: string;
  source: string;
  createdAt: Date;
  eventIds: string;
}

export const OUTBOX_COLLECTION = 'outbox';

export interface OutboxEntry {
  requestId: string;
  source: string;
  eventIds: string[];
}

@Injectable()
export class OutboxRepository implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRepository.name);
  private readonly outbox: mongo.Collection<OutboxDocument>;
  private readonly pendingRemovals = new Set<string>();
  private removing?: Promise<void>;

  constructor(@Inject(MONGO_DB) db: mongo.Db) {
    this.outbox = db.collection<OutboxDocument>(OUTBOX_COLLECTION);
  }

  async add(entry: OutboxEntry, now = new Date()): Promise<void> {
    await this.outbox.insertOne({
      _id: entry.requestId,
      source: entry.source,
      createdAt: now,
      eventIds: entry.eventIds.join('\n'),
    });
  }

  async remove(requestId: string): Promise<void> {
    await this.outbox.deleteOne({ _id: requestId });
  }

  /**
   * Deletes the entry off the request's path, batched with other finished requests. Losing the
   * deletion in a crash only makes the next sweep publish those events again (harmless).
   */
  removeLater(requestId: string): void {
    this.pendingRemovals.add(requestId);
    this.removing ??= this.drainRemovals().finally(() => (this.removing = undefined));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.removing;
  }

  /** Entries created before `olderThan` (a scan: the outbox holds only requests in flight). */
  async listStale(olderThan: Date): Promise<OutboxEntry[]> {
    const docs = await this.outbox.find({}).toArray();
    return docs
      .filter((doc) => doc.createdAt < olderThan)
      .map((doc) => ({
        requestId: doc._id,
        source: doc.source,
        eventIds: doc.eventIds === '' ? [] : doc.eventIds.split('\n'),
      }));
  }

  private async drainRemovals(): Promise<void> {
    while (this.pendingRemovals.size > 0) {
      const ids = [...this.pendingRemovals];
      this.pendingRemovals.clear();
      try {
        if (ids.length === 1) await this.outbox.deleteOne({ _id: ids[0] });
        else await this.outbox.deleteMany({ _id: { $in: ids } });
      } catch (error) {
        this.logger.warn(
          `could not delete ${ids.length} finished outbox entries (the sweep will): ${(error as Error).message}`,
        );
      }
    }
  }
}
