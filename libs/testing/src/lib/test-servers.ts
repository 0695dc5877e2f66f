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

/**
 * Whether the integration servers are the project's local ones (tools/infra), which a trial may stop
 * and start again; not so for testcontainers or servers given in the environment.
 */
export function localTestServers(): boolean {
  return process.env['DL_TEST_SERVERS_SOURCE'] === 'local';
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

/**
 * A suite whose services run as processes on the test servers: its own topics (prefix) and database,
 * and the variables they all share — short Kafka timeouts, a key cache that does not hide a revoked key.
 */
export function processSuite(name: string): { prefix: string; database: string; variables: Record<string, string> } {
  const id = uniqueName(name);
  const database = id.replace(/[^A-Za-z0-9_-]/g, '_');
  const prefix = `${id}.`;
  return {
    prefix,
    database,
    variables: {
      KAFKA_BROKERS: testServers().kafkaBrokers,
      MONGODB_URI: testDatabaseUri(database),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      KAFKA_REBALANCE_TIMEOUT_MS: '10000',
      API_KEY_CACHE_TTL_MS: '0',
      LOG_LEVEL: 'warn',
    },
  };
}
