module.exports = {
  displayName: 'deploy-checks',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/deploy-checks',
  // Installs kustomize (go install, into .local/bin) on the first run of a fresh clone.
  globalSetup: '<rootDir>/../../tools/deploy/jest-global-setup.cjs',
  testTimeout: 60_000,
};
