import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** JSON logs (pino); every request gets an id (x-request-id when sent), keys are redacted. */
export function jsonLoggerModule(level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      genReqId: (request: IncomingMessage) => {
        const sent = request.headers['x-request-id'];
        return typeof sent === 'string' && /^[\w.-]{1,100}$/.test(sent) ? sent : randomUUID();
      },
      redact: ['req.headers.authorization'],
      autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' },
    },
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  });
}
