// Helpers for platform's own *.int-spec.ts. @dossier-ledger/testing has richer ones, but it builds on
// platform, so platform's tests cannot import it (Nx reports the cycle): these few lines stand in.
import { randomBytes } from 'node:crypto';

/** Servers resolved by the integration globalSetup (exported through the environment). */
export function integrationServers(): { kafkaBrokers: string; mongoUri: string } {
  const kafkaBrokers = process.env['KAFKA_BROKERS'];
  const mongoUri = process.env['MONGODB_URI'];
  if (!kafkaBrokers || !mongoUri)
    throw new Error('KAFKA_BROKERS / MONGODB_URI are not set: run through jest.integration.config.cjs');
  return { kafkaBrokers, mongoUri };
}

export function integrationName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function integrationDatabaseUri(database: string): string {
  const url = new URL(integrationServers().mongoUri);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Retries an assertion until it passes or `timeoutMs` elapses. */
export async function eventually(assertion: () => unknown, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
