import { chaosSeed } from '../testing/sigkill-replay';
import { runIntakeFaultTrial } from '../testing/intake-faults';

// `npm run test:chaos`: the intake under faults while a vendor loads it, counted end to end, with
// CHAOS_INTAKE_DOSSIERS (2,000 ≈ 11,000 events) a trial: CHAOS_INTAKE_FIGURES_TRIALS (10) trials
// SIGKILLed, CHAOS_INTAKE_NETWORK_TRIALS (4) behind the faulty proxies and CHAOS_INTAKE_OUTAGE_TRIALS
// (2) through a stop of the local Kafka and FerretDB. Every trial prints its seed; CHAOS_SEED=<seed>
// with the other counts at 0 replays one.
const KILL_TRIALS = Number(process.env['CHAOS_INTAKE_FIGURES_TRIALS'] ?? '10');
const NETWORK_TRIALS = Number(process.env['CHAOS_INTAKE_NETWORK_TRIALS'] ?? '4');
const OUTAGE_TRIALS = Number(process.env['CHAOS_INTAKE_OUTAGE_TRIALS'] ?? '2');
const DOSSIERS = Number(process.env['CHAOS_INTAKE_DOSSIERS'] ?? '2000');
const seed = chaosSeed();

const trials = [
  ...Array.from({ length: KILL_TRIALS }, (_, i) => ['sigkill', i + 1, seed + i] as const),
  ...Array.from({ length: NETWORK_TRIALS }, (_, i) => ['network', i + 1, seed + 3000 + i] as const),
  ...Array.from({ length: OUTAGE_TRIALS }, (_, i) => ['outage', i + 1, seed + 6000 + i] as const),
];

describe('chaos: intake under faults while loaded, figures end to end', () => {
  it.each(trials)(
    '%s trial %i (seed %i): every acknowledged or re-sent event counted once, for every unit, month and the year',
    async (fault, trial, trialSeed) => {
      console.log(`[chaos] intake ${fault} trial ${trial}: seed ${trialSeed}`);
      const result = await runIntakeFaultTrial({ seed: trialSeed, dossiers: DOSSIERS, province: '62', fault });
      console.log(`[chaos] intake ${fault} trial ${trial} (seed ${trialSeed}): ${JSON.stringify(result)}`);
      if (fault === 'sigkill') expect(result.resent).toBeGreaterThan(0);
    },
    900_000,
  );
});
