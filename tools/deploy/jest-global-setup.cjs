// jest globalSetup of libs/deploy-checks: makes sure kustomize is installed before the manifest
// checks run (first run on a fresh clone: `go install` of kustomize, ~3 min; then instant).
'use strict';
const { ensureKustomize } = require('./kustomize.cjs');

module.exports = async function globalSetup() {
  process.env.KUSTOMIZE_BIN = ensureKustomize({ log: (line) => console.log(`\n${line}`) });
};
