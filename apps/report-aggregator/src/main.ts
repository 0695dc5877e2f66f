import { loadEnv } from '@dossier-ledger/platform';
import { Logger } from '@nestjs/common';
import { AggregatorEnv } from '@dossier-ledger/aggregation';
import { GenerationHost } from './rebuild/generation-host';

async function bootstrap(): Promise<void> {
  const env = loadEnv(AggregatorEnv);
  // Serves the active generation and moves to a new one when `npm run rebuild` switches (docs/rebuild.md).
  await GenerationHost.start(env, { listen: (app) => app.listen(env.PORT) });
  Logger.log(`report-aggregator listening on http://localhost:${env.PORT} (OpenAPI at /docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
