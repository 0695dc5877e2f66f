// The intake SIGKILLed under a vendor's load, counted end to end: a province-year of realistic dossiers
// is posted through the intake service (its own process) in batches of 50, four in flight; the intake
// is killed at a seeded point and started again, and every batch that got no answer is sent again.
// Then an aggregator on the same topics must answer the oracle's figures over the distinct events for
// every unit of the province, every month and the year: whatever the kill left half-published and the
// re-sending repeated is counted once. Used by the short trial in `npm test` and the long ones of
// `npm run test:chaos`. Not part of the service build.
import type { INestApplication } from '@nestjs/common';
import { interleaveByTime, realisticDossiers, seededRandom } from '@dossier-ledger/aggregation/testing';
import { sendRaw, sendThroughKill, type ServiceProcess } from '@dossier-ledger/testing';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { createApiKey, dropDatabase, newSuite, registry, startSuiteIntake, suiteEnv } from './aggregator-test-support';
import { expectFiguresExact, provinceFigures, YEAR } from './province-figures';

const BATCH = 50;

export interface IntakeKillFiguresResult {
  events: number;
  batches: number;
  acknowledgedBeforeKill: number;
  resent: number;
  comparisons: number;
}

export async function runIntakeKillFiguresTrial(options: {
  seed: number;
  dossiers: number;
  province: string;
}): Promise<IntakeKillFiguresResult> {
  const random = seededRandom(options.seed);
  const suite = newSuite(`intake-kill-figures-${options.seed}`);
  let aggregator: INestApplication | undefined;
  let intake: ServiceProcess | undefined;
  try {
    const key = await createApiKey(suite.database, [options.province], ['write', 'read']);
    aggregator = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
    await aggregator.listen(0, '127.0.0.1');
    const aggregatorUrl = `http://127.0.0.1:${(aggregator.getHttpServer().address() as AddressInfo).port}`;
    intake = await startSuiteIntake(suite);

    const events = interleaveByTime(
      realisticDossiers({
        registry,
        seed: options.seed,
        dossiers: options.dossiers,
        province: options.province,
        firstDay: `${YEAR}-01-01`,
        days: 366,
        idPrefix: `IK${options.seed}-`,
      }),
    );
    const bodies: string[] = [];
    for (let i = 0; i < events.length; i += BATCH) bodies.push(JSON.stringify(events.slice(i, i + BATCH)));
    const sent = await sendThroughKill({
      count: bodies.length,
      send: (b) =>
        sendRaw((intake as ServiceProcess).baseUrl, {
          method: 'POST',
          path: '/v1/events',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: bodies[b],
        }).then(
          (response) => response.status,
          () => 0, // no answer
        ),
      acknowledged: 202,
      killAfter: Math.floor(random() * bodies.length * 0.7),
      kill: () => (intake as ServiceProcess).kill(),
      restart: async () => {
        intake = await startSuiteIntake(suite);
      },
      pauseMs: Math.floor(random() * 1_000),
    });

    const expected = provinceFigures(events, options.province);
    await expectFiguresExact(aggregatorUrl, key, expected, { timeoutMs: 120_000 });
    return { events: events.length, batches: bodies.length, ...sent, comparisons: expected.size };
  } finally {
    await intake?.stop().catch(() => false);
    await aggregator?.close();
    await dropDatabase(suite.database);
  }
}
