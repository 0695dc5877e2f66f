import { EVENTS_COLLECTION, TOPICS } from '@dossier-ledger/contracts';
import type { IHeaders, Kafka } from 'kafkajs';
import { mongo } from 'mongoose';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ADMIN_AUDIT_COLLECTION } from '../admin/audit-log';
import { AGENCY_MAPPINGS_COLLECTION, CONFIG_VERSIONS_COLLECTION } from '../admin/agency-mapping.repository';
import { API_KEYS_COLLECTION } from '../auth/api-key.repository';
import { ensureTopicsReady } from '../kafka/kafka-client';
import { KafkaTopicReader } from '../kafka/kafka-topic-reader';
import { insertManyReportingDuplicates } from '../mongo/mongo-errors';

/**
 * What cannot be rebuilt and is therefore backed up: keys, agency mappings (and their version),
 * the scoring service's manual inputs and targets, the audit log, intake's event store — and the dossier
 * events topic, the source of every projection. Everything else (aggregator checkpoints and
 * chunks, the counters topic, the dossier log, stored scores) is rebuilt from the events.
 */
export const BACKED_UP_COLLECTIONS = [
  API_KEYS_COLLECTION,
  AGENCY_MAPPINGS_COLLECTION,
  CONFIG_VERSIONS_COLLECTION,
  ADMIN_AUDIT_COLLECTION,
  EVENTS_COLLECTION,
  // The scoring service's manual inputs and targets (apps/scoring/src/store/manual-input.repository.ts,
  // apps/scoring/src/targets/target.repository.ts).
  'scoring_manual_inputs',
  'scoring_targets',
] as const;
export const BACKED_UP_TOPICS = [TOPICS.dossierEvents] as const;

const BATCH = 2_000;
const topicFile = (name: string) => `topic.${name}.ndjson`;
const collectionFile = (name: string) => `collection.${name}.ndjson`;

export interface BackupReport {
  collections: Record<string, number>;
  topics: Record<string, number>;
  ms: number;
}

interface TopicLine {
  partition: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  timestamp: string;
}

async function writeLines(file: string, lines: AsyncIterable<string> | Iterable<string>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  for await (const line of lines) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
    count++;
  }
  out.end();
  await once(out, 'finish');
  return count;
}

async function* readLines(file: string): AsyncIterable<string> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
    if (line) yield line;
}

/** Writes `dir/collection.NAME.ndjson` (Extended JSON, types kept) and `dir/topic.NAME.ndjson` (records in partition order). */
export async function backup(db: mongo.Db, kafka: Kafka, prefix: string, dir: string): Promise<BackupReport> {
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const collections: Record<string, number> = {};
  for (const name of BACKED_UP_COLLECTIONS) {
    const cursor = db.collection(name).find({});
    collections[name] = await writeLines(
      join(dir, collectionFile(name)),
      (async function* () {
        for await (const doc of cursor) yield mongo.BSON.EJSON.stringify(doc, { relaxed: false });
      })(),
    );
  }
  const topics: Record<string, number> = {};
  for (const spec of BACKED_UP_TOPICS) {
    const lines: string[] = [];
    const reader = new KafkaTopicReader({
      kafka,
      topic: prefix + spec.name,
      groupIdPrefix: `${prefix}dossier-ledger-backup`,
      onBatch: (partition, messages) => {
        for (const m of messages) {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
          const line: TopicLine = {
            partition,
            key: m.key?.toString('base64') ?? null,
            value: m.value?.toString('base64') ?? null,
            headers,
            timestamp: m.timestamp,
          };
          lines.push(JSON.stringify(line));
        }
      },
    });
    await reader.start();
    await reader.whenCaughtUp();
    await reader.stop();
    topics[spec.name] = await writeLines(join(dir, topicFile(spec.name)), lines);
  }
  return { collections, topics, ms: Date.now() - started };
}

/**
 * Into empty servers: the collections (inserts; what is already there stays), then the topic
 * records, each to its original partition and in its original order, so every projection rebuilt
 * from them (the aggregator reading from the beginning) gives the same figures.
 */
export async function restore(db: mongo.Db, kafka: Kafka, prefix: string, dir: string): Promise<BackupReport> {
  const started = Date.now();
  if (!existsSync(dir) || !readdirSync(dir).some((f) => f.startsWith('collection.')))
    throw new Error(`${dir} holds no backup (collection.*.ndjson)`);
  const collections: Record<string, number> = {};
  for (const name of BACKED_UP_COLLECTIONS) {
    const file = join(dir, collectionFile(name));
    if (!existsSync(file)) continue;
    let batch: mongo.Document[] = [];
    let count = 0;
    const flush = async () => {
      await insertManyReportingDuplicates((docs) => db.collection(name).insertMany(docs, { ordered: false }), batch);
      count += batch.length;
      batch = [];
    };
    for await (const line of readLines(file)) {
      batch.push(mongo.BSON.EJSON.parse(line, { relaxed: false }) as mongo.Document);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    collections[name] = count;
  }
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const topics: Record<string, number> = {};
  try {
    await ensureTopicsReady(admin, [...BACKED_UP_TOPICS], prefix);
    for (const spec of BACKED_UP_TOPICS) {
      const file = join(dir, topicFile(spec.name));
      if (!existsSync(file)) continue;
      let messages: {
        partition: number;
        key: Buffer | null;
        value: Buffer | null;
        headers: IHeaders;
        timestamp: string;
      }[] = [];
      let count = 0;
      const send = async () => {
        if (messages.length > 0) await producer.send({ topic: prefix + spec.name, acks: -1, messages });
        count += messages.length;
        messages = [];
      };
      for await (const line of readLines(file)) {
        const record = JSON.parse(line) as TopicLine;
        messages.push({
          partition: record.partition,
          key: record.key === null ? null : Buffer.from(record.key, 'base64'),
          value: record.value === null ? null : Buffer.from(record.value, 'base64'),
          headers: record.headers,
          timestamp: record.timestamp,
        });
        if (messages.length >= BATCH) await send();
      }
      await send();
      topics[spec.name] = count;
    }
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  return { collections, topics, ms: Date.now() - started };
}
