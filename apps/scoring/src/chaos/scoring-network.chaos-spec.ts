import { runScoringNetworkTrial } from '../testing/scoring-network';

// `npm run test:chaos`: CHAOS_SCORING_NETWORK_TRIALS (4) trials of scoring behind the faulty Kafka /
// FerretDB proxies while CHAOS_SCORING_DOSSIERS (1,000) dossiers are posted and aggregated. Every
// trial prints its seed; CHAOS_SEED=<seed> CHAOS_SCORING_NETWORK_TRIALS=1 replays one.
const TRIALS = Number(process.env['CHAOS_SCORING_NETWORK_TRIALS'] ?? '4');
const DOSSIERS = Number(process.env['CHAOS_SCORING_DOSSIERS'] ?? '1000');
const given = process.env['CHAOS_SEED'];
const seed = given ? Number(given) : Math.floor(Math.random() * 1_000_000);

describe('chaos: a slow and lossy network between scoring and Kafka / FerretDB', () => {
  it.each(Array.from({ length: TRIALS }, (_, i) => [i + 1, seed + i]))(
    'network trial %i (seed %i): every unit’s last published score equals the score computed again',
    async (trial, trialSeed) => {
      console.log(`[chaos] scoring network trial ${trial}/${TRIALS}: seed ${trialSeed}`);
      const result = await runScoringNetworkTrial({ seed: trialSeed, dossiers: DOSSIERS, province: '42' });
      console.log(`[chaos] scoring network trial ${trial} (seed ${trialSeed}): ${JSON.stringify(result)}`);
      expect(result.comparisons).toBeGreaterThan(100);
    },
    1_800_000,
  );
});
