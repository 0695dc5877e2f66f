import { runIntakeKillTrial } from '../testing/intake-kill';

// `npm run test:chaos`: CHAOS_INTAKE_TRIALS (10) trials of the intake SIGKILLed under load, 400
// batches of 50 events each. Every trial prints its seed; CHAOS_SEED=<seed> CHAOS_INTAKE_TRIALS=1 replays one.
const TRIALS = Number(process.env['CHAOS_INTAKE_TRIALS'] ?? '10');
const seed = Number(process.env['CHAOS_SEED'] ?? Math.floor(Math.random() * 1_000_000));

describe('chaos: intake SIGKILLed under load', () => {
  it.each(Array.from({ length: TRIALS }, (_, i) => [i + 1, seed + i]))(
    'trial %i (seed %i): nothing acknowledged is lost, nothing re-sent is stored twice',
    async (trial, trialSeed) => {
      console.log(`[chaos] intake trial ${trial}/${TRIALS}: seed ${trialSeed}`);
      const result = await runIntakeKillTrial({ seed: trialSeed, batches: 400 });
      console.log(`[chaos] intake trial ${trial} (seed ${trialSeed}): ${JSON.stringify(result)}`);
    },
    900_000,
  );
});
