import { randomBytes } from 'node:crypto';

/** The servers the integration globalSetup resolved (it exports them through the environment). */
export function testServers(): { kafkaBrokers: string; mongoUri: string } {
  const kafkaBrokers = process.env['KAFKA_BROKERS'];
  const mongoUri = process.env['MONGODB_URI'];
  if (!kafkaBrokers || !mongoUri) {
    throw new Error(
      'KAFKA_BROKERS / MONGODB_URI are not set: run integration tests through jest.integration.config.cjs',
    );
  }
  return { kafkaBrokers, mongoUri };
}

/** Per-suite names keep suites apart on shared servers: topics, databases, consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A MongoDB URI for a database of the suite's own on the test server. */
export function testDatabaseUri(database: string): string {
  const url = new URL(testServers().mongoUri);
  url.pathname = `/${database}`;
  return url.toString();
}
