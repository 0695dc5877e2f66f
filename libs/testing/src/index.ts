export * from './lib/test-servers';
export * from './lib/expect-eventually';
