// `npm run bench -- replay [--events N] [--fetch default|large]`
import { choiceOption, intOption } from '../shared/bench-options';
import { runReplayBench } from './replay.bench';

export const REPLAY_USAGE =
  '  npm run bench -- replay [--events N (default 200000)] [--fetch default|large (kafkajs fetch sizes, or 8 MB per partition / 64 MB per fetch)]';

export function replayBench(options: Map<string, string | true>): Promise<string> {
  return runReplayBench({
    events: intOption(options, 'events', 200_000, 1_000),
    fetch: choiceOption(options, 'fetch', ['default', 'large'], 'default'),
  });
}
