import type { INestApplication } from '@nestjs/common';
import { DOSSIER_EVENT_DTO_BY_TYPE } from '@dossier-ledger/contracts';
import { enableGracefulShutdown, ErrorEnvelopeDto, ErrorEnvelopeFilter, setupOpenApi } from '@dossier-ledger/platform';
import { Logger } from 'nestjs-pino';

/** What main.ts and the tests apply to the app: logger, error envelope, OpenAPI at /docs, graceful shutdown on SIGTERM. */
export function configureIntakeApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  enableGracefulShutdown(app);
  setupOpenApi(app, {
    title: 'Dossier intake',
    description:
      'How one-stop software gets dossier events in: canonical v1 events (JSON or NDJSON), the national-portal DongBoHoSoMC payload, ' +
      'and a dossier’s event log. Every request carries Authorization: Bearer <key>. Errors: {statusCode, error, message, errors?}.',
    extraModels: [...Object.values(DOSSIER_EVENT_DTO_BY_TYPE), ErrorEnvelopeDto],
  });
  return app;
}
