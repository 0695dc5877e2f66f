import { throwError, type Observable } from 'rxjs';
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { errorEnvelope, type ErrorEnvelope } from './api-error';

/** Turns every exception into `{statusCode, error, message, errors?}`; unexpected ones are logged. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorEnvelopeFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    // Kafka handlers of a hybrid app inherit this filter: give them their own error back, not an HTTP reply.
    if (host.getType() !== 'http') return throwError(() => exception);
    const response = host.switchToHttp().getResponse<Response>();
    const body = toEnvelope(exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }
}

export function toEnvelope(exception: unknown): ErrorEnvelope {
  if (!(exception instanceof HttpException))
    return errorEnvelope(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  const status = exception.getStatus();
  const body = exception.getResponse();
  if (typeof body === 'string') return errorEnvelope(status, body);
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  if (Array.isArray(message)) return errorEnvelope(status, message.join('; '), message);
  return errorEnvelope(
    status,
    typeof message === 'string' ? message : exception.message,
    Array.isArray(errors) ? errors : undefined,
  );
}
