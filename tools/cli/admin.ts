// npm run keys|agencies|import|rebuild|status|retention|targets -- …: the very programs the images ship as
// cli.js, run from the sources (one implementation, two ways to start it): rebuild is the
// report-aggregator's, `retention --scores` and `targets` the scoring service's, everything else the dossier-intake's.
/* eslint-disable @nx/enforce-module-boundaries */
const [command, ...rest] = process.argv.slice(2);
if (command === 'rebuild') require('../../apps/report-aggregator/src/cli');
else if (command === 'targets') require('../../apps/scoring/src/cli');
else if (command === 'retention' && rest.includes('--scores')) {
  process.argv.splice(process.argv.indexOf('--scores'), 1);
  require('../../apps/scoring/src/cli');
} else require('../../apps/dossier-intake/src/cli');
