// npm run bench -- NAME [options]: runs bench/NAME (the usage below lists them).
import { runIntakeBench } from './intake/intake.bench';
import { LIVE_USAGE, liveBench } from './live/index';
import { PROJECTION_USAGE, projectionBench } from './projection/index';
import { REPORTS_USAGE, reportsBench } from './reports/index';
import { REPLAY_USAGE, replayBench } from './replay/index';
import { SCORING_USAGE, scoringBench } from './scoring/index';
import { parseArgs, runCli, stringOption, UsageError } from '@dossier-ledger/platform';

const USAGE = `Usage:
  npm run bench -- intake [--events N (default 50000)] [--concurrency C (default 4)] [--consumers on|off (default on)]
      [--log-database own|shared (default own: the dossier log in a database of its own, as \`npm start\` runs it)]
  npm run bench -- aggregator [--dossiers N (default 20000)] [--days D] [--paced]
${LIVE_USAGE}
${PROJECTION_USAGE}
${REPORTS_USAGE}
${REPLAY_USAGE}
${SCORING_USAGE}
Needs the local servers (npm run infra:up) or KAFKA_BROKERS / MONGODB_URI.`;

// The aggregator bench reads its own flags from argv; it does not come back.
if (process.argv[2] === 'aggregator') require('./aggregator/index');
else
  runCli(USAGE, async () => {
    const { positional, options } = parseArgs(process.argv.slice(2));
    const [name] = positional;
    if (name === 'live') return console.log(await liveBench(options));
    if (name === 'projection') return console.log(await projectionBench(options));
    if (name === 'reports') return console.log(await reportsBench(options));
    if (name === 'replay') return console.log(await replayBench(options));
    if (name === 'scoring') return console.log(await scoringBench(options));
    if (name !== 'intake') throw new UsageError(name ? `Unknown benchmark ${name}` : 'Name a benchmark');
    const events = Number(stringOption(options, 'events') ?? 50_000);
    const concurrency = Number(stringOption(options, 'concurrency') ?? 4);
    const consumers = stringOption(options, 'consumers') ?? 'on';
    if (!Number.isInteger(events) || events < 1_000) throw new UsageError('--events must be an integer ≥ 1000');
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new UsageError('--concurrency must be a positive integer');
    const logDatabase = stringOption(options, 'log-database') ?? 'own';
    if (consumers !== 'on' && consumers !== 'off') throw new UsageError('--consumers must be on or off');
    if (logDatabase !== 'own' && logDatabase !== 'shared') throw new UsageError('--log-database must be own or shared');
    console.log(await runIntakeBench({ events, concurrency, consumers, logDatabase }));
  });
