import { Inject, Injectable } from '@nestjs/common';
import { EVENTS_COLLECTION, type StoredEventDocument } from '@dossier-ledger/contracts';
import { insertManyReportingDuplicates, MONGO_DB } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';
import { IntakeEnv } from '../config/intake.env';
import { RecentEventsCache } from './recent-events.cache';

const FIND_CONCURRENCY = 8;

@Injectable()
export class EventStoreRepository {
  private readonly events: mongo.Collection<StoredEventDocument>;
  private readonly recent: RecentEventsCache<StoredEventDocument>;

  constructor(@Inject(MONGO_DB) db: mongo.Db, env: IntakeEnv) {
    this.events = db.collection<StoredEventDocument>(EVENTS_COLLECTION);
    this.recent = new RecentEventsCache(env.RECENT_EVENTS_CACHE);
  }

  /** Unordered insert; returns the indexes (in `docs`) that were already stored. */
  async insertNew(docs: StoredEventDocument[]): Promise<Set<number>> {
    const duplicates = await insertManyReportingDuplicates(
      (batch) => this.events.insertMany(batch, { ordered: false }),
      docs,
    );
    this.recent.remember(docs.filter((_, i) => !duplicates.has(i)));
    return duplicates;
  }

  /**
   * The stored documents of these ids: from the recent-events cache, else each fetched by `_id`
   * (an `$in` would scan on FerretDB).
   */
  async findByIds(ids: string[]): Promise<Map<string, StoredEventDocument>> {
    const found = new Map<string, StoredEventDocument>();
    const missing = ids.filter((id) => {
      const cached = this.recent.get(id);
      if (cached) found.set(id, cached);
      return !cached;
    });
    const fetched: StoredEventDocument[] = [];
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const doc = await this.events.findOne({ _id: missing[next++] });
        if (doc) fetched.push(doc);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FIND_CONCURRENCY, missing.length) }, worker));
    for (const doc of fetched) found.set(doc._id, doc);
    this.recent.remember(fetched);
    return found;
  }
}
