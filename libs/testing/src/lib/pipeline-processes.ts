import { ServiceProcess } from './service-process';

/**
 * The intake and the report aggregator as processes from their sources, on a `processSuite`'s
 * topics and database (the aggregator publishing every 100 ms): the pipeline that scoring and the
 * dashboard read.
 */
export function startIntakeAndAggregator(suite: {
  prefix: string;
  variables: Record<string, string>;
}): Promise<[ServiceProcess, ServiceProcess]> {
  return Promise.all([
    ServiceProcess.start({ name: 'intake', main: 'apps/dossier-intake/src/main.ts', variables: suite.variables }),
    ServiceProcess.start({
      name: 'aggregator',
      main: 'apps/report-aggregator/src/main.ts',
      variables: { ...suite.variables, KAFKA_GROUP_ID: `${suite.prefix}aggregator`, PUBLISH_INTERVAL_MS: '100' },
    }),
  ]);
}
