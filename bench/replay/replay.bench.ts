// Replay throughput of the report aggregator: events already in a topic, read from Kafka into
// committed projections through exactly the rebuild's path (ProjectionReplay: consume, apply,
// checkpoint, publish, commit), against the raw kafkajs consume rate of the same topic, same run,
// same fetch settings (eachBatch, no work) as the ceiling. Prints a markdown table for docs/benchmarks.md.
import { TOPICS } from '@dossier-ledger/contracts';
import { connectionDb, ensureTopics, PartitionCheckpointStore } from '@dossier-ledger/platform';
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
  ParallelProjectionReplay,
  LARGE_FETCH,
  TopicReplay,
  AggregatorEnv,
  projectionOptionsFromEnv,
  type ReplayRange,
} from '@dossier-ledger/aggregation';
import { BenchRun } from '../shared/bench-services';
import { benchReport } from '../shared/machine';
import { fmt, timed } from '../shared/measure';
import { describeMemory, processMemory, settledHeap } from '../shared/peak-memory';
import { provinceYear } from '../shared/province-year';
import { MemorySampler, writeMemoryChart } from '../shared/memory-chart';

/** Every 5 s on stderr: records applied, events/s, RSS, ETA. */
function replayProgress(total: number, applied: () => number): NodeJS.Timeout {
  const started = Date.now();
  return setInterval(() => {
    const done = applied();
    const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
    console.error(
      `  replay ${fmt(done)}/${fmt(total)} | ${fmt(rate)} events/s | RSS ${fmt(process.memoryUsage.rss() / 2 ** 20)} MB | ETA ${fmt((total - done) / Math.max(rate, 1))} s`,
    );
  }, 5_000).unref();
}

export interface ReplayBenchOptions {
  events: number;
  /** Dossiers of the province-year (default: events / 5.5); with it, every event of them is produced. */
  dossiers?: number;
  /** Where to draw memory over time (SVG). */
  chart?: string;
  /** Simulated years one after the other (2024, 2025, …), each of `dossiers` dossiers; default 1. */
  years?: number;
  /** `default`: kafkajs' fetch sizes (1 MB per partition, 10 MB per fetch; what the rebuild uses); `large`: LARGE_FETCH. */
  fetch: 'default' | 'large';
  /** Worker threads the partitions are spread over (1: the replay runs in the bench's own thread). */
  workers: number;
  /** Old-generation ceiling of each worker (MB). */
  workerHeapMb?: number;
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
    /** Events produced by the end of each simulated year. */
    const yearEnds: number[] = [];
    const produce = await timed(async () => {
      let sent = 0;
      let pending: { key: string; value: string; headers: Record<string, string> }[] = [];
      const receivedAt = new Date().toISOString();
      for (let y = 0; y < (options.years ?? 1); y++) {
        const traffic = provinceYear({
          dossiers: options.dossiers ?? Math.ceil(options.events / EVENTS_PER_DOSSIER),
          year: 2024 + y,
        });
        for (const day of traffic.days()) {
          for (const event of day) {
            if (sent + pending.length >= options.events) break;
            pending.push(encodeDossierEventRecord({ source: 'bench', receivedAt, event }));
            if (pending.length >= SEND_BATCH) {
              await producer.send({ topic, acks: -1, messages: pending });
              sent += pending.length;
              pending = [];
              if (sent % 200_000 === 0)
                console.error(`  produced ${fmt(sent)} (RSS ${fmt(process.memoryUsage.rss() / 2 ** 20)} MB)`);
            }
          }
          if (sent + pending.length >= options.events) break;
        }
        yearEnds.push(sent + pending.length);
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
    // The production defaults: 30-day settle period, archive sweeps of ≥ 500 dossiers.
    const factory = new DossierReportProjectionFactory({
      rules: DEFAULT_COUNTING_RULES,
      hierarchy,
      ...projectionOptionsFromEnv(new AggregatorEnv()),
    });
    const maxReplayEvents = 500_000;
    const building =
      options.workers > 1
        ? new ParallelProjectionReplay(
            {
              brokers: run.brokers,
              clientId: 'bench-replay',
              mongoUri: run.mongoUri,
              prefix: run.prefix,
              names,
              projection: projectionOptionsFromEnv(new AggregatorEnv()),
              maxReplayEvents,
              fetch,
              heapMb: options.workerHeapMb,
            },
            options.workers,
          )
        : new ProjectionReplay({
            kafka: run.kafka,
            db: connectionDb(connection),
            prefix: run.prefix,
            names,
            factory,
            maxReplayEvents,
            fetch,
          });
    let apply = { ms: 0, cpuMs: 0 };
    const heapBefore = settledHeap();
    const sampler = new MemorySampler(1_000, () => building.stats().records);
    const progress = replayProgress(events, () => building.stats().records);
    const full = await measured(async () => {
      await building.assign(partitions);
      apply = await measured(() => building.run(ranges));
      await building.finish(admin);
    });
    clearInterval(progress);
    const heapAfter = settledHeap();
    const samples = sampler.stop();
    await building.close();
    const stats = building.stats();
    const published = (await admin.fetchTopicOffsets(run.prefix + names.countersTopic.name)).reduce(
      (n, o) => n + Number(o.high),
      0,
    );
    const total = (name: string) => partitions.reduce((n, p) => n + (building.partitionStats(p)[name] ?? 0), 0);
    const open = total('dossiers');
    const archived = total('archived');
    const dossiers = open + archived;
    if (options.chart)
      writeMemoryChart(
        options.chart,
        `replay of ${fmt(events)} events (${fmt(dossiers)} dossiers) in one process${options.workers > 1 ? `, ${options.workers} worker threads (JS heap: main thread only)` : ''}: memory over time`,
        samples,
      );

    // 4. A new owner of partition 0: time to ready (load the checkpoint, restore), and the heap its open
    //    dossiers take (restored with and without their state chunks, a GC before each reading).
    console.error('Restore of partition 0 by a new owner');
    const store = new PartitionCheckpointStore(connectionDb(connection), names);
    const load = await timed(() => store.load(topic, 0));
    const chunks = load.value?.chunks ?? new Map<string, unknown>();
    const restore = await timed(async () => factory.create(0, chunks));
    const stateKeys = [...chunks.keys()].filter((k) => k.startsWith('s|'));
    const openChunks = stateKeys.length;
    // Each restore from freshly parsed chunks (as from the store), so the strings a projection keeps count.
    const text = JSON.stringify([...chunks]);
    const fresh = (skip: ReadonlySet<string>) =>
      new Map((JSON.parse(text) as [string, unknown][]).filter(([key]) => !skip.has(key)));
    const heapBase = settledHeap();
    const withoutOpen = factory.create(0, fresh(new Set(stateKeys)));
    const heapArchived = settledHeap();
    const withHalf = factory.create(0, fresh(new Set(stateKeys.filter((_, i) => i % 2 === 0))));
    const heapHalf = settledHeap();
    const withOpen = factory.create(0, fresh(new Set()));
    const heapOpen = settledHeap();
    // The marginal heap of an open dossier: (whole − half) projection over the dossiers it adds; the
    // counters of the recent months, which a restore without any open dossier lacks, cancel out.
    const bytesPerOpen =
      (heapOpen - heapHalf - (heapHalf - heapArchived)) / Math.max(withOpen.dossierCount - withHalf.dossierCount, 1);
    const archivedOnly = heapArchived - heapBase;
    void withoutOpen;

    // 5. The read model every replica keeps: the counters topic (counter and note chunks), read whole.
    const countersTopic = run.prefix + names.countersTopic.name;
    const counterOffsets = await admin.fetchTopicOffsets(countersTopic);
    let feedBytes = 0;
    let feedRecords = 0;
    const feed = new TopicReplay({ kafka: run.kafka, topic: countersTopic, groupId: `${run.prefix}feed` });
    const feedRun = await timed(() =>
      feed.run(
        new Map(counterOffsets.map((o) => [o.partition, { from: BigInt(o.low), to: BigInt(o.high) }])),
        async (_p, messages, controls) => {
          for (const m of messages) feedBytes += m.value?.length ?? 0;
          feedRecords += messages.length;
          controls.resolveOffset(messages[messages.length - 1].offset);
        },
      ),
    );
    await feed.stop();

    const rawRate = events / (rawRun.ms / 1000);
    const fullRate = events / (full.ms / 1000);
    const perCpu = (cpuMs: number) => `${fmt(events / (cpuMs / 1000))} events per CPU-second`;
    // Peak RSS while each simulated year's records were applied (by the records counter of the samples).
    const yearPeaks = yearEnds.map((end, y) =>
      Math.max(0, ...samples.filter((m) => m.records <= end && m.records > (yearEnds[y - 1] ?? 0)).map((m) => m.rssMb)),
    );
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
        `replay into committed projections (consume, apply, checkpoint, publish, commit)${options.workers > 1 ? `, ${options.workers} worker threads${options.workerHeapMb ? ` of ≤ ${options.workerHeapMb} MB old generation each` : ''}` : ''}`,
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
        'dossiers in memory (open or settling) / archived at the end',
        options.workers > 1
          ? `${fmt(open)} / ${fmt(archived)} (the projections lived in the workers' heaps, gone with them)`
          : `${fmt(open)} / ${fmt(archived)}; JS heap after the replay − before (after a GC each): ${fmt((heapAfter - heapBefore) / 2 ** 20)} MB, ${fmt((heapAfter - heapBefore) / Math.max(open, 1))} bytes per open dossier (counters and archive index included)`,
      ],
      [
        'restore of partition 0 by a new owner (time to ready)',
        `${fmt((load.ms + restore.ms) / 1000, 2)} s: load ${fmt(chunks.size)} chunks (${fmt(openChunks)} of open dossiers) ${fmt(load.ms / 1000, 2)} s, restore ${fmt(restore.ms / 1000, 2)} s; ${fmt(withOpen.dossierCount)} open and ${fmt(withOpen.stats()['archived'] ?? 0)} archived dossiers, no archive document read`,
      ],
      [
        'heap per open dossier (partition 0 restored with all − half of its open dossiers, per dossier)',
        `**${fmt(bytesPerOpen)} bytes** (its archived part — counters, notes, index — ${fmt(archivedOnly / 2 ** 20, 1)} MB)`,
      ],
      [
        'read model every replica loads (the counters topic, every counter and note chunk)',
        `${fmt(feedRecords)} chunks, ${fmt(feedBytes / 2 ** 20, 1)} MB of record values, read whole in ${fmt(feedRun.ms / 1000, 1)} s`,
      ],
      ...(yearEnds.length > 1
        ? [
            [
              'peak RSS while each simulated year was applied',
              yearPeaks.map((mb, y) => `year ${y + 1} (${fmt(yearEnds[y])} events in): ${fmt(mb)} MB`).join('; ') +
                ` — year ${yearEnds.length} / year 1: ${fmt((100 * yearPeaks[yearPeaks.length - 1]) / yearPeaks[0])} %`,
            ] as [string, string],
          ]
        : []),
      [
        'peak RSS of the process during the replay',
        `${fmt(full.peakMb)} MB (whole run: ${describeMemory(processMemory(process.pid))})`,
      ],
    ];
    return benchReport(rows);
  } finally {
    await connection.close().catch(() => undefined);
    await admin.disconnect();
    await run.cleanUp();
  }
}
