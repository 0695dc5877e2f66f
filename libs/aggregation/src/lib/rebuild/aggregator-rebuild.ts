import { Logger } from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import { ensureTopics } from '@dossier-ledger/platform';
import type { CountingRules, UnitHierarchy } from '@dossier-ledger/reporting';
import type { Admin, Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import { projectionOptionsFromEnv, type AggregatorEnv } from '../config/aggregator.env';
import type { ProjectionRunner } from '../consumption/projection-runner';
import { DossierReportProjectionFactory } from '../projection/dossier-report.projection';
import { generationNames, GenerationRepository, type GenerationNames } from './aggregator-generation';
import { ParallelProjectionReplay } from './parallel-replay';
import { ProjectionReplay } from './projection-replay';
import { StoredEventSource } from './stored-event-source';
import type { ReplayRange } from './topic-replay';

/** What the CLI shows: one bar per phase. */
export interface RebuildProgress {
  phase(name: string, total: number): void;
  advance(records: number): void;
  end(): void;
}

export interface RebuildOptions {
  /** Read intake's event store first (the topic was truncated); the topic's records then only add what the store lacks. */
  fromStore?: boolean;
  progress?: RebuildProgress;
}

export interface RebuildResult {
  previous: number;
  generation: number;
  switched: boolean;
  /** Records replayed into the new generation (store events + topic records). */
  records: number;
  /** Offsets per partition the new generation covers and was compared at. */
  offsets: Record<number, string>;
  differences: string[];
  replayMs: number;
  totalMs: number;
}

export interface RebuildDependencies {
  kafka: Kafka;
  admin: Admin;
  /** The aggregator's database (checkpoints, the generation document). */
  db: mongo.Db;
  /** Intake's database (its event store), for `fromStore`; the aggregator's by default. */
  storeDb?: mongo.Db;
  env: AggregatorEnv;
  rules: CountingRules;
  hierarchy: UnitHierarchy;
  /** For REBUILD_WORKERS > 1 from sources in a process without the TypeScript hook (tests): ParallelProjectionReplay's preload. */
  workerPreload?: string;
}

const NO_PROGRESS: RebuildProgress = { phase: () => undefined, advance: () => undefined, end: () => undefined };

/**
 * Replays every event into a new generation built aside, verifies it equals the live
 * one, and switches reads to it (docs/rebuild.md). The live aggregators keep running throughout;
 * they move to the new generation when they see the switch.
 *
 * 1. allocate generation n (never reused), create its counters topic; note the events topic's end
 *    offsets E;
 * 2. replay offsets [start, E) of every partition into a ProjectionRunner on the new generation's
 *    collections (with `fromStore`, intake's stored events first); no checkpoint until the end;
 * 3. compare at T = max(E, live checkpoint offset) per partition: the new runner goes on to T, the
 *    live checkpoint is restored and brought to T (GenerationVerifier); a difference stops here;
 * 4. checkpoint and publish the new generation at T, commit T for its consumer group;
 * 5. switch the generation document (compare-and-swap on the active generation); the replaced
 *    generation stays (a way back), the one before it is deleted.
 */
export class AggregatorRebuild {
  private readonly log = new Logger(AggregatorRebuild.name);
  private readonly generations: GenerationRepository;
  private readonly factory: DossierReportProjectionFactory;

  constructor(private readonly deps: RebuildDependencies) {
    this.generations = new GenerationRepository(deps.db);
    this.factory = new DossierReportProjectionFactory({
      rules: deps.rules,
      hierarchy: deps.hierarchy,
      ...projectionOptionsFromEnv(deps.env),
    });
  }

  async run(options: RebuildOptions = {}): Promise<RebuildResult> {
    const started = Date.now();
    const { kafka, admin, db, env } = this.deps;
    const progress = options.progress ?? NO_PROGRESS;
    const prefix = env.KAFKA_TOPIC_PREFIX;
    const topic = prefix + TOPICS.dossierEvents.name;
    await ensureTopics(admin, [TOPICS.dossierEvents], prefix);
    const offsets = await topicOffsets(admin, topic);
    const partitions = offsets.map((o) => o.partition).sort((a, b) => a - b);
    const low = new Map(offsets.map((o) => [o.partition, BigInt(o.low)]));
    const end = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    const truncated = partitions.filter((p) => (low.get(p) as bigint) > 0n);
    if (truncated.length > 0 && !options.fromStore) {
      throw new Error(
        `the events topic no longer starts at offset 0 (partitions ${truncated.join(', ')}): rebuild with --from-store`,
      );
    }
    const { active, allocated, previous } = await this.generations.allocate();
    const next = generationNames(allocated, env.KAFKA_GROUP_ID);
    const live = generationNames(active, env.KAFKA_GROUP_ID);
    this.log.log(`rebuilding generation ${allocated} (active: ${active})`);
    await ensureTopics(admin, [next.countersTopic], prefix);

    const sessionTimeoutMs = Math.max(env.KAFKA_SESSION_TIMEOUT_MS, 60_000);
    // The event store is read in this thread into the projections, so a rebuild from it stays in one.
    const workers = options.fromStore ? 1 : env.REBUILD_WORKERS;
    const building =
      workers > 1
        ? new ParallelProjectionReplay(
            {
              brokers: env.KAFKA_BROKERS,
              clientId: 'report-aggregator-rebuild',
              mongoUri: env.MONGODB_URI,
              prefix,
              names: next,
              projection: projectionOptionsFromEnv(env),
              maxReplayEvents: env.CHECKPOINT_MAX_REPLAY_EVENTS,
              sessionTimeoutMs,
              preload: this.deps.workerPreload,
            },
            workers,
          )
        : new ProjectionReplay({
            kafka,
            db,
            prefix,
            names: next,
            factory: this.factory,
            maxReplayEvents: env.CHECKPOINT_MAX_REPLAY_EVENTS,
            sessionTimeoutMs,
          });
    let switched = false;
    let records = 0;
    const count = (n: number) => {
      records += n;
      progress.advance(n);
    };
    try {
      await building.assign(partitions);
      const replayStarted = Date.now();
      if (building instanceof ProjectionReplay && options.fromStore)
        await this.replayStore(building, partitions.length, progress, count);
      const ranges = new Map(partitions.map((p) => [p, { from: low.get(p) as bigint, to: end.get(p) as bigint }]));
      progress.phase('replay', total(ranges));
      await building.run(ranges, count);
      progress.end();
      if (building instanceof ProjectionReplay && options.fromStore) await positionAtEnd(building.runner, end);
      const replayMs = Date.now() - replayStarted;

      // Stored events intake had not produced yet when E was read are in the rebuild: compare at offsets read after the scan.
      const compareFrom = new Map(end);
      if (options.fromStore)
        for (const o of await topicOffsets(admin, topic))
          compareFrom.set(o.partition, max(end.get(o.partition) as bigint, BigInt(o.high)));
      progress.phase(`verify against generation ${active} (partitions)`, partitions.length);
      const verified = await building.verify(
        live,
        partitions.map((p) => ({
          partition: p,
          compareFrom: compareFrom.get(p) as bigint,
          low: low.get(p) as bigint,
          end: end.get(p) as bigint,
        })),
        (n) => (records += n),
        () => progress.advance(1),
      );
      const at = new Map(verified.map((v) => [v.partition, v.at]));
      const differences = verified.flatMap((v) => v.differences);
      progress.end();
      const result = (): RebuildResult => ({
        previous: active,
        generation: allocated,
        switched,
        records,
        offsets: Object.fromEntries([...at].map(([p, o]) => [p, String(o)])),
        differences,
        replayMs,
        totalMs: Date.now() - started,
      });
      if (differences.length > 0) {
        this.log.error(
          `generation ${allocated} differs from generation ${active}; not switching:\n  ${differences.join('\n  ')}`,
        );
        return result();
      }

      await building.finish(admin);
      await this.generations.activate(active, allocated, {
        records,
        fromStore: options.fromStore ?? false,
        offsets: result().offsets,
      });
      switched = true;
      this.log.log(`generation ${allocated} is active (was ${active})`);
      // The one before the replaced generation has served nobody since the last switch.
      if (previous !== undefined && previous !== active) {
        await this.drop(generationNames(previous, env.KAFKA_GROUP_ID), partitions.length).catch((error: unknown) =>
          this.log.warn(`could not delete retired generation ${previous}: ${(error as Error).message}`),
        );
      }
      return result();
    } finally {
      progress.end();
      await building.close();
      if (!switched)
        await this.drop(next, partitions.length).catch((error: unknown) =>
          this.log.warn(`could not drop generation ${allocated}: ${(error as Error).message}`),
        );
    }
  }

  /** Deletes a generation's checkpoints, counters topic and consumer group (an unswitched rebuild's leftovers, a retired generation). */
  async drop(names: GenerationNames, partitions: number): Promise<void> {
    const { db, admin, env } = this.deps;
    const collections = [
      names.manifestCollection,
      ...Array.from({ length: partitions }, (_, p) => `${names.chunkCollection}_p${p}`),
    ];
    for (const name of collections) await db.dropCollection(name).catch(() => false);
    const counters = env.KAFKA_TOPIC_PREFIX + names.countersTopic.name;
    if ((await admin.listTopics()).includes(counters))
      await admin.deleteTopics({ topics: [counters] }).catch(() => undefined);
    await admin.deleteGroups([names.groupId]).catch(() => undefined);
  }

  /** Intake's stored events straight into the runner's projections (no offsets: the topic replay that follows positions them). */
  private async replayStore(
    building: ProjectionReplay,
    partitions: number,
    progress: RebuildProgress,
    count: (n: number) => void,
  ): Promise<void> {
    const source = new StoredEventSource(this.deps.storeDb ?? this.deps.db, building.topic, partitions);
    progress.phase('replay the event store', await source.estimatedCount());
    for await (const batch of source.batches()) {
      for (const { partition, message } of batch) building.projectionOf(partition).apply(message);
      count(batch.length);
    }
    progress.end();
  }
}

/**
 * A partition whose records were all deleted got its events from the store only: its state covers the
 * topic up to E, but the runner saw no offset. A record that is no event changes no state (it is
 * rejected, docs/architecture.md §2), so one at E - 1 moves the runner there without touching it.
 */
async function positionAtEnd(runner: ProjectionRunner, end: ReadonlyMap<number, bigint>): Promise<void> {
  for (const { partition, next } of runner.status()) {
    const e = end.get(partition) ?? 0n;
    if (BigInt(next) >= e) continue;
    const marker = { offset: String(e - 1n), key: null, value: null, headers: {}, timestamp: '0' };
    await runner.applyBatch(
      { topic: TOPICS.dossierEvents.name, partition, highWatermark: String(e), messages: [marker] },
      INLINE_CONTROLS,
    );
  }
}

const INLINE_CONTROLS = {
  resolveOffset: () => undefined,
  heartbeat: async () => undefined,
  isRunning: () => true,
  isStale: () => false,
};

/** A topic created a moment ago may not serve offsets yet ("not the leader"): retried briefly. */
async function topicOffsets(admin: Admin, topic: string): ReturnType<Admin['fetchTopicOffsets']> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (attempt >= 25) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function total(ranges: ReadonlyMap<number, ReplayRange>): number {
  let n = 0n;
  for (const { from, to } of ranges.values()) if (to > from) n += to - from;
  return Number(n);
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
