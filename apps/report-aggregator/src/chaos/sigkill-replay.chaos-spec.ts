import { buildApp } from '@dossier-ledger/testing';
import { chaosSeed, runSigkillReplayTrial } from '../testing/sigkill-replay';

// The long chaos run (`npm run test:chaos`, a quiet machine): CHAOS_TRIALS trials (20) of a replay
// of CHAOS_DOSSIERS dossiers (200,000 ≈ 1,000,000 events) through two built aggregators, each trial
// with 1–3 stops at seeded points (SIGKILL or SIGTERM) and a third replica joining and leaving.
// Every trial prints its seed; CHAOS_SEED=<seed> CHAOS_TRIALS=1 reproduces one.
const TRIALS = Number(process.env['CHAOS_TRIALS'] ?? '20');
const DOSSIERS = Number(process.env['CHAOS_DOSSIERS'] ?? '200000');
const seed = chaosSeed();

// One build for every trial of the file.
let main = '';
beforeAll(() => {
  main = buildApp('report-aggregator');
}, 600_000);

describe('chaos: SIGKILL during a replay through two replicas', () => {
  it.each(Array.from({ length: TRIALS }, (_, i) => [i + 1, seed + i]))(
    'trial %i (seed %i): figures exact for every unit of the province, every month and the year',
    async (trial, trialSeed) => {
      console.log(
        `[chaos] trial ${trial}/${TRIALS}: seed ${trialSeed} (reproduce with CHAOS_SEED=${trialSeed} CHAOS_TRIALS=1)`,
      );
      const result = await runSigkillReplayTrial({
        seed: Number(trialSeed),
        dossiers: DOSSIERS,
        replicas: 2,
        kills: 1 + (Number(trialSeed) % 3),
        rebalances: true,
        province: '58',
        main,
      });
      console.log(
        `[chaos] trial ${trial} (seed ${trialSeed}): ${result.events} events, kills: ${result.kills.join('; ')}; ` +
          `${result.comparisons} figures exact ${(result.exactAfterMs / 1000).toFixed(1)} s after the first start`,
      );
    },
    3_600_000,
  );
});

// CHAOS_OUTAGE_TRIALS trials (4): Kafka, then FerretDB, stopped for 2–6 s mid-replay (the local servers
// only) while two replicas work; they must ride it out without a restart and end exact.
const OUTAGE_TRIALS = Number(process.env['CHAOS_OUTAGE_TRIALS'] ?? '4');

describe('chaos: Kafka or FerretDB stopped and started again during a replay', () => {
  it.each(Array.from({ length: OUTAGE_TRIALS }, (_, i) => [i + 1, seed + 1000 + i]))(
    'outage trial %i (seed %i): the replicas recover by themselves and the figures end exact',
    async (trial, trialSeed) => {
      const outage = trial % 2 === 1 ? 'kafka' : 'ferretdb';
      console.log(`[chaos] outage trial ${trial}/${OUTAGE_TRIALS} (${outage}): seed ${trialSeed}`);
      const result = await runSigkillReplayTrial({
        seed: Number(trialSeed),
        dossiers: DOSSIERS,
        replicas: 2,
        kills: 0,
        outage,
        province: '58',
        main,
      });
      console.log(
        `[chaos] outage trial ${trial} (seed ${trialSeed}): ${result.events} events, ${result.kills.join('; ')}; ` +
          `${result.comparisons} figures exact ${(result.exactAfterMs / 1000).toFixed(1)} s after the first start`,
      );
    },
    3_600_000,
  );
});

// CHAOS_NETWORK_TRIALS trials (4): the replicas reach Kafka and FerretDB through TCP proxies that add
// latency, stall and reset connections at seeded moments while the year is written. Not in `npm test`
// yet: one short trial (seed 820101) failed in a fresh-clone CI run (docs/reliability.md).
const NETWORK_TRIALS = Number(process.env['CHAOS_NETWORK_TRIALS'] ?? '4');

describe('chaos: a slow and lossy network between the replicas and Kafka / FerretDB', () => {
  it.each(Array.from({ length: NETWORK_TRIALS }, (_, i) => [i + 1, seed + 2000 + i]))(
    'network trial %i (seed %i): figures exact once the network heals',
    async (trial, trialSeed) => {
      console.log(`[chaos] network trial ${trial}/${NETWORK_TRIALS}: seed ${trialSeed}`);
      const result = await runSigkillReplayTrial({
        seed: Number(trialSeed),
        dossiers: DOSSIERS,
        replicas: 2,
        kills: 0,
        network: true,
        province: '58',
        main,
      });
      console.log(
        `[chaos] network trial ${trial} (seed ${trialSeed}): ${result.events} events, faults: ${result.kills.join('; ')}; ` +
          `${result.comparisons} figures exact ${(result.exactAfterMs / 1000).toFixed(1)} s after the first start`,
      );
    },
    3_600_000,
  );
});
