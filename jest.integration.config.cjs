// Integration tier: *.int-spec.ts against the real Kafka broker and MongoDB-wire server
// (tools/infra/resolve-servers.mjs decides which), started once per run.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  displayName: 'integration',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.integration.json' }],
  },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/tools/testing/integration-global-setup.mjs',
  globalTeardown: '<rootDir>/tools/testing/integration-global-teardown.mjs',
  testTimeout: 120_000,
  maxWorkers: 1,
};
