// The administration CLI ships beside the service: node cli.js keys|agencies|status|rebuild …
// The rebuild's replay workers (REBUILD_WORKERS > 1) load replay.worker.js from beside cli.js.
module.exports = require('../../tools/webpack/node-service.webpack.cjs')(__dirname, {
  cli: true,
  workers: { 'replay.worker': '../../libs/aggregation/src/lib/rebuild/replay.worker.ts' },
});
