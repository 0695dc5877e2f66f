import { loadEnv } from '@dossier-ledger/platform';
import { createScoringApp } from './app/create-scoring-app';
import { ScoringEnv } from './config/scoring.env';

async function bootstrap(): Promise<void> {
  const env = loadEnv(ScoringEnv);
  const app = await createScoringApp(env);
  await app.listen(env.PORT);
  console.log(
    JSON.stringify({
      level: 30,
      time: Date.now(),
      msg: `scoring listening on http://localhost:${env.PORT} (OpenAPI at /docs)`,
    }),
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
