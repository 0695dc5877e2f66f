// cli.js rebuild [--from-store] (npm run rebuild --) [--store-uri URI] [--workers N]: replays every event into a new generation of the
// aggregator's projections, verifies it equals the live one and switches reads to it (docs/rebuild.md).
import { createKafka, loadEnv } from '@dossier-ledger/platform';
import { DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { Logger } from '@nestjs/common';
import { Presets, SingleBar } from 'cli-progress';
import mongoose from 'mongoose';
import {
  AggregatorEnv,
  RegistryUnitHierarchy,
  AggregatorRebuild,
  type RebuildProgress,
} from '@dossier-ledger/aggregation';
import { parseArgs, stringOption, UsageError } from '@dossier-ledger/platform';

export const REBUILD_USAGE = `Usage: rebuild [--from-store] [--store-uri URI] [--workers N]
  Replays the events topic (or, with --from-store, intake's event store and then what the topic still holds)
  into a new generation of the report aggregator's projections, compares it with the live one and switches
  the running aggregators to it. Uses the aggregator's variables: KAFKA_BROKERS, MONGODB_URI,
  KAFKA_TOPIC_PREFIX, KAFKA_GROUP_ID, STATE_CHUNK_DOSSIERS. --store-uri: intake's database when it is not MONGODB_URI's.
  --workers N (default REBUILD_WORKERS, 1): worker threads the partitions are replayed and verified in.`;

/** One cli-progress bar per phase, with events/s; a summary line per phase when stdout is no terminal. */
class ProgressBars implements RebuildProgress {
  private bar?: SingleBar;
  private name = '';
  private started = 0;
  private value = 0;

  phase(name: string, total: number): void {
    this.end();
    this.name = name;
    this.started = Date.now();
    this.value = 0;
    this.bar = new SingleBar(
      {
        format: `${name.padEnd(34)} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        etaBuffer: 50,
        fps: 5,
      },
      Presets.shades_classic,
    );
    this.bar.start(Math.max(total, 1), 0, { rate: 0 });
  }

  advance(records: number): void {
    this.value += records;
    this.bar?.update(this.value, {
      rate: Math.round(this.value / Math.max((Date.now() - this.started) / 1000, 0.001)),
    });
  }

  end(): void {
    if (!this.bar) return;
    this.bar.stop();
    this.bar = undefined;
    const seconds = (Date.now() - this.started) / 1000;
    console.log(
      `${this.name}: ${this.value.toLocaleString('en-US')} in ${seconds.toFixed(1)} s (${Math.round(this.value / Math.max(seconds, 0.001)).toLocaleString('en-US')}/s)`,
    );
  }
}

/** `rebuild [--from-store]`: a new generation of the aggregator's projections, verified, then switched to. */
export async function rebuildCommand(argv: string[]): Promise<void> {
  const { positional, options } = parseArgs(argv);
  if (positional.length > 0) throw new UsageError(`Unexpected argument ${positional[0]}`);
  for (const name of options.keys())
    if (!['from-store', 'store-uri', 'workers'].includes(name)) throw new UsageError(`Unknown option --${name}`);
  const fromStore = options.has('from-store');
  const storeUri = stringOption(options, 'store-uri');
  const env = loadEnv(AggregatorEnv);
  const workers = stringOption(options, 'workers');
  if (workers !== undefined) {
    const n = Number(workers);
    if (!Number.isInteger(n) || n < 1 || n > 64)
      throw new UsageError(`--workers must be an integer from 1 to 64, got ${workers}`);
    env.REBUILD_WORKERS = n;
  }
  Logger.overrideLogger(['error', 'warn']);
  const kafka = createKafka(env.KAFKA_BROKERS, 'report-aggregator-rebuild');
  const admin = kafka.admin();
  await admin.connect();
  const connection = await mongoose.createConnection(env.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  const storeConnection = storeUri
    ? await mongoose.createConnection(storeUri, { serverSelectionTimeoutMS: 5_000 }).asPromise()
    : undefined;
  try {
    const rebuild = new AggregatorRebuild({
      kafka,
      admin,
      db: connection.db as mongoose.mongo.Db,
      storeDb: storeConnection?.db as mongoose.mongo.Db | undefined,
      env,
      rules: DEFAULT_COUNTING_RULES,
      hierarchy: new RegistryUnitHierarchy(loadDefaultUnitRegistry()),
    });
    const result = await rebuild.run({ fromStore, progress: new ProgressBars() });
    const offsets = Object.entries(result.offsets)
      .map(([p, o]) => `${p}:${o}`)
      .join(' ');
    console.log(
      `records replayed: ${result.records.toLocaleString('en-US')} (replay ${(result.replayMs / 1000).toFixed(1)} s, total ${(result.totalMs / 1000).toFixed(1)} s); compared at offsets ${offsets}`,
    );
    if (!result.switched) {
      throw new Error(
        `generation ${result.generation} differs from the live generation ${result.previous}; reads stay on ${result.previous}:\n  ${result.differences.join('\n  ')}`,
      );
    }
    console.log(
      `generation ${result.generation} is active (was ${result.previous}); running aggregators move to it within GENERATION_POLL_MS (${env.GENERATION_POLL_MS} ms).`,
    );
  } finally {
    await admin.disconnect();
    await connection.close();
    await storeConnection?.close();
  }
}
