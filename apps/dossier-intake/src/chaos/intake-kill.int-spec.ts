import { runIntakeKillTrial } from '../testing/intake-kill';

// The short version of `npm run test:chaos` for intake: SIGKILL under load, 2 seeded trials. Every
// event of a batch that got 202 — or got no answer and was sent again — is stored exactly once and
// published. CHAOS_SEED=<seed> replays a trial.
const seed = Number(process.env['CHAOS_SEED'] ?? Math.floor(Math.random() * 1_000_000));

describe('chaos (short): intake SIGKILLed under load', () => {
  it.each([
    [1, seed],
    [2, seed + 1],
  ])(
    'trial %i (seed %i): nothing acknowledged is lost, nothing re-sent is stored twice',
    async (trial, trialSeed) => {
      console.log(`[chaos] intake trial ${trial}: seed ${trialSeed} (reproduce with CHAOS_SEED=${trialSeed})`);
      const result = await runIntakeKillTrial({ seed: trialSeed, batches: 40 });
      console.log(
        `[chaos] intake trial ${trial} (seed ${trialSeed}): ${result.events} events; killed after ${result.acknowledgedBeforeKill} batches acknowledged; ` +
          `${result.resent} batches re-sent; ${result.published} records published for ${result.events} distinct events`,
      );
      expect(result.resent).toBeGreaterThan(0);
    },
    300_000,
  );
});
