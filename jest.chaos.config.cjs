// Chaos tier (`npm run test:chaos`): long fault-injection runs (*.chaos-spec.ts) against the same
// real servers as the integration tier. Needs a quiet machine; short versions run in `npm test`.
const integration = require('./jest.integration.config.cjs');

module.exports = {
  ...integration,
  displayName: 'chaos',
  testMatch: ['<rootDir>/{apps,libs}/**/*.chaos-spec.ts'],
  testTimeout: 3_600_000,
};
