// `npm run bench -- reports [--dossiers N] [--repeats R] [--store on|off]`
import { choiceOption, intOption } from '../shared/bench-options';
import { runReportsBench } from './reports.bench';

export const REPORTS_USAGE =
  '  npm run bench -- reports [--dossiers N (default 100000; 3000000 is a province-year)] [--repeats R (default 200)] [--store on|off (default off: FerretDB reads ~2,000 events/s here, so keep it for N ≤ 20000)]';

export function reportsBench(options: Map<string, string | true>): Promise<string> {
  return runReportsBench({
    dossiers: intOption(options, 'dossiers', 100_000, 1_000),
    repeats: intOption(options, 'repeats', 200, 10),
    store: choiceOption(options, 'store', ['on', 'off'], 'off'),
  });
}
