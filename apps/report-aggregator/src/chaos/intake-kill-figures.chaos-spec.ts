import { chaosSeed } from '../testing/sigkill-replay';
import { runIntakeKillFiguresTrial } from '../testing/intake-kill-figures';

// `npm run test:chaos`: CHAOS_INTAKE_FIGURES_TRIALS (10) trials of the intake SIGKILLed under load,
// counted end to end, CHAOS_INTAKE_FIGURES_DOSSIERS (2,000 ≈ 11,000 events) each. Every trial prints
// its seed; CHAOS_SEED=<seed> CHAOS_INTAKE_FIGURES_TRIALS=1 replays one.
const TRIALS = Number(process.env['CHAOS_INTAKE_FIGURES_TRIALS'] ?? '10');
const DOSSIERS = Number(process.env['CHAOS_INTAKE_FIGURES_DOSSIERS'] ?? '2000');
const seed = chaosSeed();

describe('chaos: intake SIGKILLed under load, figures end to end', () => {
  it.each(Array.from({ length: TRIALS }, (_, i) => [i + 1, seed + i]))(
    'trial %i (seed %i): every acknowledged or re-sent event counted once, for every unit, month and the year',
    async (trial, trialSeed) => {
      console.log(`[chaos] intake figures trial ${trial}/${TRIALS}: seed ${trialSeed}`);
      const result = await runIntakeKillFiguresTrial({ seed: Number(trialSeed), dossiers: DOSSIERS, province: '62' });
      console.log(`[chaos] intake figures trial ${trial} (seed ${trialSeed}): ${JSON.stringify(result)}`);
      expect(result.resent).toBeGreaterThan(0);
    },
    900_000,
  );
});
