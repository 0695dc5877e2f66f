import { loadEnv, logListening, runService } from '@dossier-ledger/platform';
import { createScoringApp } from './app/create-scoring-app';
import { ScoringEnv } from './config/scoring.env';

runService('scoring', async () => {
  const env = loadEnv(ScoringEnv);
  const app = await createScoringApp(env);
  await app.listen(env.PORT);
  logListening('scoring', env.PORT);
});
