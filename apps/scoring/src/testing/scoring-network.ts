// Scoring behind a slow and lossy network: the intake and the aggregator run as processes on the
// local servers; scoring (its own process) reaches Kafka and FerretDB through proxies that inject
// latency, stalls and resets at seeded moments while a province-year of realistic dossiers is posted
// and aggregated. Once the network heals and scoring is idle, every unit that received dossiers (and
// every unit above it) must have a year score published under every rule set, and the last
// score.updated.v1 of every year and quarter must equal the score computed again from the report
// API's figures (same inputs hash, same total): no report.updated lost, no stale score left
// published. The outage variant stops the local Kafka and FerretDB instead (2–6 s each, mid-ingest):
// every service must ride it out without a restart, and the same must hold. Used by
// `npm run test:chaos`. Not part of the service build.
import { TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { interleaveByTime, realisticDossiers, seededRandom } from '@dossier-ledger/aggregation/testing';
import {
  expectEventually,
  jsonBatches,
  networkFaults,
  postEvents,
  sendUntilAcknowledged,
  serverOutages,
  ServiceProcess,
  processSuite,
  startIntakeAndAggregator,
  testDatabaseUri,
} from '@dossier-ledger/testing';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { ScoreUpdatesStats } from '../updates/score-updates.runner';
import { createKey, dropDatabase, ScoreUpdatedReader } from './scoring-test-support';
import { setTimeout as sleep } from 'node:timers/promises';

const registry = loadDefaultUnitRegistry();
const RULE_SETS = ['766@1', 'par-dak-nong@1', 'par-qn@1'];
const YEAR = '2024-01-01:2024-12-31';
/** The windows compared: the year and its quarters (months would triple the requests). */
const WINDOWS = [
  YEAR,
  '2024-01-01:2024-03-31',
  '2024-04-01:2024-06-30',
  '2024-07-01:2024-09-30',
  '2024-10-01:2024-12-31',
];

export interface ScoringNetworkResult {
  events: number;
  faults: string[];
  /** Rule set × unit × window scores compared with a fresh computation. */
  comparisons: number;
  published: number;
  /** Scoring's counters once it had nothing left to recompute. */
  caughtUp: ScoreUpdatesStats;
}

/** Scoring's score-update counters once nothing waits and nothing new came in for 3 s (10 minutes at most). */
async function untilIdle(baseUrl: string): Promise<ScoreUpdatesStats> {
  const counts = async () =>
    ((await (await fetch(`${baseUrl}/health`)).json()) as { details: { scoreUpdates: ScoreUpdatesStats } }).details
      .scoreUpdates;
  const deadline = Date.now() + Number(process.env['CHAOS_SCORING_IDLE_MS'] ?? 600_000);
  let previous = await counts();
  while (Date.now() < deadline) {
    await sleep(3_000);
    const now = await counts();
    if (
      now.pending === 0 &&
      now.notifications === previous.notifications &&
      now.recomputations === previous.recomputations
    )
      return now;
    previous = now;
  }
  throw new Error(`scoring still busy after 10 minutes: ${JSON.stringify(previous)}`);
}

export async function runScoringNetworkTrial(options: {
  seed: number;
  dossiers: number;
  province: string;
  fault?: 'network' | 'outage';
}): Promise<ScoringNetworkResult> {
  const suite = processSuite(`scoring-${options.fault ?? 'network'}-${options.seed}`);
  const { prefix, database, variables: common } = suite;
  const network = options.fault === 'outage' ? undefined : await networkFaults(seededRandom(options.seed ^ 0x5eed5));
  const reader = new ScoreUpdatedReader(prefix + TOPICS.scoreUpdated.name);
  const services: ServiceProcess[] = [];
  try {
    const key = await createKey(database, [options.province], ['write', 'read']);
    const serviceKey = await createKey(database, [options.province], ['read']);
    const [intake, aggregator] = await startIntakeAndAggregator(suite);
    services.push(intake, aggregator);
    const scoring = await ServiceProcess.start({
      name: 'scoring',
      main: 'apps/scoring/src/main.ts',
      variables: {
        ...common,
        ...network?.variables(testDatabaseUri(database)),
        KAFKA_GROUP_ID: `${prefix}scoring`,
        REPORT_API_URL: aggregator.baseUrl,
        REPORT_API_KEY: serviceKey,
        SCORE_UPDATE_LINGER_MS: '300',
      },
    });
    services.push(scoring);
    await reader.start();

    const events: DossierEventV1[] = interleaveByTime(
      realisticDossiers({
        registry,
        seed: options.seed,
        dossiers: options.dossiers,
        province: options.province,
        firstDay: '2024-01-01',
        days: 366,
        idPrefix: `SN${options.seed}-`,
      }),
    );
    const bodies = jsonBatches(events, 50);
    // Paced, so that scoring works through report updates for the whole of the faults.
    const sending = sendUntilAcknowledged({
      count: bodies.length,
      inFlight: 1,
      retryMs: 200,
      acknowledged: 202,
      send: (b) => sleep(100).then(() => postEvents(intake.baseUrl, key, bodies[b])),
    });
    // Scoring's readiness checks only MongoDB (by design, see its health controller): the intake,
    // which checks both, must say 503 during each stop.
    const faults = network
      ? await network.injectUntil(sending)
      : await serverOutages([intake], seededRandom(options.seed ^ 0x0da6e));
    await sending;
    if (network && (network.connections.kafka === 0 || network.connections.ferretdb === 0))
      throw new Error(`scoring went around the proxies (${JSON.stringify(network.connections)})`);
    const exited = services.filter((service) => !service.running).map((service) => service.name);
    if (exited.length > 0) throw new Error(`${exited.join(', ')} exited during the faults`);

    // Units that received dossiers (and the units above them) must have a year score under every
    // rule set; every year or quarter score published must be the one computed again now.
    const withDossiers = new Set(
      events
        .filter((event) => event.type === 'DossierReceived')
        .flatMap((event) => [event.unitCode, ...registry.ancestors(event.unitCode, '2024-12-31').map((u) => u.code)]),
    );
    const expectedIds = () => {
      const ids = new Set<string>();
      for (const unit of withDossiers) for (const ruleSet of RULE_SETS) ids.add(`${ruleSet}:${unit}:${YEAR}`);
      for (const update of reader.updates) {
        const score = `${update.ruleSet}@${update.ruleSetVersion}:${update.unitCode}:${update.from}:${update.to}`;
        if (WINDOWS.includes(`${update.from}:${update.to}`)) ids.add(score);
      }
      return [...ids];
    };
    // Scoring works off its backlog first: comparing while it recomputes would only race it (and
    // every comparison is a score computed on the same process).
    const caughtUp = await untilIdle(scoring.baseUrl).catch((error: Error) => {
      error.message += `\nscoring log: ${scoring.log.slice(-6_000)}`;
      throw error;
    });
    let comparisons = 0;
    await expectEventually(
      async () => {
        const ids = expectedIds();
        for (const scoreId of ids) {
          const [ruleSet, unit, from, to] = scoreId.split(':');
          const published = reader.last(scoreId);
          const response = await fetch(
            `${scoring.baseUrl}/v1/scores?unit=${unit}&from=${from}&to=${to}&ruleSet=${encodeURIComponent(ruleSet)}`,
            { headers: { authorization: `Bearer ${key}` } },
          );
          const fresh = (await response.json()) as { scoreId?: string; score?: { total: number } };
          // The id ends with a hash of the figures and inputs: equal ids, equal inputs.
          expect({ score: scoreId, id: published?.scoreId, total: published?.score }).toEqual({
            score: scoreId,
            id: fresh.scoreId,
            total: fresh.score?.total,
          });
        }
        comparisons = ids.length;
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    ).catch(async (error: Error) => {
      const health = await fetch(`${scoring.baseUrl}/health`).then((r) => r.text(), String);
      error.message += `\n\nfaults: ${faults.join('; ')}\nscoring /health: ${health}\nscoring log: ${scoring.log.slice(-3_000)}`;
      throw error;
    });
    return { events: events.length, faults, caughtUp, comparisons, published: reader.updates.length };
  } finally {
    await reader.stop();
    for (const service of services.reverse()) await service.stop().catch(() => false);
    await network?.close();
    await dropDatabase(database);
  }
}
