import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { readFileSync } from 'node:fs';
import { createKafka } from '@dossier-ledger/platform';
import { testDatabaseUri, testServers } from '@dossier-ledger/testing';
import mongoose from 'mongoose';
import { aggregatorStatusLines } from '../cli/checkpoint-status';
import { interleaveByTime, realisticDossiers, seededRandom } from '@dossier-ledger/aggregation/testing';
import {
  EventWriter,
  expectOracleFigures,
  newSuite,
  registry,
  suiteLogFile,
  suiteVariables,
  useAggregatorProcesses,
  writeWhileApplying,
} from '../testing/aggregator-test-support';

// SIGTERM while a stream is being applied: the process finishes its batch, checkpoints what it
// holds, commits exactly those offsets, leaves the group and exits 0 within Kubernetes' grace
// period; its successor resumes from those checkpoints and the figures are the oracle's.
const TRIALS = 2;
const GRACE_PERIOD_MS = 45_000; // terminationGracePeriodSeconds (k8s) and stop_grace_period (compose)
const PROVINCE = '12';

/** The `msg` of each JSON log line of a file. */
function logMessages(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg ?? ''));
}

/** partition → offset, from the lines "partition P handed back at offset O" / "partition P: restored checkpoint vV at offset O". */
function offsetsLogged(messages: string[], pattern: RegExp): Record<number, string> {
  return Object.fromEntries(
    messages.flatMap((m) => [...m.matchAll(pattern)].map((match) => [Number(match[1]), match[2]])),
  );
}

/** What `node cli.js status` says of the suite's checkpoints, read from the store and the broker alone. */
async function checkpointStatus(suite: { prefix: string; database: string }): Promise<string[]> {
  const connection = await mongoose.createConnection(testDatabaseUri(suite.database)).asPromise();
  const kafka = createKafka(testServers().kafkaBrokers, 'status-test').admin();
  await kafka.connect();
  try {
    return await aggregatorStatusLines({ db: connection.db as mongoose.mongo.Db, kafka, topicPrefix: suite.prefix });
  } finally {
    await kafka.disconnect();
    await connection.close();
  }
}

describe('SIGTERM of the aggregator mid-stream (child process)', () => {
  const suite = newSuite('agg-term');
  const writer = new EventWriter(suite.prefix);
  const groupId = `${suite.prefix}aggregator`;
  const events: DossierEventV1[] = [];
  const processes = useAggregatorProcesses(suite, writer, [PROVINCE]);
  const launch = (name: string, overrides: Record<string, string> = {}) =>
    processes.launch(name, suiteVariables(suite, { LOG_LEVEL: 'info', ...overrides }));

  it.each(Array.from({ length: TRIALS }, (_, i) => [i + 1]))(
    'trial %i: stopped while applying, it exits 0 in time having committed its checkpoints; the restart loses and doubles nothing',
    async (trial) => {
      const random = seededRandom(500 + Number(trial));
      // Checkpoints only when handing partitions back: the SIGTERM path is what saves the state.
      const victim = await launch(`victim-${trial}`, {
        CHECKPOINT_MAX_INTERVAL_MS: '3600000',
        CHECKPOINT_EVENTS_PER_WRITE: '10000',
      });
      const batch = interleaveByTime(
        realisticDossiers({
          registry,
          seed: 500 + Number(trial),
          dossiers: 600,
          province: PROVINCE,
          firstDay: '2024-01-01',
          days: 366,
          idPrefix: `TERM${trial}`,
        }),
      );
      const { writing } = await writeWhileApplying(writer, victim, batch, events, 0.2 + 0.5 * random());

      const graceful = await victim.stop(GRACE_PERIOD_MS);
      expect({ graceful, ...(await victim.whenExited()) }).toEqual({ graceful: true, code: 0, signal: null });
      const handedBack = offsetsLogged(
        logMessages(suiteLogFile(suite, `victim-${trial}`)),
        /partition (\d+) handed back at offset (\d+)/g,
      );
      expect(Object.keys(handedBack).map(Number).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(await writer.committedOffsets(groupId)).toEqual(handedBack);
      // The status command sees the same offsets in the store, with no replica running.
      const status = await checkpointStatus(suite);
      for (const [partition, offset] of Object.entries(handedBack)) {
        const line = status.find((l) => l.startsWith(`  p${partition}  `));
        expect(line).toMatch(
          offset === '0'
            ? /(no checkpoint|at offset 0) of \d+/
            : new RegExp(`at offset ${offset} of \\d+, \\d+ behind, written`),
        );
      }

      await writing;
      const successor = await launch(`successor-${trial}`);
      await expectOracleFigures(successor.baseUrl, processes.key(), events, PROVINCE);
      const restored = offsetsLogged(
        logMessages(suiteLogFile(suite, `successor-${trial}`)),
        /partition (\d+): restored checkpoint v\d+ at offset (\d+)/g,
      );
      // Every partition that had events resumes exactly where the stopped process left it.
      for (const [partition, offset] of Object.entries(handedBack))
        if (offset !== '0') expect({ partition, offset: restored[Number(partition)] }).toEqual({ partition, offset });
      expect(await successor.stop(GRACE_PERIOD_MS)).toBe(true);
      expect((await successor.whenExited()).code).toBe(0);
    },
    240_000,
  );
});
