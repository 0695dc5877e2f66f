import { Inject, Injectable } from '@nestjs/common';
import { insertManyReportingDuplicates } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';
import type { PublishedDossierEvent } from '../publishing/dossier-event.publisher';

/**
 * A dossier's events in `_id`-keyed chunks `${dossierId}|${k}`, k = 0, 1, 2… without gaps: reading
 * is a few finds by `_id`, writing is one insert per dossier and flush (docs/store.md §2: no scans).
 */
export interface DossierLogChunk {
  _id: string;
  dossierId: string;
  k: number;
  /** The records as one JSON array string (cheaper for FerretDB than nested documents). */
  recordsJson: string;
  writtenAt: Date;
}

export const DOSSIER_LOG_COLLECTION = 'dossier_log';
/** The dossier log's database as `npm start` sets it on the embedded FerretDB (tools/scripts/start.mjs). */
export const EMBEDDED_DOSSIER_LOG_DATABASE = 'dossier-ledger-log';
/** The dossier log's database (DOSSIER_LOG_DATABASE, else the service's). */
export const DOSSIER_LOG_DB = Symbol('DOSSIER_LOG_DB');

/** The database named `database` on the same client (one connection pool), or `db` itself. */
export function dossierLogDb(db: mongo.Db, database: string | undefined): mongo.Db {
  return database ? db.client.db(database) : db;
}
const MAX_CHUNKS_READ = 10_000;

export function dossierLogChunkId(dossierId: string, k: number): string {
  return `${dossierId}|${k}`;
}

@Injectable()
export class DossierLogRepository {
  private readonly chunks: mongo.Collection<DossierLogChunk>;

  constructor(@Inject(DOSSIER_LOG_DB) db: mongo.Db) {
    this.chunks = db.collection<DossierLogChunk>(DOSSIER_LOG_COLLECTION);
  }

  /** Unordered insert; returns the indexes whose `_id` was taken. */
  insertChunks(chunks: DossierLogChunk[]): Promise<Set<number>> {
    return insertManyReportingDuplicates((docs) => this.chunks.insertMany(docs, { ordered: false }), chunks);
  }

  /** The first free chunk index at or after `from`, probing by `_id`. */
  async nextFreeIndex(dossierId: string, from = 0): Promise<number> {
    let k = from;
    while (await this.chunks.findOne({ _id: dossierLogChunkId(dossierId, k) }, { projection: { _id: 1 } })) k++;
    return k;
  }

  /** Every logged record of the dossier, chunk by chunk (unsorted, possibly repeated). */
  async readAll(dossierId: string): Promise<PublishedDossierEvent[]> {
    const events: PublishedDossierEvent[] = [];
    for (let k = 0; k < MAX_CHUNKS_READ; k++) {
      const chunk = await this.chunks.findOne({ _id: dossierLogChunkId(dossierId, k) });
      if (!chunk) break;
      events.push(...(JSON.parse(chunk.recordsJson) as PublishedDossierEvent[]));
    }
    return events;
  }
}
