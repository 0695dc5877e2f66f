// A replay worker thread (ParallelProjectionReplay): its share of the partitions replayed into its own
// ProjectionReplay, in a consumer group of its own; progress every 500 ms.
import { parentPort, workerData } from 'node:worker_threads';
import { connectionDb, createKafka } from '@dossier-ledger/platform';
import { DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { Logger } from '@nestjs/common';
import mongoose from 'mongoose';
import { RegistryUnitHierarchy } from '../hierarchy/registry-unit-hierarchy';
import { DossierReportProjectionFactory } from '../projection/dossier-report.projection';
import {
  workerGroupId,
  type ReplayWorkerCommand,
  type ReplayWorkerMessage,
  type ReplayWorkerSetup,
} from './parallel-replay';
import { ProjectionReplay } from './projection-replay';

const PROGRESS_MS = 500;

async function main(setup: ReplayWorkerSetup, worker: number, partitions: number[]): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('replay.worker runs in a worker thread');
  const post = (message: ReplayWorkerMessage) => port.postMessage(message);
  Logger.overrideLogger(['error']);
  const kafka = createKafka(setup.brokers, `${setup.clientId}-replay-${worker}`);
  const connection = await mongoose.createConnection(setup.mongoUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  const replay = new ProjectionReplay({
    kafka,
    db: connectionDb(connection),
    prefix: setup.prefix,
    names: { ...setup.names, groupId: workerGroupId(setup.names, worker) },
    factory: new DossierReportProjectionFactory({
      rules: DEFAULT_COUNTING_RULES,
      hierarchy: new RegistryUnitHierarchy(loadDefaultUnitRegistry()),
      ...setup.projection,
    }),
    maxReplayEvents: setup.maxReplayEvents,
    sessionTimeoutMs: setup.sessionTimeoutMs,
    fetch: setup.fetch,
  });
  /** Runs `work` while posting the runner's figures every PROGRESS_MS. */
  const withProgress = async <T>(work: () => Promise<T>): Promise<T> => {
    const progress = setInterval(() => post({ type: 'progress', stats: replay.stats() }), PROGRESS_MS);
    try {
      return await work();
    } finally {
      clearInterval(progress);
    }
  };
  const handle = async (command: ReplayWorkerCommand): Promise<boolean> => {
    if (command.type === 'run') {
      const ranges = new Map(command.ranges.map(([p, from, to]) => [p, { from: BigInt(from), to: BigInt(to) }]));
      await withProgress(() => replay.run(ranges));
      post({ type: 'ran', stats: replay.stats() });
      return false;
    }
    if (command.type === 'verify') {
      const results = await withProgress(() =>
        replay.verify(command.live, command.requests, undefined, (result) => post({ type: 'verifiedOne', result })),
      );
      post({ type: 'verified', stats: replay.stats(), results });
      return false;
    }
    if (command.type === 'checkpoint') {
      post({ type: 'checkpointed', stats: replay.stats(), commit: await replay.checkpointAll() });
      return false;
    }
    const committed = command.commit.length === 0 || (await replay.replay.commit(command.commit));
    await replay.replay.stop();
    await replay.runner.collectGarbageNow();
    post({
      type: 'closed',
      stats: replay.stats(),
      committed,
      partitions: partitions.map((p) => [p, replay.partitionStats(p)]),
    });
    return true;
  };
  await replay.assign(partitions);
  post({ type: 'ready' });
  // Commands come one at a time (the main thread waits for each answer); the worker ends after `close`.
  await new Promise<void>((resolve, reject) => {
    port.on('message', (command: ReplayWorkerCommand) => {
      handle(command).then((done) => {
        if (!done) return;
        replay
          .close()
          .then(() => connection.close())
          .then(() => resolve(), reject);
      }, reject);
    });
  });
  port.close();
}

const { setup, worker, partitions } = workerData as { setup: ReplayWorkerSetup; worker: number; partitions: number[] };
main(setup, worker, partitions).catch((error: Error) => {
  parentPort?.postMessage({ type: 'failed', message: error.message, stack: error.stack } satisfies ReplayWorkerMessage);
});
