import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  applyHttpLimits,
  enableGracefulShutdown,
  ErrorEnvelopeDto,
  ErrorEnvelopeFilter,
  KafkaBatchServer,
  setupOpenApi,
} from '@dossier-ledger/platform';
import { Logger } from 'nestjs-pino';
import type { ScoringEnv } from '../config/scoring.env';
import { AppModule } from './app.module';

/**
 * The scoring app with its logger, error envelope, shutdown hooks and OpenAPI at /docs, and — with
 * REPORT_API_KEY — the `report.updated.v1` consumer as a connected microservice. The caller listens.
 */
export async function createScoringApp(env: ScoringEnv): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(env), {
    bufferLogs: true,
    // A failed start-up rejects (runService logs the cause and exits 1) instead of process.abort().
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  applyHttpLimits(app, { requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS });
  enableGracefulShutdown(app);
  setupOpenApi(app, {
    title: 'Dossier Ledger — scoring',
    description:
      'Scores (Decision 766 and provincial PAR rule sets), peer ranks, explanations and the progress what-if, from the report aggregator’s figures. ' +
      'Every request carries Authorization: Bearer <key>. Errors: {statusCode, error, message, errors?}; a 400 names the parameter.',
    extraModels: [ErrorEnvelopeDto],
  });
  if (env.REPORT_API_KEY !== undefined) {
    app.connectMicroservice({ strategy: app.get(KafkaBatchServer) }, { inheritAppConfig: true });
    // Module init first (it creates the topics), then the consumer.
    await app.init();
    await app.startAllMicroservices();
  }
  return app;
}
