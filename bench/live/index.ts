// `npm run bench -- live [--rate 2000] [--seconds 60] [--dossiers N] [--consumers on|off] [--scoring on|off] [--chart docs/PREFIX] [--ceiling-seconds N]`
import { stringOption } from '@dossier-ledger/platform';
import { choiceOption, intOption } from '../shared/bench-options';
import { PROVINCE_YEAR_DOSSIERS } from '../shared/province-year';
import { runLiveBench } from './live.bench';

export const LIVE_USAGE =
  '  npm run bench -- live [--rate 2000] [--seconds 60] [--dossiers N (traffic drawn from a province-year of N, default 3000000)] [--consumers on|off] [--scoring on|off (scoring behind the aggregator, default off)] [--chart docs/PREFIX (PREFIX-lag.svg and PREFIX-memory.svg: lag and RSS over time)] [--ceiling-seconds N (the raw kafkajs run, default --seconds)]';

export function liveBench(options: Map<string, string | true>): Promise<string> {
  const seconds = intOption(options, 'seconds', 60, 5);
  return runLiveBench({
    rate: intOption(options, 'rate', 2_000, 10),
    seconds,
    dossiers: intOption(options, 'dossiers', PROVINCE_YEAR_DOSSIERS, 1_000),
    consumers: choiceOption(options, 'consumers', ['on', 'off'], 'on'),
    scoring: choiceOption(options, 'scoring', ['on', 'off'], 'off'),
    chart: stringOption(options, 'chart'),
    ceilingSeconds: intOption(options, 'ceiling-seconds', seconds, 5),
  });
}
