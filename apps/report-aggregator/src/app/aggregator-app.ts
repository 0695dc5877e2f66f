import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  applyHttpLimits,
  enableGracefulShutdown,
  ErrorEnvelopeFilter,
  KafkaBatchServer,
  setupOpenApi,
} from '@dossier-ledger/platform';
import { Logger } from 'nestjs-pino';
import type { AggregatorEnv } from '@dossier-ledger/aggregation';
import { AppModule } from './app.module';

/**
 * The aggregator as one Nest application: the HTTP side (reports, health, OpenAPI at /docs) and the
 * events-topic consumer (KafkaBatchServer) as a connected microservice. The caller listens.
 */
export async function createAggregatorApp(
  env: AggregatorEnv,
  options: { shutdownHooks?: boolean; generation?: number; consume?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(env, options.generation), {
    bufferLogs: true,
    // A failed start-up rejects (runService logs the cause and exits 1) instead of process.abort().
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  applyHttpLimits(app, { requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS });
  if (options.shutdownHooks ?? true) enableGracefulShutdown(app);
  setupOpenApi(app, {
    title: 'Dossier Ledger — report aggregator',
    description:
      'Live figures of form II.06a and the scoring inputs for any unit and any window, from the dossier events.',
  });
  app.connectMicroservice({ strategy: app.get(KafkaBatchServer) }, { inheritAppConfig: true });
  // Module init first (it creates the topics), then the consumer.
  await app.init();
  // consume: false — a generation switch starts the consumer once the previous app has left (generation-host.ts).
  if (options.consume ?? true) await app.startAllMicroservices();
  return app;
}
