// npm run keys|agencies|import|rebuild|status -- …: the very programs the images ship as cli.js, run
// from the sources (one implementation, two ways to start it): rebuild is the report-aggregator's,
// everything else the dossier-intake's.
/* eslint-disable @nx/enforce-module-boundaries */
if (process.argv[2] === 'rebuild') require('../../apps/report-aggregator/src/cli');
else require('../../apps/dossier-intake/src/cli');
