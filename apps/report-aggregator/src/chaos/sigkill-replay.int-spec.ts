import { chaosSeed, runSigkillReplayTrial } from '../testing/sigkill-replay';

// The short chaos run of `npm test`: two replicas replay a province-year while SIGKILL lands at a
// seeded point; the report API must then equal the pure oracle for every unit, month and the year.
// The long run (20 trials, a million events) is `npm run test:chaos`, with random seeds. Here the
// seeds are fixed so that a CI run is repeatable (where the kill lands still depends on timing);
// CHAOS_SEED picks others. Both failed now and then before the takeover fix of docs/reliability.md.
const seed = chaosSeed(820_001);
const TRIALS = 2;

describe('chaos (short): SIGKILL during a replay through two replicas', () => {
  it.each(Array.from({ length: TRIALS }, (_, i) => [i + 1, seed + i]))(
    'trial %i (seed %i): figures exact for every unit of the province, every month and the year',
    async (trial, trialSeed) => {
      console.log(`[chaos] trial ${trial}: seed ${trialSeed} (reproduce with CHAOS_SEED=${trialSeed})`);
      const result = await runSigkillReplayTrial({
        seed: Number(trialSeed),
        dossiers: 1_000,
        replicas: 2,
        kills: 1,
        province: '58',
        main: 'apps/report-aggregator/src/main.ts',
      });
      console.log(
        `[chaos] trial ${trial} (seed ${trialSeed}): ${result.events} events, kills: ${result.kills.join('; ')}; ` +
          `${result.comparisons} unit × window figures exact ${(result.exactAfterMs / 1000).toFixed(1)} s after the first start`,
      );
      expect(result.comparisons).toBeGreaterThan(100);
    },
    300_000,
  );
});
