import { parseIsoLocalDate } from '@dossier-ledger/calendar';
// npm run bench -- aggregator [--dossiers N]   (or: node -r ./tools/cli/register.cjs bench/aggregator/index.ts --dossiers N)
// Store writes per event of the report aggregator on a realistic stream (~6 events per dossier,
// in occurrence order, over a year, in several provinces), through the production code path: the
// ProjectionRunner with the real DossierReportProjection and PartitionCheckpointStore on FerretDB,
// fed in batches per partition as the Kafka consumer feeds it. Publication to the counters topic
// is counted but not sent (it is no store write). Prints a markdown table for docs/benchmarks.md.
import type { LocalDate } from '@dossier-ledger/calendar';
import { type DossierEventV1 } from '@dossier-ledger/contracts';
import { PartitionCheckpointStore, type KafkaBatchControls, type KafkaBatchMessage } from '@dossier-ledger/platform';
import {
  computeReportDirect,
  CounterStore,
  DEFAULT_COUNTING_RULES,
  foldDossier,
  readUnitFigures,
} from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { Logger } from '@nestjs/common';
import mongoose from 'mongoose';
import { benchReport } from '../shared/machine';
import {
  CheckpointPolicy,
  ProjectionRunner,
  type PublishPort,
  RegistryUnitHierarchy,
  encodeDossierEventRecord,
  DossierReportProjection,
  DossierReportProjectionFactory,
  type ChunkChanges,
  generationNames,
} from '@dossier-ledger/aggregation';
import { interleaveByTime, realisticDossiers } from '@dossier-ledger/aggregation/testing';
import { fmt } from '../shared/measure';

export interface AggregatorBenchOptions {
  dossiers: number;
  /** Provinces the dossiers are spread over (2024 hierarchy). */
  provinces?: string[];
  partitions?: number;
  /** Records per simulated fetch per partition, and per simulated tick overall. */
  batchSize?: number;
  tickEvents?: number;
  /** Receipts spread over this many days (default 366). */
  days?: number;
  /**
   * Live pacing: the runner's clock follows the events' own time (a tick every simulated hour), so
   * the time-based checkpoint bound acts as it would on a live stream of this rate.
   */
  paced?: boolean;
  mongoUri?: string;
}

class CountingPublisher implements PublishPort {
  messages = 0;
  bytes = 0;
  async publish(_partition: number, _offset: bigint, changes: ChunkChanges): Promise<void> {
    this.messages += changes.size;
    for (const chunk of changes.values()) this.bytes += JSON.stringify(chunk).length;
  }
}

const CONTROLS: KafkaBatchControls = {
  resolveOffset: () => undefined,
  heartbeat: async () => undefined,
  isRunning: () => true,
  isStale: () => false,
};

function partitionOf(key: string, partitions: number): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) % partitions;
}

export async function runAggregatorBench(options: AggregatorBenchOptions): Promise<string> {
  Logger.overrideLogger(['error']);
  const provinces = options.provinces ?? ['35', '58', '62', '84'];
  const partitions = options.partitions ?? 8;
  const batchSize = options.batchSize ?? 500;
  const tickEvents = options.tickEvents ?? 4_000;
  const registry = loadDefaultUnitRegistry();
  const hierarchy = new RegistryUnitHierarchy(registry);
  const perProvince = Math.ceil(options.dossiers / provinces.length);
  const dossiers = provinces.flatMap((province, i) =>
    realisticDossiers({
      registry,
      seed: 1000 + i,
      dossiers: perProvince,
      province,
      firstDay: '2024-01-01',
      days: options.days ?? 366,
      idPrefix: `B${province}`,
    }),
  );
  const stream = interleaveByTime(dossiers);

  const database = `bench-aggregator-${Date.now().toString(36)}`;
  const url = new URL(options.mongoUri ?? process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017/');
  url.pathname = `/${database}`;
  const connection = await mongoose.createConnection(url.toString(), { serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    const store = new PartitionCheckpointStore(
      connection.db as mongoose.mongo.Db,
      generationNames(0, 'bench-aggregator'),
    );
    const publisher = new CountingPublisher();
    const factory = new DossierReportProjectionFactory({
      rules: DEFAULT_COUNTING_RULES,
      hierarchy,
      dossiersPerChunk: 32,
    });
    const clock = { now: Date.now() };
    const runner = new ProjectionRunner(
      'bench.dossier.events.v1',
      factory,
      store,
      publisher,
      new CheckpointPolicy(),
      () => (options.paced ? clock.now : Date.now()),
    );
    const all = Array.from({ length: partitions }, (_, p) => p);
    await runner.assign(all);

    const offsets = new Array<number>(partitions).fill(0);
    const started = Date.now();
    let checkpointMs = 0;
    const slices: DossierEventV1[][] = [];
    if (options.paced) {
      // One slice per simulated hour of the stream's own time.
      let hour = -1;
      for (const event of stream) {
        const h = Math.floor(Date.parse(event.occurredAt) / 3_600_000);
        if (h !== hour) slices.push([]);
        hour = h;
        slices[slices.length - 1].push(event);
      }
    } else {
      for (let i = 0; i < stream.length; i += tickEvents) slices.push(stream.slice(i, i + tickEvents));
    }
    for (const slice of slices) {
      if (options.paced) clock.now = Date.parse(slice[0].occurredAt);
      const byPartition = all.map(() => [] as KafkaBatchMessage[]);
      for (const event of slice) {
        const p = partitionOf(event.dossierId, partitions);
        const { key, value, headers } = encodeDossierEventRecord({ source: 'bench', receivedAt: null, event });
        byPartition[p].push({
          offset: String(offsets[p]++),
          key: Buffer.from(key),
          value: Buffer.from(value),
          headers,
          timestamp: '0',
        });
      }
      for (const p of all) {
        for (let j = 0; j < byPartition[p].length; j += batchSize) {
          const t = Date.now();
          const before = runner.stats().checkpoints;
          await runner.applyBatch(
            { topic: 'bench', partition: p, highWatermark: '0', messages: byPartition[p].slice(j, j + batchSize) },
            CONTROLS,
          );
          if (runner.stats().checkpoints > before) checkpointMs += Date.now() - t;
        }
      }
      if (options.paced) clock.now = Date.parse(slice[slice.length - 1].occurredAt) + 1;
      await runner.tick(all);
    }
    const elapsedMs = Date.now() - started;
    const steady = runner.stats();
    const flushStart = Date.now();
    await runner.flush();
    const flushMs = Date.now() - flushStart;
    const final = runner.stats();
    const gcStart = Date.now();
    const collected = await runner.collectGarbageNow();
    const gcMs = Date.now() - gcStart;

    // Sanity: the partitions' counters summed equal the oracle for each province over 2024.
    const merged = new CounterStore(DEFAULT_COUNTING_RULES);
    for (const p of all) merged.merge((runner.projectionOf(p) as DossierReportProjection).counterSnapshot());
    const facts = dossiers.map((events: DossierEventV1[]) => foldDossier(events));
    const era = registry.eraOn(parseIsoLocalDate('2024-12-31'))?.id as string;
    const window = { era, from: '2024-01-01' as LocalDate, to: '2024-12-31' as LocalDate };
    const mismatches = provinces.filter((province) => {
      const oracle = computeReportDirect(facts, hierarchy, window, province);
      const figures = readUnitFigures(merged, { era, unitCode: province, from: window.from, to: window.to });
      return (
        JSON.stringify(figures.received) !== JSON.stringify(oracle.received) ||
        JSON.stringify(figures.pending) !== JSON.stringify(oracle.pending)
      );
    });

    const events = stream.length;
    const rows: [string, string][] = [
      [
        'events (dossiers)',
        `${fmt(events)} (${fmt(dossiers.length)}; ${fmt(events / dossiers.length, 2)} events per dossier)`,
      ],
      ['provinces, partitions, batch', `${provinces.join(', ')}; ${partitions}; ${batchSize} records`],
      [
        'feeding',
        options.paced
          ? `live pacing: runner clock = event time, ${(events / ((Date.parse(stream[stream.length - 1].occurredAt) - Date.parse(stream[0].occurredAt)) / 1000)).toPrecision(3)} events/s over ${fmt((Date.parse(stream[stream.length - 1].occurredAt) - Date.parse(stream[0].occurredAt)) / 86_400_000)} days`
          : 'as fast as it goes (catch-up, replay, bulk import)',
      ],
      [
        'store writes per event, during the stream (every checkpoint but the final ones)',
        `**${fmt(steady.store.writes / events, 4)}** (${fmt(steady.store.writes)} writes: ${fmt(steady.store.chunkWrites)} chunks + ${fmt(steady.store.manifestWrites)} manifests)`,
      ],
      [
        'store writes per event, with the final checkpoint of every partition (shutdown)',
        `**${fmt(final.store.writes / events, 4)}** (${fmt(final.store.writes)} writes)`,
      ],
      ['checkpoints (steady / with final)', `${fmt(steady.checkpoints)} / ${fmt(final.checkpoints)}`],
      [
        'chunk bytes written per event',
        `${fmt(final.store.chunkBytes / events)} B (${fmt(final.store.chunkBytes / 1e6, 1)} MB)`,
      ],
      [
        'garbage: superseded chunk documents, deleted at the end in one `$in` delete per partition (deletes are not writes by the definition)',
        `${fmt(collected)} in ${fmt(gcMs)} ms`,
      ],
      [
        `counter-topic messages per event (publication simulated every ${options.paced ? 'hour' : `${fmt(tickEvents)} events`})`,
        fmt(publisher.messages / events, 3),
      ],
      [
        'apply + checkpoint throughput (one process, 8 partitions)',
        `${fmt(events / (elapsedMs / 1000))} events/s (${fmt(elapsedMs / 1000, 1)} s, of which checkpoints ${fmt(checkpointMs / 1000, 1)} s)`,
      ],
      ['final checkpoint of all partitions', `${fmt(flushMs)} ms`],
      [
        'figures equal the oracle (received, pending per province, 2024)',
        mismatches.length === 0 ? 'yes' : `NO: ${mismatches.join(', ')}`,
      ],
    ];
    return benchReport(rows);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}
