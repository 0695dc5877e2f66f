// Starts (or finds) the real servers once per integration run. A server that cannot start fails
// the run: with CI=true and without it, integration tests are never skipped.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveServers } from '../infra/resolve-servers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVERS_FILE = join(process.env.DL_LOCAL_DIR ?? join(root, '.local'), 'run', 'test-servers.json');

export default async function globalSetup() {
  const log = (message) => console.log(`[integration] ${message}`);
  const servers = await resolveServers({ log });
  process.env.KAFKA_BROKERS = servers.kafkaBrokers;
  process.env.MONGODB_URI = servers.mongoUri;
  // 'local' (the project's own, which outage trials may stop and start), 'testcontainers' or 'environment'.
  process.env.DL_TEST_SERVERS_SOURCE = servers.source;
  mkdirSync(dirname(SERVERS_FILE), { recursive: true });
  writeFileSync(
    SERVERS_FILE,
    JSON.stringify({ kafkaBrokers: servers.kafkaBrokers, mongoUri: servers.mongoUri, source: servers.source }),
  );
  globalThis.__DL_SERVERS__ = servers;
}
