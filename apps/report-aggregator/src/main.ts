import { loadEnv, logListening, runService } from '@dossier-ledger/platform';
import { AggregatorEnv } from '@dossier-ledger/aggregation';
import { GenerationHost } from './rebuild/generation-host';

runService('report-aggregator', async () => {
  const env = loadEnv(AggregatorEnv);
  // Serves the active generation and moves to a new one when `npm run rebuild` switches (docs/rebuild.md).
  await GenerationHost.start(env, { listen: (app) => app.listen(env.PORT) });
  logListening('report-aggregator', env.PORT);
});
