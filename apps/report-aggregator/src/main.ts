import { loadEnv } from '@dossier-ledger/platform';
import { Logger } from '@nestjs/common';
import { createAggregatorApp } from './app/aggregator-app';
import { AggregatorEnv } from './config/aggregator.env';

async function bootstrap(): Promise<void> {
  const env = loadEnv(AggregatorEnv);
  const app = await createAggregatorApp(env);
  await app.listen(env.PORT);
  Logger.log(`report-aggregator listening on http://localhost:${env.PORT} (OpenAPI at /docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
