import { defaultUnitData, AgencyMappingTable, type AgencyMapping, type AgencyPeriod } from '@dossier-ledger/units';
import type { mongo } from 'mongoose';
import { insertManyReportingDuplicates, isDuplicateKeyError } from '../mongo/mongo-errors';

/** One agency's history: `_id` is the agency code (the lookup key). */
export interface AgencyMappingDocument {
  _id: string;
  periods: AgencyPeriod[];
  updatedAt: Date;
  updatedBy: string;
}

/** `_id`-keyed counters of runtime configuration tables: a service polls one document to learn of a change. */
export interface ConfigVersionDocument {
  _id: string;
  version: number;
}

export const AGENCY_MAPPINGS_COLLECTION = 'agency_mappings';
export const CONFIG_VERSIONS_COLLECTION = 'config_versions';
const VERSION_ID = AGENCY_MAPPINGS_COLLECTION;

/**
 * Agency mappings as runtime data. Services read the whole table at start and again only when
 * the version document changes (one `_id` read per poll, no scan on a hot path); every write
 * bumps it. The table is seeded once from the shipped agency-codes.json.
 */
export class AgencyMappingRepository {
  private readonly mappings: mongo.Collection<AgencyMappingDocument>;
  private readonly versions: mongo.Collection<ConfigVersionDocument>;

  constructor(db: mongo.Db) {
    this.mappings = db.collection<AgencyMappingDocument>(AGENCY_MAPPINGS_COLLECTION);
    this.versions = db.collection<ConfigVersionDocument>(CONFIG_VERSIONS_COLLECTION);
  }

  /** First start against an empty store: the shipped mappings, then version 1 (inserts; racing replicas are harmless). */
  async seedIfEmpty(now = new Date()): Promise<void> {
    if (await this.versions.findOne({ _id: VERSION_ID })) return;
    const shipped = AgencyMappingTable.fromAgencyMap(defaultUnitData().agencies ?? {}).list();
    await insertManyReportingDuplicates(
      (docs) => this.mappings.insertMany(docs, { ordered: false }),
      shipped.map((m) => toDocument(m, now, 'seed:agency-codes.json')),
    );
    await this.versions.insertOne({ _id: VERSION_ID, version: 1 }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }

  async version(): Promise<number> {
    return (await this.versions.findOne({ _id: VERSION_ID }))?.version ?? 0;
  }

  async table(): Promise<AgencyMappingTable> {
    const docs = await this.mappings.find({}).toArray();
    return new AgencyMappingTable(docs.map(fromDocument));
  }

  async find(agencyCode: string): Promise<AgencyMapping | undefined> {
    const doc = await this.mappings.findOne({ _id: agencyCode });
    return doc ? fromDocument(doc) : undefined;
  }

  /** Writes complete mappings (replacing each agency's history), then bumps the version once. */
  async save(mappings: readonly AgencyMapping[], actor: string, now = new Date()): Promise<void> {
    if (mappings.length === 0) return;
    await this.mappings.bulkWrite(
      mappings.map((m) => ({
        replaceOne: { filter: { _id: m.agencyCode }, replacement: toDocument(m, now, actor), upsert: true },
      })),
      { ordered: true },
    );
    await this.versions.updateOne({ _id: VERSION_ID }, { $inc: { version: 1 } }, { upsert: true });
  }
}

function toDocument(mapping: AgencyMapping, updatedAt: Date, updatedBy: string): AgencyMappingDocument {
  return { _id: mapping.agencyCode, periods: [...mapping.periods], updatedAt, updatedBy };
}

function fromDocument(doc: AgencyMappingDocument): AgencyMapping {
  return {
    agencyCode: doc._id,
    periods: doc.periods.map(({ unitCode, validFrom, validTo }) => ({ unitCode, validFrom, validTo })),
  };
}
