// Replay throughput of the report aggregator: events already in a topic, read from Kafka into
// committed projections through exactly the rebuild's path (ProjectionReplay: consume, apply,
// checkpoint, publish, commit), against the raw kafkajs consume rate of the same topic, same run,
// same fetch settings (eachBatch, no work) as the ceiling. Prints a markdown table for docs/benchmarks.md.
import { TOPICS } from '@dossier-ledger/contracts';
import { connectionDb, ensureTopics } from '@dossier-ledger/platform';
import { DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { Logger } from '@nestjs/common';
import { Partitioners } from 'kafkajs';
import mongoose from 'mongoose';
import {
  RegistryUnitHierarchy,
  encodeDossierEventRecord,
  DossierReportProjectionFactory,
  generationNames,
  ProjectionReplay,
  LARGE_FETCH,
  TopicReplay,
  type ReplayRange,
} from '@dossier-ledger/aggregation';
import { BenchRun } from '../shared/bench-services';
import { machineLine } from '../shared/machine';
import { fmt, timed } from '../shared/measure';
import { describeMemory, processMemory } from '../shared/peak-memory';
import { provinceYear } from '../shared/province-year';

export interface ReplayBenchOptions {
  events: number;
  /** `default`: kafkajs' fetch sizes (1 MB per partition, 10 MB per fetch; what the rebuild uses); `large`: LARGE_FETCH. */
  fetch: 'default' | 'large';
}

const EVENTS_PER_DOSSIER = 5.5;
const SEND_BATCH = 5_000;

/**
 * Highest RSS seen while `run` runs (sampled every 50 ms), MB, and the CPU time the process used:
 * on a shared machine the wall clock also measures the neighbours, CPU seconds per event do not.
 */
async function measured<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const cpu = process.cpuUsage();
  try {
    const { ms, value } = await timed(run);
    const used = process.cpuUsage(cpu);
    return {
      value,
      ms,
      cpuMs: (used.user + used.system) / 1000,
      peakMb: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

export async function runReplayBench(options: ReplayBenchOptions): Promise<string> {
  Logger.overrideLogger(['error']);
  const run = new BenchRun('replay');
  const admin = run.kafka.admin();
  await admin.connect();
  const connection = await mongoose.createConnection(run.mongoUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    await ensureTopics(admin, [TOPICS.dossierEvents], run.prefix);
    const topic = run.prefix + TOPICS.dossierEvents.name;

    // 1. The topic: a province-year of realistic traffic, as intake writes it (key dossierId, its partitioner).
    console.error(`Producing ${fmt(options.events)} events to ${topic}`);
    const producer = run.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const produce = await timed(async () => {
      let sent = 0;
      let pending: { key: string; value: string; headers: Record<string, string> }[] = [];
      const traffic = provinceYear({ dossiers: Math.ceil(options.events / EVENTS_PER_DOSSIER) });
      const receivedAt = new Date().toISOString();
      for (const day of traffic.days()) {
        for (const event of day) {
          if (sent + pending.length >= options.events) break;
          pending.push(encodeDossierEventRecord({ source: 'bench', receivedAt, event }));
          if (pending.length >= SEND_BATCH) {
            await producer.send({ topic, acks: -1, messages: pending });
            sent += pending.length;
            pending = [];
          }
        }
        if (sent + pending.length >= options.events) break;
      }
      if (pending.length > 0) await producer.send({ topic, acks: -1, messages: pending });
      return sent + pending.length;
    });
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets(topic);
    const partitions = offsets.map((o) => o.partition);
    const ranges = new Map<number, ReplayRange>(
      offsets.map((o) => [o.partition, { from: BigInt(o.low), to: BigInt(o.high) }]),
    );
    const events = produce.value;
    const fetch = options.fetch === 'large' ? LARGE_FETCH : {};

    // 2. The ceiling: kafkajs eachBatch over the same topic and settings, no work.
    console.error('Raw kafkajs consume');
    const raw = new TopicReplay({ kafka: run.kafka, topic, groupId: `${run.prefix}raw`, ...fetch });
    const rawRun = await measured(() =>
      raw.run(ranges, async (_p, messages, controls) => controls.resolveOffset(messages[messages.length - 1].offset)),
    );
    await raw.stop();

    // 3. The replay into committed projections (a new generation on the run's own database and topics).
    console.error('Replay into projections');
    const names = generationNames(1, `${run.prefix}aggregator`);
    await ensureTopics(admin, [names.countersTopic], run.prefix);
    const hierarchy = new RegistryUnitHierarchy(loadDefaultUnitRegistry());
    const building = new ProjectionReplay({
      kafka: run.kafka,
      db: connectionDb(connection),
      prefix: run.prefix,
      names,
      factory: new DossierReportProjectionFactory({ rules: DEFAULT_COUNTING_RULES, hierarchy, dossiersPerChunk: 32 }),
      maxReplayEvents: 500_000,
      fetch,
    });
    let apply = { ms: 0, cpuMs: 0 };
    const full = await measured(async () => {
      await building.assign(partitions);
      apply = await measured(() => building.run(ranges));
      await building.finish(admin);
    });
    await building.close();
    const stats = building.runner.stats();
    const published = (await admin.fetchTopicOffsets(run.prefix + names.countersTopic.name)).reduce(
      (n, o) => n + Number(o.high),
      0,
    );
    const dossiers = partitions.reduce((n, p) => n + (building.projectionOf(p).stats()['dossiers'] ?? 0), 0);

    const rawRate = events / (rawRun.ms / 1000);
    const fullRate = events / (full.ms / 1000);
    const perCpu = (cpuMs: number) => `${fmt(events / (cpuMs / 1000))} events per CPU-second`;
    const rows: [string, string][] = [
      [
        'events in the topic (dossiers)',
        `${fmt(events)} (${fmt(dossiers)}), 8 partitions, produced at ${fmt(events / (produce.ms / 1000))} events/s`,
      ],
      [
        'fetch sizes',
        options.fetch === 'large'
          ? `${fmt(LARGE_FETCH.maxBytesPerPartition / 2 ** 20)} MB per partition, ${fmt(LARGE_FETCH.maxBytes / 2 ** 20)} MB per fetch`
          : 'kafkajs defaults: 1 MB per partition, 10 MB per fetch',
      ],
      [
        'raw kafkajs consume (eachBatch, no work): the ceiling',
        `**${fmt(rawRate)} events/s** (${fmt(rawRun.ms / 1000, 1)} s; ${perCpu(rawRun.cpuMs)}; peak RSS ${fmt(rawRun.peakMb)} MB)`,
      ],
      [
        'replay into committed projections (consume, apply, checkpoint, publish, commit)',
        `**${fmt(fullRate)} events/s** (${fmt(full.ms / 1000, 1)} s, of which consume + apply ${fmt(apply.ms / 1000, 1)} s, final checkpoint + publication + commit ${fmt((full.ms - apply.ms) / 1000, 1)} s; ${perCpu(full.cpuMs)}, consume + apply alone ${perCpu(apply.cpuMs)})`,
      ],
      [
        'replay / raw',
        `**${fmt((100 * fullRate) / rawRate)} %** (in CPU time: ${fmt((100 * rawRun.cpuMs) / full.cpuMs)} %)`,
      ],
      [
        'checkpoints, store writes',
        `${fmt(stats.checkpoints)} checkpoints, ${fmt(stats.store.writes)} documents (${fmt(stats.store.writes / events, 4)} per event, ${fmt(stats.store.chunkBytes / 2 ** 20, 1)} MB), ${fmt(stats.publications)} publications (${fmt(published)} counter and note chunks sent)`,
      ],
      [
        'records applied / duplicates / rejected',
        `${fmt(stats.applied)} / ${fmt(stats.duplicates)} / ${fmt(stats.rejected)}`,
      ],
      [
        'peak RSS of the process during the replay',
        `${fmt(full.peakMb)} MB (whole run: ${describeMemory(processMemory(process.pid))})`,
      ],
    ];
    return [
      `Machine: ${machineLine()}`,
      '',
      '| measure | value |',
      '|---|---|',
      ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    ].join('\n');
  } finally {
    await connection.close().catch(() => undefined);
    await admin.disconnect();
    await run.cleanUp();
  }
}
