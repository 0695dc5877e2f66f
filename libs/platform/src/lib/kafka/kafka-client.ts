import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';
import type { TopicSpec } from '@dossier-ledger/contracts';

export function createKafka(brokers: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 10 },
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

const LEADER_ATTEMPTS = 50;

/**
 * ensureTopics, then waits until the broker serves every topic's leaders: a consumer subscribing to
 * a topic created a moment ago would otherwise fail its start-up.
 */
export async function ensureTopicsReady(admin: Admin, specs: TopicSpec[], prefix = ''): Promise<void> {
  await ensureTopics(admin, specs, prefix);
  const names = specs.map((spec) => prefix + spec.name);
  for (let attempt = 1; attempt <= LEADER_ATTEMPTS; attempt++) {
    const ready = await admin
      .fetchTopicMetadata({ topics: names })
      .then(({ topics }) => topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
      .catch(() => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`topics ${names.join(', ')} have no leaders`);
}
