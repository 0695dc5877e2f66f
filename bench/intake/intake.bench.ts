// npm run bench -- intake [--events N] [--concurrency C] [--consumers on|off] [--log-database own|shared]
// Accepted events/s over HTTP (batches of 1,000) against the local Kafka + FerretDB, and in the
// same run the raw ceilings for the same events: kafkajs produce and FerretDB insertMany (no HTTP,
// no validation). Prints a markdown table for docs/benchmarks.md.
import { TOPICS, toStoredEvent, type DossierEventV1 } from '@dossier-ledger/contracts';
import { ApiKeyRepository, connectionDb, createKafka, ensureTopics } from '@dossier-ledger/platform';
import { Partitioners } from 'kafkajs';
import mongoose from 'mongoose';
import { cpus, totalmem } from 'node:os';
import { startIntakeFromSources } from '../shared/bench-services';
import { percentile, pool, timed } from '../shared/measure';

const BATCH = 1_000;

export interface IntakeBenchOptions {
  events: number;
  concurrency: number;
  consumers: 'on' | 'off';
  /** `own`: the dossier log in a database of its own, as the embedded stack runs it; `shared`: the service's. */
  logDatabase: 'own' | 'shared';
}

function makeEvents(count: number, runId: string): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: `bench-${runId}-${i}`,
    dossierId: `H22.193-${runId}-${String(i % 5_000).padStart(5, '0')}`,
    type: 'DossierReceived',
    occurredAt: '2023-03-01T08:30:00+07:00',
    unitCode: '06649',
    channel: i % 3 === 0 ? 'direct' : 'online',
    procedureCode: '1.001193',
    fieldCode: 'HT',
    dueAt: '2023-03-06T17:00:00+07:00',
    seq: 0,
  }));
}

export async function runIntakeBench(options: IntakeBenchOptions): Promise<string> {
  const runId = Date.now().toString(36);
  const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  const mongoBase = (process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017/').replace(/\/[^/]*$/, '');
  const logDatabase = `bench-intake-${runId}-log`;
  const variables = {
    KAFKA_BROKERS: brokers,
    MONGODB_URI: `${mongoBase}/bench-intake-${runId}`,
    ...(options.logDatabase === 'own' ? { DOSSIER_LOG_DATABASE: logDatabase } : {}),
    KAFKA_TOPIC_PREFIX: `bench-${runId}.`,
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT_PER_SECOND: '0',
    INTAKE_CONSUMERS: options.consumers,
  };
  const kafka = createKafka(brokers, 'intake-bench');
  const connection = await mongoose.createConnection(variables.MONGODB_URI).asPromise();
  const db = connectionDb(connection);
  const { key } = await new ApiKeyRepository(db).create({ name: 'bench', scope: ['22'], roles: ['write'] });
  const events = makeEvents(options.events, runId);
  const batches = Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) =>
    JSON.stringify(events.slice(i * BATCH, (i + 1) * BATCH)),
  );
  const post = async (body: string) => {
    const response = await fetch(`${intake.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    const answer = (await response.json()) as { accepted?: number };
    if (response.status !== 202) throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    return answer;
  };

  console.error(
    `Starting intake (consumers ${options.consumers}, dossier log in ${options.logDatabase === 'own' ? logDatabase : 'the same database'}) on database bench-intake-${runId}, topics bench-${runId}.*`,
  );
  const intake = await startIntakeFromSources(variables);
  let report: string;
  try {
    // Warm-up (JIT, connections, first idempotent produce) with events that are not counted.
    const warmup = makeEvents(2 * BATCH, `${runId}w`);
    for (let i = 0; i < warmup.length; i += BATCH) await post(JSON.stringify(warmup.slice(i, i + BATCH)));

    console.error(
      `HTTP: ${events.length} events in ${batches.length} requests of ${BATCH}, ${options.concurrency} in flight`,
    );
    let accepted = 0;
    const throughput = await timed(() =>
      pool(
        batches.map((body) => async () => {
          const answer = await post(body);
          accepted += answer.accepted ?? 0;
        }),
        options.concurrency,
      ),
    );
    if (accepted !== events.length) throw new Error(`accepted ${accepted} of ${events.length}`);
    const underLoad = [...throughput.value].sort((a, b) => a - b);

    console.error('HTTP: latency of single requests (one at a time, new events)');
    const single = makeEvents(20 * BATCH, `${runId}s`);
    const alone = (
      await pool(
        Array.from(
          { length: 20 },
          (_, i) => async () => void (await post(JSON.stringify(single.slice(i * BATCH, (i + 1) * BATCH)))),
        ),
        1,
      )
    ).sort((a, b) => a - b);
    await intake.stop();

    console.error('Ceiling: kafkajs produce of the same records (idempotent, acks=all)');
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const ceilingTopic = `bench-${runId}.ceiling.${TOPICS.dossierEvents.name}`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ ...TOPICS.dossierEvents, name: ceilingTopic }]);
    const receivedAt = new Date().toISOString();
    const records = events.map((event) => ({
      key: String(event['dossierId']),
      value: JSON.stringify({ source: 'bench', receivedAt, event }),
    }));
    await producer.send({ topic: ceilingTopic, acks: -1, messages: records.slice(0, BATCH) }); // warm-up
    const produce = await timed(() =>
      pool(
        Array.from(
          { length: batches.length },
          (_, i) => async () =>
            void (await producer.send({
              topic: ceilingTopic,
              acks: -1,
              messages: records.slice(i * BATCH, (i + 1) * BATCH),
            })),
        ),
        options.concurrency,
      ),
    );
    await producer.disconnect();

    console.error('Ceiling: FerretDB insertMany of the same documents (unordered, 1,000 per call)');
    // The very documents the service stores (toStoredEvent), not a lighter stand-in.
    const docs = events.map((event) => toStoredEvent('bench', event as unknown as DossierEventV1, new Date(), runId));
    const ceilingCollection = db.collection('ceiling_events');
    const insert = await timed(async () => {
      for (let i = 0; i < docs.length; i += BATCH)
        await ceilingCollection.insertMany(docs.slice(i, i + BATCH) as never[], { ordered: false });
    });

    const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
    const httpRate = rate(events.length, throughput.ms);
    const produceRate = rate(events.length, produce.ms);
    const insertRate = rate(events.length, insert.ms);
    const slower = Math.min(produceRate, insertRate);
    const fmt = (n: number) => n.toLocaleString('en-US');
    const ms = (n: number) => `${Math.round(n)} ms`;
    report = [
      `| measure | value |`,
      `|---|---|`,
      `| accepted over HTTP (batches of ${fmt(BATCH)}, ${options.concurrency} in flight, ${fmt(events.length)} events) | **${fmt(httpRate)} events/s** |`,
      `| ceiling: kafkajs produce, same records (idempotent, acks=all, ${fmt(BATCH)} per send, ${options.concurrency} in flight) | ${fmt(produceRate)} msg/s |`,
      `| ceiling: FerretDB insertMany, same documents (unordered, ${fmt(BATCH)} per call) | ${fmt(insertRate)} docs/s |`,
      `| ratio to the slower ceiling (goal ≥ 60 %) | **${Math.round((httpRate / slower) * 100)} %** |`,
      `| latency of a 1,000-event request under load: p50 / p99 (goal p99 < 500 ms) | ${ms(percentile(underLoad, 0.5))} / ${ms(percentile(underLoad, 0.99))} |`,
      `| latency of a 1,000-event request alone: p50 / p99 (20 requests) | ${ms(percentile(alone, 0.5))} / ${ms(percentile(alone, 0.99))} |`,
    ].join('\n');
    await admin
      .deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(`bench-${runId}.`)) })
      .catch(() => undefined);
    await admin.disconnect();
  } finally {
    await intake.stop();
    await db.client
      .db(logDatabase)
      .dropDatabase()
      .catch(() => undefined);
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
  const cpu = cpus();
  return `${report}\n\nMachine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; intake consumers ${options.consumers}, dossier log in ${options.logDatabase === 'own' ? 'a database of its own' : 'the service’s database'}.`;
}
