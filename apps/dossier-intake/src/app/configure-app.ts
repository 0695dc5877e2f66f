import type { INestApplication } from '@nestjs/common';
import { DOSSIER_EVENT_DTO_BY_TYPE } from '@dossier-ledger/contracts';
import {
  enableGracefulShutdown,
  ErrorEnvelopeDto,
  ErrorEnvelopeFilter,
  applyHttpLimits,
  setupOpenApi,
  type KafkaBatchServer,
} from '@dossier-ledger/platform';
import { Logger } from 'nestjs-pino';
import { DOSSIER_LOG_SERVER, RAW_INTAKE_SERVER } from '../consumers/intake-consumers';
import { IntakeEnv } from '../config/intake.env';

/**
 * What main.ts and the tests apply to the app: logger, error envelope, OpenAPI at /docs, graceful
 * shutdown on SIGTERM; then module init (it creates the topics) and, with INTAKE_CONSUMERS=on, the
 * two consumers. The caller listens: the port answers only once all of it is up.
 */
export async function prepareIntakeApp(app: INestApplication): Promise<INestApplication> {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  applyHttpLimits(app, { requestTimeoutMs: app.get(IntakeEnv).HTTP_REQUEST_TIMEOUT_MS });
  enableGracefulShutdown(app);
  setupOpenApi(app, {
    title: 'Dossier intake',
    description:
      'How one-stop software gets dossier events in: canonical v1 events (JSON or NDJSON), the national-portal DongBoHoSoMC payload, ' +
      'and a dossier’s event log. Every request carries Authorization: Bearer <key>. Errors: {statusCode, error, message, errors?}.',
    extraModels: [...Object.values(DOSSIER_EVENT_DTO_BY_TYPE), ErrorEnvelopeDto],
  });
  const consume = app.get(IntakeEnv).INTAKE_CONSUMERS === 'on';
  if (consume)
    for (const server of [RAW_INTAKE_SERVER, DOSSIER_LOG_SERVER])
      app.connectMicroservice({ strategy: app.get<KafkaBatchServer>(server) }, { inheritAppConfig: true });
  await app.init();
  if (consume) await app.startAllMicroservices();
  return app;
}
