import { Inject, Injectable } from '@nestjs/common';
import type { DvcqgDossierState } from '@dossier-ledger/intake';
import { MONGO_DB } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';

/** The last known snapshot state of a dossier (no personal data): `_id` = `dvcqg-state:${source}:${MaHoSo}`. */
export interface DvcqgStateDocument {
  _id: string;
  source: string;
  state: DvcqgDossierState;
  updatedAt: Date;
}

export const DVCQG_STATE_COLLECTION = 'dvcqg_state';

export function dvcqgStateId(source: string, dossierId: string): string {
  return `dvcqg-state:${source}:${dossierId}`;
}

@Injectable()
export class DvcqgStateRepository {
  private readonly states: mongo.Collection<DvcqgStateDocument>;

  constructor(@Inject(MONGO_DB) db: mongo.Db) {
    this.states = db.collection<DvcqgStateDocument>(DVCQG_STATE_COLLECTION);
  }

  async find(source: string, dossierId: string): Promise<DvcqgDossierState | undefined> {
    return (await this.states.findOne({ _id: dvcqgStateId(source, dossierId) }))?.state;
  }

  /** One upsert by `_id` per changed dossier (slow on FerretDB, ~100–240/s, but one per snapshot). */
  async save(source: string, states: DvcqgDossierState[], now = new Date()): Promise<void> {
    for (const state of states) {
      const _id = dvcqgStateId(source, state.dossierId);
      await this.states.replaceOne({ _id }, { source, state, updatedAt: now }, { upsert: true });
    }
  }
}
