import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@dossier-ledger/platform';
import type { ManualInputs } from '@dossier-ledger/scoring-rules';
import type { mongo } from 'mongoose';

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

/**
 * Manual indicator values per rule set id and unit: `_id`-keyed upserts and reads only. Reads are
 * cached for `cacheTtlMs` (absent documents too): a ranking reads every ranked unit's inputs, and one
 * `findOne` per unit would cost more than the ranking itself. A PUT on this replica is seen at once;
 * one on another replica within the TTL.
 */
@Injectable()
export class ManualInputRepository {
  private readonly collection: mongo.Collection<ManualInputDoc>;
  private readonly cache = new Map<string, { doc: ManualInputDoc | null; until: number }>();

  constructor(
    @Inject(MONGO_DB) db: mongo.Db,
    @Inject(MANUAL_INPUT_CACHE_TTL_MS) private readonly cacheTtlMs: number,
  ) {
    this.collection = db.collection<ManualInputDoc>(MANUAL_INPUTS_COLLECTION);
  }

  /** Sets the given indicators (others keep their values): one atomic `$set` on the unit's document. */
  async put(ruleSetId: string, unitCode: string, inputs: ManualInputs, updatedBy: string, now: Date = new Date()): Promise<string> {
    const _id = manualInputId(ruleSetId, unitCode);
    const entries = Object.entries(inputs);
    if (entries.length === 0) return _id;
    const set: Record<string, unknown> = { ruleSetId, unitCode };
    for (const [indicatorId, points] of entries) set[`inputs.${indicatorId}`] = { points, updatedAt: now, updatedBy };
    await this.collection.updateOne({ _id }, { $set: set }, { upsert: true });
    this.cache.delete(_id);
    return _id;
  }

  /** The stored inputs of `indicatorIds` for each unit (units and indicators without one are left out); one `_id` lookup per unit. */
  async readMany(ruleSetId: string, unitCodes: readonly string[], indicatorIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const result = new Map<string, Record<string, number>>();
    if (indicatorIds.length === 0) return result;
    const docs = await Promise.all([...new Set(unitCodes)].map((unitCode) => this.find(manualInputId(ruleSetId, unitCode))));
    for (const doc of docs) {
      if (!doc) continue;
      const values = indicatorIds.filter((id) => doc.inputs?.[id] !== undefined).map((id) => [id, doc.inputs[id].points] as const);
      if (values.length > 0) result.set(doc.unitCode, Object.fromEntries(values));
    }
    return result;
  }

  private async find(_id: string): Promise<ManualInputDoc | null> {
    const now = Date.now();
    const cached = this.cache.get(_id);
    if (cached && cached.until > now) return cached.doc;
    const doc = await this.collection.findOne({ _id });
    if (this.cacheTtlMs > 0) {
      if (this.cache.size >= 100_000) this.cache.clear();
      this.cache.set(_id, { doc, until: now + this.cacheTtlMs });
    }
    return doc;
  }
}
