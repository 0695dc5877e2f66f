export * from './lib/test-servers';
export * from './lib/expect-eventually';
export * from './lib/prometheus-text';
export * from './lib/service-process';
export * from './lib/test-database';
