import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@dossier-ledger/platform';
import type { ManualInputs } from '@dossier-ledger/scoring-rules';
import type { mongo } from 'mongoose';

export const MANUAL_INPUTS_COLLECTION = 'scoring_manual_inputs';

export interface ManualInputDoc {
  /** `${ruleSetId}:${unitCode}:${indicatorId}` */
  _id: string;
  ruleSetId: string;
  unitCode: string;
  indicatorId: string;
  points: number;
  updatedAt: Date;
  updatedBy: string;
}

export const manualInputId = (ruleSetId: string, unitCode: string, indicatorId: string): string => `${ruleSetId}:${unitCode}:${indicatorId}`;

/** Manual indicator values per rule set id, unit and indicator: `_id`-keyed upserts and reads only. */
@Injectable()
export class ManualInputRepository {
  private readonly collection: mongo.Collection<ManualInputDoc>;

  constructor(@Inject(MONGO_DB) db: mongo.Db) {
    this.collection = db.collection<ManualInputDoc>(MANUAL_INPUTS_COLLECTION);
  }

  async put(ruleSetId: string, unitCode: string, inputs: ManualInputs, updatedBy: string, now: Date = new Date()): Promise<void> {
    const entries = Object.entries(inputs);
    if (entries.length === 0) return;
    await this.collection.bulkWrite(
      entries.map(([indicatorId, points]) => {
        const _id = manualInputId(ruleSetId, unitCode, indicatorId);
        return { replaceOne: { filter: { _id }, replacement: { _id, ruleSetId, unitCode, indicatorId, points, updatedAt: now, updatedBy }, upsert: true } };
      }),
      { ordered: true },
    );
  }

  /** The stored inputs of `indicatorIds` (those without one are left out), read by `_id`. */
  async read(ruleSetId: string, unitCode: string, indicatorIds: readonly string[]): Promise<Record<string, number>> {
    if (indicatorIds.length === 0) return {};
    const ids = indicatorIds.map((indicatorId) => manualInputId(ruleSetId, unitCode, indicatorId));
    const docs = await this.collection.find({ _id: { $in: ids } }).toArray();
    return Object.fromEntries(docs.map((doc) => [doc.indicatorId, doc.points]));
  }
}
