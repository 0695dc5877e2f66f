import type { mongo } from 'mongoose';
import { ApiKeyRepository, isActive } from '../../auth/api-key.repository';
import { parseArgs, stringOption } from '../../cli/cli-support';
import { createKafka } from '../../kafka/kafka-client';
import { AgencyMappingRepository } from '../agency-mapping.repository';
import { AuditLog } from '../audit-log';
import type { Admin } from 'kafkajs';
import { withAdministration } from './cli-context';

export const STATUS_USAGE = `status [--aggregator URL]
      consumer-group lag per topic; in the report-aggregator image, the active generation and its checkpoint per partition
      (offset, records behind, age, from the store); agency mappings, keys, last admin actions. With --aggregator (e.g.
      http://report-aggregator:3002) that replica's /health details: partitions it owns and its read-model freshness.
      Uses KAFKA_BROKERS, KAFKA_TOPIC_PREFIX and MONGODB_URI.`;

interface GroupLag {
  group: string;
  topic: string;
  lag: number;
  partitions: number;
}

/** Every consumer group's lag (log end − committed offset) on the system's topics. */
async function consumerLag(admin: Admin, prefix: string): Promise<GroupLag[]> {
  const { groups } = await admin.listGroups();
  const rows: GroupLag[] = [];
  for (const { groupId } of groups) {
    if (!groupId.startsWith(prefix) && prefix !== '') continue;
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      if (!topic.startsWith(prefix)) continue;
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      let lag = 0n;
      for (const { partition, offset } of partitions) {
        const end = ends.get(partition) ?? 0n;
        const committed = offset === '-1' ? 0n : BigInt(offset);
        lag += end > committed ? end - committed : 0n;
      }
      rows.push({ group: groupId, topic, lag: Number(lag), partitions: partitions.length });
    }
  }
  return rows.sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic));
}

/** Lines a service adds to the overview (the aggregator: its active generation and checkpoints). */
export type StatusLines = (sources: { db: mongo.Db; kafka: Admin; topicPrefix: string }) => Promise<string[]>;

export async function statusCommand(argv: string[], extraLines: StatusLines = async () => []): Promise<void> {
  const { options } = parseArgs(argv);
  const aggregatorUrl = stringOption(options, 'aggregator');
  const prefix = process.env['KAFKA_TOPIC_PREFIX'] ?? '';
  const kafka = createKafka(process.env['KAFKA_BROKERS'] || '127.0.0.1:9092', 'dossier-ledger-cli');
  const admin = kafka.admin();
  await admin.connect();
  try {
    await withAdministration(async ({ db }) => {
      console.log('Consumer groups (lag = records not yet committed):');
      const lags = await consumerLag(admin, prefix);
      if (lags.length === 0) console.log('  none');
      for (const row of lags)
        console.log(`  ${row.group.padEnd(44)} ${row.topic.padEnd(40)} lag ${row.lag} (${row.partitions} partitions)`);

      for (const line of await extraLines({ db, kafka: admin, topicPrefix: prefix })) console.log(line);

      const mappings = new AgencyMappingRepository(db);
      console.log(`Agency mappings: ${(await mappings.table()).size} agencies, version ${await mappings.version()}`);
      const keys = await new ApiKeyRepository(db).list();
      console.log(`API keys: ${keys.filter((k) => isActive(k)).length} active of ${keys.length}`);
      const last = await new AuditLog(db).latest(5);
      console.log('Last admin actions:');
      if (last.length === 0) console.log('  none');
      for (const e of last) console.log(`  ${e.at.toISOString()}  ${e.actor}  ${e.action}  ${e.target}`);
    });
    if (aggregatorUrl) {
      const response = await fetch(`${aggregatorUrl.replace(/\/$/, '')}/health`);
      const body = (await response.json()) as { status?: string; details?: Record<string, unknown> };
      console.log(
        `Aggregator ${aggregatorUrl}: ${response.status === 200 ? 'ready' : `not ready (${response.status})`}`,
      );
      console.log(JSON.stringify(body.details ?? body, null, 2));
    }
  } finally {
    await admin.disconnect();
  }
}
