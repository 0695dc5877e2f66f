// The built page (nx build dashboard builds dashboard-web first) ships inside this app's folder,
// so the image's one COPY of dist/apps/dashboard carries it.
module.exports = require('../../tools/webpack/node-service.webpack.cjs')(__dirname, {
  assets: [{ input: 'dist/apps/dashboard-web', glob: '**/*', output: 'web' }],
});
