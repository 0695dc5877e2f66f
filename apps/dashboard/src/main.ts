import { loadEnv } from '@dossier-ledger/platform';
import { createDashboardApp } from './app/create-dashboard-app';
import { DashboardEnv } from './config/dashboard.env';

async function bootstrap(): Promise<void> {
  const env = loadEnv(DashboardEnv);
  const app = await createDashboardApp(env);
  await app.listen(env.PORT);
  console.log(
    JSON.stringify({ level: 30, time: Date.now(), msg: `dashboard listening on http://localhost:${env.PORT}` }),
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
