import type { TargetField, UnitLevel } from '@dossier-ledger/contracts';
import { insertManyReportingDuplicates } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';
import { CachedTable } from '../store/cached-table';
import { targetId, type TargetDoc } from './target-table';
import type { TargetChanges } from './set-targets.dto';

export const TARGETS_COLLECTION = 'scoring_targets';

/**
 * The targets per scope (`default` or a province) and level. A handful of documents, so each replica
 * holds them all (`CachedTable`: read again in the background when older than the lifetime); every
 * read and write is by `_id` (FerretDB uses an index for `_id` equality only).
 */
export class TargetRepository {
  private readonly collection: mongo.Collection<TargetDoc>;
  private readonly cache: CachedTable<TargetDoc>;

  constructor(db: mongo.Db, cacheTtlMs: number, clock?: () => number) {
    this.collection = db.collection<TargetDoc>(TARGETS_COLLECTION);
    this.cache = new CachedTable(this.collection, cacheTtlMs, clock);
  }

  /** Writes each shipped default whose document is absent (an operator's value is never overwritten). */
  async seed(defaults: readonly TargetDoc[]): Promise<void> {
    // One unordered insert: a default already there (set by an operator, or by another replica) is a duplicate.
    await insertManyReportingDuplicates((docs) => this.collection.insertMany(docs, { ordered: false }), [...defaults]);
  }

  table(): Promise<ReadonlyMap<string, TargetDoc>> {
    return this.cache.current();
  }

  /** One atomic update of the scope's document for the level; answers it as stored. */
  async set(
    scope: string,
    level: UnitLevel,
    changes: TargetChanges,
    updatedBy: string,
    now: Date = new Date(),
  ): Promise<TargetDoc> {
    const _id = targetId(scope, level);
    const set: Record<string, unknown> = { scope, level };
    const unset: Record<string, ''> = {};
    for (const [field, share] of Object.entries(changes) as [TargetField, number | null][]) {
      if (share === null) unset[`values.${field}`] = '';
      else set[`values.${field}`] = { share, assumed: false, updatedAt: now, updatedBy };
    }
    await this.collection.updateOne(
      { _id },
      { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
      { upsert: true },
    );
    const stored = (await this.collection.findOne({ _id })) ?? { _id, scope, level, values: {} };
    this.cache.set(stored);
    return stored;
  }
}
