export * from './lib/test-servers';
export * from './lib/expect-eventually';
export * from './lib/prometheus-text';
export * from './lib/service-process';
export * from './lib/test-database';
export * from './lib/hostile/raw-http';
export * from './lib/hostile/hostile-values';
export * from './lib/hostile/hostile-run';
