import mongoose from 'mongoose';
import { testDatabaseUri } from './test-servers';

export async function dropTestDatabase(database: string): Promise<void> {
  const connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
