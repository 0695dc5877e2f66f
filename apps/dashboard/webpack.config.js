const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/dashboard'),
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
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      // The built page (nx build dashboard builds dashboard-web first) ships inside this app's folder,
      // so the image's one COPY of dist/apps/dashboard carries it.
      assets: [{ input: 'dist/apps/dashboard-web', glob: '**/*', output: 'web' }],
      sourceMap: true,
    }),
  ],
};
