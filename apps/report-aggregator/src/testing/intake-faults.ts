// The intake under faults while a vendor loads it, counted end to end: a province-year of realistic
// dossiers is posted through the intake service (its own process) in batches of 50, four in flight,
// while either the intake is SIGKILLed at a seeded point and started again (every batch that got no
// answer is sent again), or its Kafka and FerretDB traffic crosses proxies that inject latency, stalls
// and resets for up to 20 s (every batch is sent until acknowledged, within 3 minutes of the heal),
// or the local Kafka and FerretDB are each stopped for 2–6 s mid-ingest (in a seeded order; the intake
// must say it is not ready meanwhile, come back by itself — the same process — and acknowledge the
// rest within 3 minutes).
// Then an aggregator on the same topics must answer the oracle's figures over the distinct events for
// every unit of the province, every month and the year: whatever a fault left half-published and the
// re-sending repeated is counted once.
// Used by the short trial in `npm test` and the long ones of `npm run test:chaos`. Not part of the build.
import type { INestApplication } from '@nestjs/common';
import { seededRandom } from '@dossier-ledger/aggregation/testing';
import {
  jsonBatches,
  networkFaults,
  postEvents,
  sendThroughKill,
  sendUntilAcknowledged,
  serverOutages,
  testDatabaseUri,
  type ServiceProcess,
} from '@dossier-ledger/testing';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { createApiKey, dropDatabase, newSuite, startSuiteIntake, suiteEnv } from './aggregator-test-support';
import { expectFiguresExact, provinceFigures, provinceYearEvents } from './province-figures';
import { setTimeout as sleep } from 'node:timers/promises';

const BATCH = 50;
const FAULTS_MS = 20_000;
const CATCH_UP_MS = 180_000;

export interface IntakeFaultResult {
  events: number;
  batches: number;
  /** Batches sent again (after the kill: no answer or never sent; through the network: each repeat). */
  resent: number;
  faults: string[];
  comparisons: number;
}

export async function runIntakeFaultTrial(options: {
  seed: number;
  dossiers: number;
  province: string;
  fault: 'sigkill' | 'network' | 'outage';
}): Promise<IntakeFaultResult> {
  const random = seededRandom(options.seed);
  const suite = newSuite(`intake-${options.fault}-${options.seed}`);
  const network = options.fault === 'network' ? await networkFaults(seededRandom(options.seed ^ 0x5eed5)) : undefined;
  const startIntake = () => startSuiteIntake(suite, network?.variables(testDatabaseUri(suite.database)));
  let aggregator: INestApplication | undefined;
  let intake: ServiceProcess | undefined;
  let finished = false;
  try {
    const key = await createApiKey(suite.database, [options.province], ['write', 'read']);
    aggregator = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
    await aggregator.listen(0, '127.0.0.1');
    const aggregatorUrl = `http://127.0.0.1:${(aggregator.getHttpServer().address() as AddressInfo).port}`;
    intake = await startIntake();

    const events = provinceYearEvents({
      seed: options.seed,
      dossiers: options.dossiers,
      province: options.province,
      idPrefix: `IF${options.seed}-`,
    });
    const bodies = jsonBatches(events, BATCH);
    const load = {
      count: bodies.length,
      send: (b: number) => postEvents((intake as ServiceProcess).baseUrl, key, bodies[b]),
      acknowledged: 202,
    };

    let resent: number;
    let faults: string[];
    if (options.fault === 'sigkill') {
      const sent = await sendThroughKill({
        ...load,
        killAfter: Math.floor(random() * bodies.length * 0.7),
        kill: () => (intake as ServiceProcess).kill(),
        restart: async () => {
          intake = await startIntake();
        },
        pauseMs: Math.floor(random() * 1_000),
      });
      resent = sent.resent;
      faults = [`SIGKILL after ${sent.acknowledgedBeforeKill} batches acknowledged`];
    } else {
      const sending = sendUntilAcknowledged({ ...load, retryMs: 200, stopped: () => finished });
      // Faults for a bounded time, as networks and servers have bad spells: the intake must then catch up.
      faults = network
        ? await network.injectUntil(Promise.race([sending, sleep(FAULTS_MS)]))
        : await serverOutages([intake], random);
      const healed = await Promise.race([sending, sleep(CATCH_UP_MS).then(() => null)]);
      if (healed === null)
        throw new Error(
          `the intake had not acknowledged every batch ${CATCH_UP_MS / 1000} s after the faults ended; faults: ${faults.join('; ')}\n` +
            `intake log: ${(intake as ServiceProcess).log.slice(-4_000)}`,
        );
      ({ resent } = healed);
      if (network && (network.connections.kafka === 0 || network.connections.ferretdb === 0))
        throw new Error(`the intake went around the proxies (${JSON.stringify(network.connections)})`);
      if (!network && !intake.running)
        throw new Error(`the intake exited during the outages: ${intake.log.slice(-4_000)}`);
    }

    const expected = provinceFigures(events, options.province);
    await expectFiguresExact(aggregatorUrl, key, expected, {
      timeoutMs: 120_000,
      explain: async () => `faults: ${faults.join('; ')}`,
    });
    return { events: events.length, batches: bodies.length, resent, faults, comparisons: expected.size };
  } finally {
    finished = true;
    await intake?.stop().catch(() => false);
    await aggregator?.close();
    await network?.close();
    await dropDatabase(suite.database);
  }
}
