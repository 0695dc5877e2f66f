import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ErrorEnvelopeDto, ErrorEnvelopeFilter, setupOpenApi } from '@dossier-ledger/platform';
import { Logger } from 'nestjs-pino';
import type { ScoringEnv } from '../config/scoring.env';
import { AppModule } from './app.module';

/** The scoring app with its logger, error envelope, shutdown hooks and OpenAPI at /docs; the caller listens. */
export async function createScoringApp(env: ScoringEnv): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.enableShutdownHooks();
  setupOpenApi(app, {
    title: 'Dossier Ledger — scoring',
    description:
      'Scores (Decision 766 and provincial PAR rule sets), peer ranks, explanations and the progress what-if, from the report aggregator’s figures. ' +
      'Every request carries Authorization: Bearer <key>. Errors: {statusCode, error, message, errors?}; a 400 names the parameter.',
    extraModels: [ErrorEnvelopeDto],
  });
  return app;
}
