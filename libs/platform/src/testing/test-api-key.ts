import { testDatabaseUri } from '@dossier-ledger/testing';
import mongoose from 'mongoose';
import { type ApiKeyRole } from '../lib/auth/api-key-format';
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
