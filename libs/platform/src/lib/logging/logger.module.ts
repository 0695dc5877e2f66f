import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { correlationIdMiddleware, requestCorrelationId } from './correlation-id';

const ALL_ROUTES = [{ path: '{*splat}', method: RequestMethod.ALL }];
/** Probes and scrapes every few seconds would drown the request log. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/**
 * Applies the correlation context after nestjs-pino's middleware (a global module's middleware runs
 * first): pino-http has then already assigned the id through `customProps`.
 */
@Module({})
class JsonLoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationIdMiddleware).forRoutes(...ALL_ROUTES);
  }
}

/**
 * JSON logs (pino); every request gets an id (x-request-id when sent) and a correlation id
 * (x-correlation-id, generated when absent, echoed in the response) on each of its log lines;
 * keys are redacted.
 */
export function jsonLoggerModule(level: string): DynamicModule {
  return {
    module: JsonLoggingModule,
    imports: [
      LoggerModule.forRoot({
        pinoHttp: {
          level,
          genReqId: (request: IncomingMessage) => {
            const sent = request.headers['x-request-id'];
            return typeof sent === 'string' && /^[\w.-]{1,100}$/.test(sent) ? sent : randomUUID();
          },
          customProps: (request: IncomingMessage, response: ServerResponse) => ({
            correlationId: requestCorrelationId(request, response),
          }),
          redact: ['req.headers.authorization'],
          autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has(request.url ?? '') },
        },
        forRoutes: ALL_ROUTES,
      }),
    ],
  };
}
