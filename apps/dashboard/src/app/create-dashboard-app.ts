import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { enableGracefulShutdown, ErrorEnvelopeFilter } from '@dossier-ledger/platform';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DashboardEnv } from '../config/dashboard.env';
import { DashboardModule } from './dashboard.module';

/** The built page: DASHBOARD_WEB_DIR, else `web/` beside the bundle (copied there by the build). */
export function webDirectory(env: DashboardEnv): string {
  return resolve(env.DASHBOARD_WEB_DIR ?? join(__dirname, 'web'));
}

/**
 * The dashboard: the page (static files; every view's URL answers index.html), the session (sign-in
 * with a key) and `/api/*` proxied to the services. No body parser: the proxy streams bodies as they come.
 */
export async function createDashboardApp(env: DashboardEnv): Promise<NestExpressApplication> {
  const web = webDirectory(env);
  if (!existsSync(join(web, 'index.html')))
    throw new Error(`DASHBOARD_WEB_DIR: no index.html in ${web} (build it: npx nx build dashboard-web)`);
  const app = await NestFactory.create<NestExpressApplication>(DashboardModule.forRoot(env), {
    bodyParser: false,
    logger: ['error', 'warn', 'log'],
  });
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.disable('x-powered-by');
  app.useStaticAssets(web, { index: 'index.html', maxAge: '5m' });
  enableGracefulShutdown(app);
  return app;
}
