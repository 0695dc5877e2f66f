// `npm run bench -- replay [--events N | --dossiers N] [--fetch default|large] [--chart FILE]`
import { stringOption } from '@dossier-ledger/platform';
import { choiceOption, intOption } from '../shared/bench-options';
import { runReplayBench } from './replay.bench';

export const REPLAY_USAGE =
  '  npm run bench -- replay [--events N (default 200000) | --dossiers N (a province-year of N dossiers, every event)] [--fetch default|large (kafkajs fetch sizes, or 8 MB per partition / 64 MB per fetch)] [--years Y (that many simulated years, one after the other)] [--chart docs/FILE.svg (memory over time)] [--workers N (worker threads the partitions are spread over; default 1)] [--worker-heap MB (old-generation ceiling of each worker)]';

export function replayBench(options: Map<string, string | true>): Promise<string> {
  return runReplayBench({
    events: options.has('dossiers') ? Number.MAX_SAFE_INTEGER : intOption(options, 'events', 200_000, 1_000),
    dossiers: options.has('dossiers') ? intOption(options, 'dossiers', 0, 1_000) : undefined,
    chart: stringOption(options, 'chart'),
    years: intOption(options, 'years', 1, 1),
    fetch: choiceOption(options, 'fetch', ['default', 'large'], 'default'),
    workers: intOption(options, 'workers', 1, 1),
    workerHeapMb: options.has('worker-heap') ? intOption(options, 'worker-heap', 0, 64) : undefined,
  });
}
