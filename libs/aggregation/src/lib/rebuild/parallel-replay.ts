import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TOPICS } from '@dossier-ledger/contracts';
import { zeroCheckpointStoreStats, type CheckpointStoreStats, type PartitionOffset } from '@dossier-ledger/platform';
import type { Admin } from 'kafkajs';
import { zeroRunnerCounts, type RunnerStats } from '../consumption/projection-runner';
import type { DossierReportProjectionOptions } from '../projection/dossier-report.projection';
import type { GenerationNames } from './aggregator-generation';
import type { ProjectionReplayOptions, VerifyRequest, VerifyResult } from './projection-replay';
import type { ReplayRange } from './topic-replay';

/**
 * What a replay worker builds its own ProjectionReplay from (it crosses a thread: plain data only).
 * The projections use the default counting rules and unit registry, like the rebuild's CLI.
 */
export interface ReplayWorkerSetup {
  brokers: string;
  clientId: string;
  mongoUri: string;
  prefix: string;
  names: GenerationNames;
  projection: Omit<DossierReportProjectionOptions, 'rules' | 'hierarchy'>;
  maxReplayEvents: number;
  sessionTimeoutMs?: number;
  fetch?: ProjectionReplayOptions['fetch'];
  /** Each worker's old-generation ceiling (MB); V8's default otherwise, which leaves each heap more headroom than the process can spare. */
  heapMb?: number;
  /** A module each worker requires before its entry: the TypeScript hook, where sources run in a process that has none (tests). */
  preload?: string;
}

/** Main thread → worker. Offsets travel as strings (bigints do cross, but strings read in logs). */
export type ReplayWorkerCommand =
  | { type: 'run'; ranges: [partition: number, from: string, to: string][] }
  | { type: 'verify'; live: GenerationNames; requests: VerifyRequest[] }
  | { type: 'checkpoint' }
  | { type: 'close'; commit: PartitionOffset[] };

/** Worker → main thread. */
export type ReplayWorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; stats: RunnerStats }
  | { type: 'ran'; stats: RunnerStats }
  | { type: 'verifiedOne'; result: VerifyResult }
  | { type: 'verified'; stats: RunnerStats; results: VerifyResult[] }
  | { type: 'checkpointed'; stats: RunnerStats; commit: PartitionOffset[] }
  | {
      type: 'closed';
      stats: RunnerStats;
      /** The offsets given were committed (as the group's member). */
      committed: boolean;
      partitions: [partition: number, stats: Record<string, number>][];
    }
  | { type: 'failed'; message: string; stack?: string };

/**
 * The consumer group a worker reads in: worker 0 the generation's (it commits the offsets at the end, as
 * a member), the others their own, so nobody rebalances.
 */
export const workerGroupId = (names: GenerationNames, worker: number): string =>
  worker === 0 ? names.groupId : `${names.groupId}.replay-${worker}`;

/**
 * A replay spread over worker threads, each owning a fixed share of the partitions (p mod workers)
 * with its own consumer, store connection, producer and ProjectionReplay: the partitions'
 * projections are independent, so the second core folds dossiers too. The same surface as
 * ProjectionReplay for what runs one after the other (assign, run, verify, finish); the
 * generation's offsets are committed once at the end, by worker 0.
 * Runs where `.ts` sources load through a require hook inherited by workers (the CLIs and benches
 * started with tools/cli/register.cjs) or from built `.js` beside this file.
 */
export class ParallelProjectionReplay {
  private readonly workers: ReplayWorkerHandle[] = [];

  constructor(
    private readonly setup: ReplayWorkerSetup,
    private readonly count: number,
  ) {}

  /** Starts the workers; each restores (nothing, for a new generation) and positions its partitions. */
  async assign(partitions: readonly number[]): Promise<void> {
    const shares = Array.from({ length: this.count }, (_, w) => partitions.filter((_, i) => i % this.count === w));
    for (const [w, share] of shares.entries()) {
      if (share.length > 0) this.workers.push(new ReplayWorkerHandle(this.setup, w, share));
    }
    await Promise.all(this.workers.map((w) => w.next('ready')));
  }

  async run(ranges: ReadonlyMap<number, ReplayRange>, onRecords?: (count: number) => void): Promise<void> {
    await Promise.all(
      this.workers.map((w) => {
        const own = [...ranges].filter(([p]) => w.partitions.includes(p));
        w.onRecords = onRecords;
        w.send({ type: 'run', ranges: own.map(([p, r]) => [p, String(r.from), String(r.to)]) });
        return w.next('ran');
      }),
    );
  }

  /** ProjectionReplay.verify, each worker verifying its own partitions (in parallel with the others). */
  async verify(
    live: GenerationNames,
    requests: readonly VerifyRequest[],
    onRecords?: (count: number) => void,
    onVerified?: (result: VerifyResult) => void,
  ): Promise<VerifyResult[]> {
    const answers = await Promise.all(
      this.workers.map((w) => {
        w.onRecords = onRecords;
        w.onVerified = onVerified;
        w.send({ type: 'verify', live, requests: requests.filter((r) => w.partitions.includes(r.partition)) });
        return w.next('verified');
      }),
    );
    return answers.flatMap((a) => a.results).sort((a, b) => a.partition - b.partition);
  }

  /**
   * Every worker checkpoints and publishes its partitions; worker 0 then commits all their offsets for
   * the generation's group (the admin does when it could not: its setOffsets waits seconds for a join).
   */
  async finish(admin: Admin): Promise<void> {
    const checkpointed = await Promise.all(
      this.workers.map((w) => {
        w.send({ type: 'checkpoint' });
        return w.next('checkpointed');
      }),
    );
    const offsets = checkpointed.flatMap((c) => c.commit);
    const closed = await Promise.all(
      this.workers.map((w) => {
        w.send({ type: 'close', commit: w.index === 0 ? offsets : [] });
        return w.next('closed');
      }),
    );
    if (offsets.length > 0 && !closed[0].committed) {
      const topic = this.setup.prefix + TOPICS.dossierEvents.name;
      await admin.setOffsets({ groupId: this.setup.names.groupId, topic, partitions: offsets });
    }
    const own = this.workers.filter((w) => w.index > 0).map((w) => workerGroupId(this.setup.names, w.index));
    if (own.length > 0) await admin.deleteGroups(own).catch(() => undefined);
  }

  stats(): RunnerStats {
    return sumStats(this.workers.map((w) => w.stats));
  }

  partitionStats(partition: number): Record<string, number> {
    for (const w of this.workers) {
      const found = w.partitionStats.get(partition);
      if (found) return found;
    }
    return {};
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

type MessageOf<T extends ReplayWorkerMessage['type']> = Extract<ReplayWorkerMessage, { type: T }>;

/** One worker thread and what it last reported. */
class ReplayWorkerHandle {
  private readonly worker: Worker;
  private waiting?: { type: string; resolve: (message: ReplayWorkerMessage) => void; reject: (e: Error) => void };
  private failure?: Error;
  stats: RunnerStats = sumStats([]);
  partitionStats = new Map<number, Record<string, number>>();
  onRecords?: (count: number) => void;
  onVerified?: (result: VerifyResult) => void;

  constructor(
    setup: ReplayWorkerSetup,
    readonly index: number,
    readonly partitions: number[],
  ) {
    const entry = join(__dirname, `replay.worker${__filename.slice(__filename.lastIndexOf('.'))}`);
    const code = setup.preload && `require(${JSON.stringify(setup.preload)}); require(${JSON.stringify(entry)});`;
    this.worker = new Worker(code || entry, {
      eval: Boolean(code),
      workerData: { setup, worker: index, partitions },
      resourceLimits: setup.heapMb ? { maxOldGenerationSizeMb: setup.heapMb } : undefined,
    });
    this.worker.on('message', (message: ReplayWorkerMessage) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`replay worker ${index} exited with code ${code}`));
    });
  }

  send(command: ReplayWorkerCommand): void {
    this.worker.postMessage(command);
  }

  next<T extends ReplayWorkerMessage['type']>(type: T): Promise<MessageOf<T>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { type, resolve: resolve as (m: ReplayWorkerMessage) => void, reject };
    });
  }

  async terminate(): Promise<void> {
    this.waiting = undefined;
    await this.worker.terminate();
  }

  private receive(message: ReplayWorkerMessage): void {
    if (message.type === 'failed') {
      const error = new Error(`replay worker ${this.index}: ${message.message}`);
      error.stack = message.stack ?? error.stack;
      return this.fail(error);
    }
    if ('stats' in message) {
      this.onRecords?.(message.stats.records - this.stats.records);
      this.stats = message.stats;
    }
    if (message.type === 'verifiedOne') this.onVerified?.(message.result);
    if (message.type === 'closed') this.partitionStats = new Map(message.partitions);
    if (this.waiting?.type === message.type) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve(message);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}

/** The workers' runner figures added up (writes per event recomputed). */
export function sumStats(all: readonly RunnerStats[]): RunnerStats {
  const add = <T extends object>(items: readonly T[], zero: T): T => {
    const total = { ...zero } as Record<string, unknown>;
    for (const item of items)
      for (const [k, v] of Object.entries(item)) if (typeof v === 'number') total[k] = ((total[k] as number) ?? 0) + v;
    return total as T;
  };
  const store = add<CheckpointStoreStats>(
    all.map((s) => s.store),
    zeroCheckpointStoreStats(),
  );
  const counts = add(
    all.map(({ store: _s, writesPerEvent: _w, ...rest }) => rest),
    { ...zeroRunnerCounts(), inMemory: 0, archived: 0 },
  );
  return { ...counts, store, writesPerEvent: counts.records === 0 ? null : store.writes / counts.records };
}
