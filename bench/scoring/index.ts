// `npm run bench -- scoring [--dossiers N] [--repeats R]`
import { intOption } from '../shared/bench-options';
import { runScoringBench } from './scoring.bench';

export const SCORING_USAGE =
  '  npm run bench -- scoring [--dossiers N (default 100000; 3000000 is a province-year)] [--repeats R (default 50)]';

export function scoringBench(options: Map<string, string | true>): Promise<string> {
  return runScoringBench({
    dossiers: intOption(options, 'dossiers', 100_000, 1_000),
    repeats: intOption(options, 'repeats', 50, 5),
  });
}
