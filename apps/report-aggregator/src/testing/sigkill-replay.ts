// The chaos controller of the aggregator: a replay of a whole province-year through replicas of one
// consumer group while SIGKILL lands at seeded points; then every unit of the province, every month
// and the year must equal the pure oracle. Used by the short trials in `npm test` and the long ones
// of `npm run test:chaos`. Not part of the service build.
import { seededRandom } from '@dossier-ledger/aggregation/testing';
import { retryStartup } from '@dossier-ledger/platform';
import {
  networkFaults,
  serverOutage,
  ServiceProcess,
  testDatabaseUri,
  type LocalServerName,
  type NetworkFaults,
} from '@dossier-ledger/testing';

import { expectFiguresExact, provinceFigures, provinceYearEvents } from './province-figures';
import {
  aggregatorHealth,
  createApiKey,
  dropDatabase,
  EventWriter,
  figuresOf,
  getJson,
  newSuite,
  suiteLogFile,
  suiteVariables,
} from './aggregator-test-support';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReplayChaosOptions {
  seed: number;
  /** Dossiers of the province-year (about 5 events each). */
  dossiers: number;
  replicas: number;
  kills: number;
  /**
   * Rebalances besides the kills: each stop is a graceful one (SIGTERM: hand back, final checkpoint)
   * or a SIGKILL by a coin toss, and one more replica joins the group mid-replay and leaves again.
   */
  rebalances?: boolean;
  /** One server stopped for 2–6 s at a seeded point and started again; the replicas must ride it out. */
  outage?: LocalServerName;
  /**
   * The replicas reach Kafka and FerretDB through TCP proxies that inject latency, stalls and resets
   * at seeded moments while the year is written (the local servers only).
   */
  network?: boolean;
  province: string;
  /** The aggregator's entry point (a built bundle or `apps/report-aggregator/src/main.ts`). */
  main: string;
}

export interface ReplayChaosResult {
  events: number;
  kills: string[];
  comparisons: number;
  exactAfterMs: number;
}

/** Events per write while the replicas run. */
const SLICE = 100;

/** One trial: replay with SIGKILLs at seeded points; resolves once the figures are exact (else throws). */
export async function runSigkillReplayTrial(options: ReplayChaosOptions): Promise<ReplayChaosResult> {
  const random = seededRandom(options.seed);
  const suite = newSuite(`chaos-${options.seed}`);
  const writer = new EventWriter(suite.prefix);
  const replicas: (ServiceProcess | undefined)[] = [];
  const launched: ServiceProcess[] = [];
  let network: NetworkFaults | undefined;
  const launch = async (i: number) => {
    const replica = await ServiceProcess.start({
      name: `replica-${i}`,
      main: options.main,
      variables: suiteVariables(suite, {
        LOG_LEVEL: 'info',
        CHECKPOINT_MAX_INTERVAL_MS: String(200 + Math.floor(random() * 800)),
        CHECKPOINT_EVENTS_PER_WRITE: String(5 + Math.floor(random() * 500)),
        ...(network ? network.variables(testDatabaseUri(suite.database)) : {}),
      }),
      logFile: suiteLogFile(suite, `replica-${i}`),
    });
    launched.push(replica);
    replicas[i] = replica;
  };
  let passed = false;
  /** One more replica joins after `afterMs`, leaves gracefully `stayMs` later: two rebalances. */
  const joinAndLeave = async (index: number, afterMs: number, stayMs: number): Promise<string> => {
    await sleep(afterMs);
    await launch(index);
    await sleep(stayMs);
    await (replicas[index] as ServiceProcess).stop();
    return `replica-${index} joined after ${Math.round(afterMs)} ms and left ${Math.round(stayMs)} ms later`;
  };
  try {
    await writer.start();
    const key = await createApiKey(suite.database, [options.province]);
    const events = provinceYearEvents({
      seed: options.seed,
      dossiers: options.dossiers,
      province: options.province,
      idPrefix: `CH${options.seed}-`,
    });
    // A replay of the history already on the topic, while the rest of the year keeps arriving:
    // the replicas are busy from their first second, so a kill lands mid-batch, mid-checkpoint.
    const history = Math.floor(events.length * 0.3);
    await writer.write(events.slice(0, history));
    const expected = provinceFigures(events, options.province);
    // The faults draw from their own stream: they do not shift the trial's other draws.
    if (options.network) network = await networkFaults(seededRandom(options.seed ^ 0x5eed5));
    await Promise.all(Array.from({ length: options.replicas }, (_, i) => launch(i)));
    let written = history;
    const writing = (async () => {
      for (; written < events.length; written += SLICE) {
        // Through a broker outage, a slice is sent again until it lands (transient errors, 60 s at most).
        const slice = events.slice(written, written + SLICE);
        await retryStartup('write a slice of the year', () => writer.write(slice), { timeoutMs: 60_000 });
        await sleep(30);
      }
    })();
    /** Resolves once the replica has applied `target` records, or after 20 s if it never does. */
    const untilApplied = async (replica: ServiceProcess, target: number): Promise<number> => {
      const deadline = Date.now() + 20_000;
      let applied = 0;
      while (Date.now() < deadline && (applied = (await aggregatorHealth(replica.baseUrl)).records) < target)
        await sleep(10);
      return applied;
    };

    const kills: string[] = [];
    const started = Date.now();
    const joiner = options.rebalances ? joinAndLeave(options.replicas, 500 + random() * 3_000, random() * 5_000) : null;
    joiner?.catch(() => undefined); // awaited below; no unhandled rejection if a kill fails first
    for (let k = 0; k < options.kills; k++) {
      const victim = Math.floor(random() * options.replicas);
      const target = Math.floor(random() * (events.length / options.replicas) * 0.8);
      const process = replicas[victim] as ServiceProcess;
      const applied = await untilApplied(process, target);
      const graceful = options.rebalances === true && random() < 0.5;
      if (graceful) await process.stop();
      else await process.kill();
      const pause = Math.floor(random() * 1_500);
      kills.push(
        `replica-${victim} ${graceful ? 'stopped' : 'killed'} after ${applied} records applied (${Math.min(written, events.length)} of ${events.length} written), down ${pause} ms`,
      );
      await sleep(pause);
      await launch(victim);
    }
    if (options.outage) {
      const target = Math.floor(random() * (events.length / options.replicas) * 0.8);
      const applied = await untilApplied(replicas[0] as ServiceProcess, target);
      const outage = await serverOutage(options.outage, 2_000 + Math.floor(random() * 4_000));
      kills.push(`${outage} (replica-0 had applied ${applied} records)`);
    }
    if (network) {
      kills.push(...(await network.injectUntil(writing)));
      const { kafka, ferretdb } = network.connections;
      if (kafka === 0 || ferretdb === 0)
        throw new Error(`the replicas went around the proxies (${kafka}, ${ferretdb})`);
    }
    await writing;
    if (joiner) kills.push(await joiner);
    // Every fault so far must have been ridden out: no replica may have died on its own.
    replicas.slice(0, options.replicas).forEach((replica, i) => {
      if (!replica?.running) throw new Error(`replica-${i} exited during the trial:\n${replica?.log.slice(-2_000)}`);
    });

    await expectFiguresExact((replicas[0] as ServiceProcess).baseUrl, key, expected, {
      timeoutMs: 180_000,
      // What the next person needs: the faults, and whether every replica's read model is wrong.
      explain: async (firstWrong) =>
        `faults and stops: ${kills.join('; ')}\n${await postMortem(launched, firstWrong, key)}`,
    });
    passed = true;
    return { events: events.length, kills, comparisons: expected.size, exactAfterMs: Date.now() - started };
  } finally {
    for (const process of launched) await process.stop().catch(() => false);
    await network?.close();
    // CHAOS_KEEP_FAILED=1 keeps a failed trial's topics (events, counters feed) for a post-mortem.
    await writer.stop({ keepTopics: !passed && process.env['CHAOS_KEEP_FAILED'] === '1' });
    await dropDatabase(suite.database);
  }
}

/** Per running replica: its read model's counts, the partitions it owns, and its answer for `id`. */
async function postMortem(replicas: readonly ServiceProcess[], id: string, key: string): Promise<string> {
  const [unit, from, to] = id.split('|');
  const lines: string[] = [];
  for (const replica of replicas.filter((r) => r.running)) {
    const health = await getJson(replica.baseUrl, '/health', key).catch((e: Error) => ({ body: e.message }));
    const details = (health.body as { details?: Record<string, unknown> }).details ?? {};
    const {
      coveredOffsets: _offsets,
      partitions: _progress,
      ...readModel
    } = (details['readModel'] ?? {}) as Record<string, unknown>;
    const answer = await getJson(replica.baseUrl, `/v1/reports/dossiers?unit=${unit}&from=${from}&to=${to}`, key);
    lines.push(
      `${replica.name}: readModel ${JSON.stringify(readModel)}; partitions ${JSON.stringify(details['partitions'])}; ` +
        `${id}: ${JSON.stringify(answer.status === 200 ? figuresOf(answer.body) : answer)}`,
    );
  }
  return lines.join('\n');
}

/** The seed of a chaos run: CHAOS_SEED reproduces a printed one (trial t uses seed + t). */
export function chaosSeed(fallback?: number): number {
  const given = process.env['CHAOS_SEED'];
  return given ? Number(given) : (fallback ?? Math.floor(Math.random() * 1_000_000));
}
