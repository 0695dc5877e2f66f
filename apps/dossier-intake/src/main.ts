import { loadEnv } from '@dossier-ledger/platform';
import { createIntakeApp } from './app/create-intake-app';
import { IntakeEnv } from './app/intake-env';

async function bootstrap() {
  const env = loadEnv(IntakeEnv);
  const app = await createIntakeApp(env);
  await app.listen(env.PORT);
  console.log(
    JSON.stringify({
      level: 30,
      time: Date.now(),
      msg: `dossier-intake listening on http://localhost:${env.PORT} (OpenAPI at /docs)`,
    }),
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
