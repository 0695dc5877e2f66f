import { runScoringNetworkTrial } from '../testing/scoring-network';

// `npm run test:chaos`: CHAOS_SCORING_NETWORK_TRIALS (4) trials of scoring behind the faulty Kafka /
// FerretDB proxies while CHAOS_SCORING_DOSSIERS (1,000) dossiers are posted and aggregated. Every
// trial prints its seed; CHAOS_SEED=<seed> CHAOS_SCORING_NETWORK_TRIALS=1 replays one. Then
// CHAOS_SCORING_OUTAGE_TRIALS (1) with the local Kafka and FerretDB stopped mid-ingest (seed + 1000).
const TRIALS = Number(process.env['CHAOS_SCORING_NETWORK_TRIALS'] ?? '4');
const OUTAGE_TRIALS = Number(process.env['CHAOS_SCORING_OUTAGE_TRIALS'] ?? '1');
const DOSSIERS = Number(process.env['CHAOS_SCORING_DOSSIERS'] ?? '1000');
const given = process.env['CHAOS_SEED'];
const seed = given ? Number(given) : Math.floor(Math.random() * 1_000_000);

const trials = [
  ...Array.from({ length: TRIALS }, (_, i) => ['network', i + 1, seed + i] as const),
  ...Array.from({ length: OUTAGE_TRIALS }, (_, i) => ['outage', i + 1, seed + 1000 + i] as const),
];

describe('chaos: scoring behind a slow and lossy network, and through server outages', () => {
  it.each(trials)(
    '%s trial %i (seed %i): every unit’s last published score equals the score computed again',
    async (fault, trial, trialSeed) => {
      console.log(`[chaos] scoring ${fault} trial ${trial}: seed ${trialSeed}`);
      const result = await runScoringNetworkTrial({ seed: trialSeed, dossiers: DOSSIERS, province: '42', fault });
      console.log(`[chaos] scoring ${fault} trial ${trial} (seed ${trialSeed}): ${JSON.stringify(result)}`);
      expect(result.comparisons).toBeGreaterThan(100);
    },
    1_800_000,
  );
});
