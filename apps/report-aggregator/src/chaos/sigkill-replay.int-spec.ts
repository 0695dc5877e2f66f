import { localTestServers } from '@dossier-ledger/testing';
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

// Kafka, then FerretDB, stopped for 2–6 s while two replicas replay: they must ride it out without a
// restart and end exact. Only the project's local servers can be stopped (CI has no container
// runtime, so it always runs there); with testcontainers it runs in `npm run test:chaos` only where
// servers are local too.
const outages = localTestServers() ? describe : describe.skip;
outages('chaos (short): Kafka or FerretDB stopped and started again during a replay', () => {
  it.each([
    ['kafka', seed + 1000],
    ['ferretdb', seed + 1001],
  ] as const)(
    '%s outage (seed %i): the replicas recover by themselves and the figures end exact',
    async (outage, trialSeed) => {
      console.log(`[chaos] ${outage} outage: seed ${trialSeed} (reproduce with CHAOS_SEED=${trialSeed - 1000})`);
      const result = await runSigkillReplayTrial({
        seed: trialSeed,
        dossiers: 1_000,
        replicas: 2,
        kills: 0,
        outage,
        province: '58',
        main: 'apps/report-aggregator/src/main.ts',
      });
      console.log(
        `[chaos] ${outage} outage (seed ${trialSeed}): ${result.events} events, ${result.kills.join('; ')}; ` +
          `${result.comparisons} figures exact ${(result.exactAfterMs / 1000).toFixed(1)} s after the first start`,
      );
      expect(result.kills.join(' ')).toContain(`${outage} down`);
    },
    300_000,
  );
});
