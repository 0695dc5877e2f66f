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
