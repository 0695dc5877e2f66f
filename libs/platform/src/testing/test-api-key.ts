import { testDatabaseUri } from '@dossier-ledger/testing';
import mongoose from 'mongoose';
import { parseApiKey, type ApiKeyRole } from '../lib/auth/api-key-format';
import { ApiKeyRepository } from '../lib/auth/api-key.repository';

/** An API key stored in a test database; returns the bearer token. */
export async function createTestApiKey(
  database: string,
  scope: string[],
  roles: ApiKeyRole[] = ['read'],
): Promise<string> {
  const connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
  try {
    const repository = new ApiKeyRepository(connection.db as mongoose.mongo.Db);
    return (await repository.create({ name: `test-${roles.join('-')}`, scope, roles })).key;
  } finally {
    await connection.close();
  }
}

/** Revokes a key created by createTestApiKey (for the 401 of a revoked key). */
export async function revokeTestApiKey(database: string, key: string): Promise<void> {
  const keyId = parseApiKey(key)?.keyId;
  if (!keyId) throw new Error('not an API key');
  const connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
  try {
    await new ApiKeyRepository(connection.db as mongoose.mongo.Db).revoke(keyId);
  } finally {
    await connection.close();
  }
}
