import { buildApp } from '@dossier-ledger/testing';
import { chaosSeed, runSigkillReplayTrial } from '../testing/sigkill-replay';

// The long chaos run (`npm run test:chaos`, a quiet machine): CHAOS_TRIALS trials (20) of a replay
// of CHAOS_DOSSIERS dossiers (200,000 ≈ 1,000,000 events) through two built aggregators, each trial
// with 1–3 stops at seeded points (SIGKILL or SIGTERM) and a third replica joining and leaving.
// Every trial prints its seed; CHAOS_SEED=<seed> CHAOS_TRIALS=1 reproduces one.
const TRIALS = Number(process.env['CHAOS_TRIALS'] ?? '20');
const DOSSIERS = Number(process.env['CHAOS_DOSSIERS'] ?? '200000');
const seed = chaosSeed();

describe('chaos: SIGKILL during a replay through two replicas', () => {
  let main = '';
  beforeAll(() => {
    main = buildApp('report-aggregator');
  }, 600_000);

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
