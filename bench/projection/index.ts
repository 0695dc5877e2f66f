// `npm run bench -- projection [--dossiers N] [--events N] [--profile FROM-TO] [--profile-file FILE]`
import { stringOption, UsageError } from '@dossier-ledger/platform';
import { intOption } from '../shared/bench-options';
import { runProjectionBench } from './projection.bench';

export const PROJECTION_USAGE =
  '  npm run bench -- projection [--dossiers N (a province-year of N dossiers, default 3000000)] [--events N (stop after N events)] [--profile FROM-TO (a CPU profile of events FROM to TO)] [--profile-file FILE (default projection.cpuprofile)]   (in memory: needs no servers)';

export function projectionBench(options: Map<string, string | true>): Promise<string> {
  const profile = stringOption(options, 'profile');
  const window = profile?.split('-').map(Number);
  if (profile !== undefined && (window?.length !== 2 || !window.every(Number.isInteger) || window[0] >= window[1]))
    throw new UsageError(`--profile must be FROM-TO in events, FROM < TO, got ${profile}`);
  return runProjectionBench({
    dossiers: intOption(options, 'dossiers', 3_000_000, 1_000),
    events: intOption(options, 'events', Number.MAX_SAFE_INTEGER, 1_000),
    profile: window as [number, number] | undefined,
    profileFile: stringOption(options, 'profile-file') ?? 'projection.cpuprofile',
  });
}
