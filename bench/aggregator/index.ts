// Entry of the aggregator benchmark: node -r ./tools/cli/register.cjs bench/aggregator/index.ts [--dossiers N] [--days D] [--paced]
import { runAggregatorBench } from './aggregator.bench';

const argv = process.argv.slice(2);
const at = argv.findIndex((a) => a === '--dossiers' || a.startsWith('--dossiers='));
const raw = at < 0 ? undefined : argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
const dossiers = raw === undefined ? 20_000 : Number(raw);
if (!Number.isInteger(dossiers) || dossiers < 100) {
  console.error(
    'Usage: npm run bench -- aggregator [--dossiers N (≥ 100, default 20000)] [--days D (default 366)] [--paced]',
  );
  process.exit(2);
}
const daysAt = argv.indexOf('--days');
const days = daysAt < 0 ? undefined : Number(argv[daysAt + 1]);
runAggregatorBench({ dossiers, days, paced: argv.includes('--paced') }).then(
  (table) => {
    console.log(table);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
