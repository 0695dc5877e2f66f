import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';
import type { TopicSpec } from '@dossier-ledger/contracts';
import { kafkaLogCreator } from './kafka-log';
import { retryStartup, type StartupRetryOptions } from '../lifecycle/startup-retry';

/** `retries`: kafkajs' own retries per request (10 by default; fewer where retryStartup paces and logs the attempts). */
export function createKafka(brokers: string, clientId: string, retries = 10): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logLevel.WARN),
    retry: { initialRetryTime: 200, retries },
  });
}

/** Creates missing topics with their partition count and retention; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, specs: TopicSpec[], prefix = ''): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = specs
    .filter((spec) => !existing.has(prefix + spec.name))
    .map((spec) => ({
      topic: prefix + spec.name,
      numPartitions: spec.partitions,
      replicationFactor: -1,
      configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
    }));
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
}

/** Thrown while a new topic has no leader yet: transient, like the broker's own LEADER_NOT_AVAILABLE. */
function leaderNotAvailable(names: string[]): Error {
  return Object.assign(new Error(`topics ${names.join(', ')} have no leader yet`), { type: 'LEADER_NOT_AVAILABLE' });
}

/**
 * ensureTopics, then waits until the broker serves every topic's leaders: a consumer subscribing to
 * a topic created a moment ago would otherwise fail its start-up. Retries what a settling broker
 * answers (see retryStartup) for up to `timeoutMs`.
 */
export async function ensureTopicsReady(
  admin: Admin,
  specs: TopicSpec[],
  prefix = '',
  options: Pick<StartupRetryOptions, 'timeoutMs' | 'log'> = {},
): Promise<void> {
  const names = specs.map((spec) => prefix + spec.name);
  await retryStartup(
    `create topics ${names.join(', ')}`,
    async () => {
      await ensureTopics(admin, specs, prefix);
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const ready = topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (!ready) throw leaderNotAvailable(names);
    },
    { initialDelayMs: 200, maxDelayMs: 2_000, ...options },
  );
}
