import { chaosSeed } from '../testing/sigkill-replay';
import { runIntakeFaultTrial } from '../testing/intake-faults';

// The short version (in `npm test`) of the intake SIGKILLed under load, counted end to end: one
// seeded trial of 300 dossiers. CHAOS_SEED=<seed> replays it.
const seed = chaosSeed();

describe('chaos (short): intake SIGKILLed under load, figures end to end', () => {
  it(`seed ${seed}: every acknowledged or re-sent event counted once, for every unit, month and the year`, async () => {
    console.log(`[chaos] intake sigkill trial: seed ${seed} (reproduce with CHAOS_SEED=${seed})`);
    const result = await runIntakeFaultTrial({ seed, dossiers: 300, province: '62', fault: 'sigkill' });
    console.log(`[chaos] intake sigkill trial (seed ${seed}): ${JSON.stringify(result)}`);
    expect(result.resent).toBeGreaterThan(0);
  }, 300_000);
});
