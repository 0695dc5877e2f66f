import nx from '@nx/eslint-plugin';

// Test code: specs, integration and chaos specs and the helpers under a testing/ folder. Only it may import type:testing.
const TEST_CODE = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.chaos-spec.ts', '**/testing/**/*.ts'];

// Imports flow one way: tools -> apps -> infra -> domain -> contracts.
function moduleBoundaries({ testCode }) {
  const testing = testCode ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints: [
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
      {
        sourceTag: 'type:infra',
        onlyDependOnLibsWithTags: ['type:infra', 'type:domain', 'type:contracts', ...testing],
      },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:domain', 'type:contracts'],
      },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:infra', 'type:domain', 'type:contracts', ...testing] },
      {
        sourceTag: 'type:tool',
        onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:domain', 'type:contracts'],
      },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:shared', 'scope:intake'] },
      { sourceTag: 'scope:reports', onlyDependOnLibsWithTags: ['scope:shared', 'scope:reports'] },
      { sourceTag: 'scope:scoring', onlyDependOnLibsWithTags: ['scope:shared', 'scope:reports', 'scope:scoring'] },
      // The dashboard reads every service's wire formats (types only in the browser bundle).
      {
        sourceTag: 'scope:dashboard',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:reports', 'scope:scoring'],
      },
      {
        sourceTag: 'scope:tools',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:intake', 'scope:reports', 'scope:scoring'],
      },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    // Build configuration, not code of a project: it may load the workspace's shared webpack setup.
    ignores: ['**/dist', '**/out-tsc', '**/.local', '**/jest.config.*', '**/webpack.config.js'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testCode: false })] },
  },
  {
    files: TEST_CODE,
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testCode: true })] },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts', '**/*.js', '**/*.jsx', '**/*.cjs', '**/*.mjs'],
    rules: {
      // Config and DTO classes annotate properties so decorator metadata carries their type.
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }],
      // A leading underscore says "unused on purpose" (a rest-omitted field, a test-table column).
      '@typescript-eslint/no-unused-vars': [
        'warn',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
];
