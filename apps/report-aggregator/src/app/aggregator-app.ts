import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ErrorEnvelopeFilter, KafkaBatchServer, setupOpenApi } from '@dossier-ledger/platform';
import { Logger } from 'nestjs-pino';
import type { AggregatorEnv } from '../config/aggregator.env';
import { AppModule } from './app.module';

/**
 * The aggregator as one Nest application: the HTTP side (reports, health, OpenAPI at /docs) and the
 * events-topic consumer (KafkaBatchServer) as a connected microservice. The caller listens.
 */
export async function createAggregatorApp(env: AggregatorEnv, options: { shutdownHooks?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  setupOpenApi(app, {
    title: 'Dossier Ledger — report aggregator',
    description: 'Live figures of form II.06a and the scoring inputs for any unit and any window, from the dossier events.',
  });
  app.connectMicroservice({ strategy: app.get(KafkaBatchServer) }, { inheritAppConfig: true });
  // Module init first (it creates the topics), then the consumer.
  await app.init();
  await app.startAllMicroservices();
  return app;
}
