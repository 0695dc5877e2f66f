import { Inject, Injectable, Optional } from '@nestjs/common';
import { MONGO_DB } from '@dossier-ledger/platform';
import type { ManualInputs } from '@dossier-ledger/scoring-rules';
import type { mongo } from 'mongoose';
import { CachedTable } from './cached-table';

export const MANUAL_INPUTS_COLLECTION = 'scoring_manual_inputs';

export interface ManualInputValue {
  points: number;
  updatedAt: Date;
  updatedBy: string;
}

/**
 * The manual inputs of one unit for one rule set id: one document, because they are always read
 * together (FerretDB uses an index for `_id` equality only, so a `$in` over per-indicator documents
 * would scan the collection for every scored unit).
 */
export interface ManualInputDoc {
  /** `${ruleSetId}:${unitCode}` */
  _id: string;
  ruleSetId: string;
  unitCode: string;
  /** Indicator id (kebab-case, no dots) → value. */
  inputs: Record<string, ManualInputValue>;
}

export const manualInputId = (ruleSetId: string, unitCode: string): string => `${ruleSetId}:${unitCode}`;

/** Nest token of the cache lifetime of manual inputs (ms; 0 = no cache). */
export const MANUAL_INPUT_CACHE_TTL_MS = Symbol('MANUAL_INPUT_CACHE_TTL_MS');

/** Nest token of the clock the table's age is measured with (tests); `Date.now` when absent. */
export const MANUAL_INPUT_CLOCK = Symbol('MANUAL_INPUT_CLOCK');

/**
 * Manual indicator values per rule set id and unit. They are few (set by administrators for some
 * units), so each replica holds the whole collection in memory: a ranking of 216 communes reads no
 * document. The table is read again when older than `cacheTtlMs` — in the background, the stale
 * table still answering, so no request waits for that read (except the first, and every one with a
 * lifetime of 0). A PUT updates this replica's table at once, another replica's within the lifetime.
 */
@Injectable()
export class ManualInputRepository {
  private readonly collection: mongo.Collection<ManualInputDoc>;
  private readonly table: CachedTable<ManualInputDoc>;

  constructor(
    @Inject(MONGO_DB) db: mongo.Db,
    @Inject(MANUAL_INPUT_CACHE_TTL_MS) cacheTtlMs: number,
    @Optional() @Inject(MANUAL_INPUT_CLOCK) clock?: () => number,
  ) {
    this.collection = db.collection<ManualInputDoc>(MANUAL_INPUTS_COLLECTION);
    this.table = new CachedTable(this.collection, cacheTtlMs, clock);
  }

  /** Sets the given indicators (others keep their values): one atomic `$set` on the unit's document. */
  async put(
    ruleSetId: string,
    unitCode: string,
    inputs: ManualInputs,
    updatedBy: string,
    now: Date = new Date(),
  ): Promise<string> {
    const _id = manualInputId(ruleSetId, unitCode);
    const entries = Object.entries(inputs);
    if (entries.length === 0) return _id;
    const set: Record<string, unknown> = { ruleSetId, unitCode };
    for (const [indicatorId, points] of entries) set[`inputs.${indicatorId}`] = { points, updatedAt: now, updatedBy };
    await this.collection.updateOne({ _id }, { $set: set }, { upsert: true });
    const stored = await this.collection.findOne({ _id });
    if (stored) this.table.set(stored);
    return _id;
  }

  /** The stored inputs of `indicatorIds` for each unit (units and indicators without one are left out). */
  async readMany(
    ruleSetId: string,
    unitCodes: readonly string[],
    indicatorIds: readonly string[],
  ): Promise<Map<string, Record<string, number>>> {
    const result = new Map<string, Record<string, number>>();
    if (indicatorIds.length === 0) return result;
    const table = await this.table.current();
    for (const unitCode of new Set(unitCodes)) {
      const doc = table.get(manualInputId(ruleSetId, unitCode));
      if (!doc) continue;
      const values = indicatorIds
        .filter((id) => doc.inputs?.[id] !== undefined)
        .map((id) => [id, doc.inputs[id].points] as const);
      if (values.length > 0) result.set(doc.unitCode, Object.fromEntries(values));
    }
    return result;
  }
}
