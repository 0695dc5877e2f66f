// The dashboard's page: one browser bundle (app.js) from vanilla TypeScript modules plus ECharts'
// tree-shaken core, and the two static files copied beside it. Served by apps/dashboard.
const { readFileSync } = require('fs');
const { join } = require('path');
const root = join(__dirname, '../..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
/** The workspace's `@dossier-ledger/*` paths as webpack aliases. */
const alias = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, join(root, target)]),
);

/** Copies index.html and styles.css into the output (no HTML templating needed). */
class CopyStaticFiles {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyStaticFiles', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyStaticFiles', stage: 0 }, () => {
        for (const file of ['index.html', 'styles.css']) {
          const path = join(__dirname, 'src', file);
          compilation.fileDependencies.add(path);
          compilation.emitAsset(file, new compiler.webpack.sources.RawSource(readFileSync(path)));
        }
      });
    });
  }
}

module.exports = (_env, argv) => ({
  mode: argv.mode ?? 'production',
  target: ['web', 'es2020'],
  entry: { app: join(__dirname, 'src/main.ts') },
  output: { path: join(root, 'dist/apps/dashboard-web'), filename: '[name].js', clean: true },
  devtool: false,
  resolve: { extensions: ['.ts', '.js'], alias },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: 'ts-loader',
        options: { configFile: join(__dirname, 'tsconfig.app.json'), transpileOnly: true },
      },
      // The workspace libs the page imports are pure: let webpack drop what the page does not use.
      { test: /libs[\\/][a-z-]+[\\/]src[\\/]/, sideEffects: false },
    ],
  },
  performance: { maxAssetSize: 900_000, maxEntrypointSize: 900_000 },
  plugins: [new CopyStaticFiles()],
});
