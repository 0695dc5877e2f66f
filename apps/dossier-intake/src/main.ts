import { loadEnv, logListening, runService } from '@dossier-ledger/platform';
import { createIntakeApp } from './app/create-intake-app';
import { IntakeEnv } from './config/intake.env';

runService('dossier-intake', async () => {
  const env = loadEnv(IntakeEnv);
  const app = await createIntakeApp(env);
  await app.listen(env.PORT);
  logListening('dossier-intake', env.PORT);
});
