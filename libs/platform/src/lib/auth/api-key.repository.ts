import type { mongo } from 'mongoose';
import { generateApiKey, type ApiKeyRole } from './api-key-format';

/** A stored credential: `_id` is the key id, only the SHA-256 of the secret is kept. */
export interface ApiKeyDocument {
  _id: string;
  name: string;
  scope: string[];
  roles: ApiKeyRole[];
  secretHash: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** After this instant the key is refused (optional; absent on keys created before expiry existed). */
  expiresAt?: Date | null;
}

export type ApiKeyInfo = Omit<ApiKeyDocument, 'secretHash'>;

export const API_KEYS_COLLECTION = 'api_keys';

/** Source names appear in event ids, Kafka headers and logs: keep them simple. */
export const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Credentials in the `api_keys` collection. Lookups are by `_id` (the hot path); the by-name
 * lookup scans, which is fine for a collection of a few hundred keys used through a cache.
 */
export class ApiKeyRepository {
  private readonly keys: mongo.Collection<ApiKeyDocument>;

  constructor(db: mongo.Db) {
    this.keys = db.collection<ApiKeyDocument>(API_KEYS_COLLECTION);
  }

  async create(
    input: { name: string; scope: string[]; roles: ApiKeyRole[]; expiresAt?: Date | null },
    now = new Date(),
  ): Promise<{ key: string; record: ApiKeyInfo }> {
    if (!SOURCE_NAME.test(input.name))
      throw new Error(`Source name must match ${SOURCE_NAME}: ${JSON.stringify(input.name)}`);
    if (input.scope.length === 0) throw new Error('A key needs at least one unit in its scope');
    if (input.roles.length === 0) throw new Error('A key needs at least one role');
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime())
      throw new Error(`expiresAt ${input.expiresAt.toISOString()} is not in the future`);
    const { keyId, secretHash, key } = generateApiKey();
    const doc: ApiKeyDocument = {
      _id: keyId,
      name: input.name,
      scope: [...new Set(input.scope)],
      roles: [...new Set(input.roles)],
      secretHash,
      createdAt: now,
      revokedAt: null,
      expiresAt: input.expiresAt ?? null,
    };
    await this.keys.insertOne(doc);
    return { key, record: withoutSecret(doc) };
  }

  findById(keyId: string): Promise<ApiKeyDocument | null> {
    return this.keys.findOne({ _id: keyId });
  }

  async list(): Promise<ApiKeyInfo[]> {
    const docs = await this.keys.find({}).toArray();
    return docs.map(withoutSecret).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** Active keys of a source (scan: see the class comment). */
  async findActiveBySource(name: string): Promise<ApiKeyInfo[]> {
    const docs = await this.keys.find({ name }).toArray();
    return docs.filter((doc) => isActive(doc)).map(withoutSecret);
  }

  /** Marks the key revoked; false when there is no such key or it was already revoked. */
  async revoke(keyId: string, now = new Date()): Promise<boolean> {
    const doc = await this.findById(keyId);
    if (!doc || doc.revokedAt !== null) return false;
    await this.keys.updateOne({ _id: keyId }, { $set: { revokedAt: now } });
    return true;
  }
}

/** Not revoked and not expired at `now`. */
export function isActive(doc: Pick<ApiKeyDocument, 'revokedAt' | 'expiresAt'>, now = new Date()): boolean {
  return doc.revokedAt === null && (doc.expiresAt == null || doc.expiresAt.getTime() > now.getTime());
}

function withoutSecret(doc: ApiKeyDocument): ApiKeyInfo {
  const { _id, name, scope, roles, createdAt, revokedAt, expiresAt } = doc;
  return { _id, name, scope, roles, createdAt, revokedAt, expiresAt: expiresAt ?? null };
}
