// The webpack configuration of every Node service of the workspace: one place for the bundle's shape
// (dist/apps/NAME/main.js, a generated package.json, source maps). Each app passes what differs.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

/**
 * @param {string} appDir the app's folder (its webpack.config.js passes __dirname)
 * @param {{ cli?: boolean, assets?: unknown[], workers?: Record<string, string> }} options cli: ship the
 *   administration CLI (src/cli.ts) as cli.js; workers: worker-thread entries (NAME.js beside main.js ← path from the app)
 */
module.exports = function nodeServiceWebpackConfig(
  appDir,
  { cli = false, assets = ['./src/assets'], workers = {} } = {},
) {
  const name = basename(appDir);
  return {
    output: {
      path: join(appDir, '../../dist/apps', name),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        additionalEntryPoints: [
          ...(cli ? [{ entryName: 'cli', entryPath: './src/cli.ts' }] : []),
          ...Object.entries(workers).map(([entryName, entryPath]) => ({ entryName, entryPath })),
        ],
        tsConfig: './tsconfig.app.json',
        assets,
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
      }),
    ],
  };
};
