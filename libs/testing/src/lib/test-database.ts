import { ApiKeyRepository, type ApiKeyRole } from '@dossier-ledger/platform';
import mongoose from 'mongoose';
import { testDatabaseUri } from './test-servers';

async function withDatabase<T>(database: string, work: (connection: mongoose.Connection) => Promise<T>): Promise<T> {
  const connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/** An API key stored in a test database; returns the bearer token. */
export function createTestApiKey(database: string, scope: string[], roles: ApiKeyRole[] = ['read']): Promise<string> {
  return withDatabase(database, async (connection) => {
    const repository = new ApiKeyRepository(connection.db as mongoose.mongo.Db);
    return (await repository.create({ name: `test-${roles.join('-')}`, scope, roles })).key;
  });
}

export function dropTestDatabase(database: string): Promise<void> {
  return withDatabase(database, (connection) => connection.dropDatabase());
}
