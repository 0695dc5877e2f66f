import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { toEnvelope } from '@dossier-ledger/platform';
import type { Response } from 'express';
import { DVCQG_ERROR_CODES, DvcqgError, type DvcqgAnswer } from './dvcqg-error';

/** The DVCQG endpoint answers like the portal: `{error_code, message}` for every failure too. */
@Catch()
export class DvcqgExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DvcqgExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DvcqgError) {
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const envelope = toEnvelope(exception);
    if (envelope.statusCode >= 500)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const errorCode =
      envelope.statusCode === 401
        ? DVCQG_ERROR_CODES.unauthorized
        : envelope.statusCode === 403
          ? DVCQG_ERROR_CODES.forbidden
          : envelope.statusCode >= 500 || !(exception instanceof HttpException)
            ? DVCQG_ERROR_CODES.serverError
            : DVCQG_ERROR_CODES.badSnapshot;
    response
      .status(envelope.statusCode)
      .json({ error_code: errorCode, message: envelope.message } satisfies DvcqgAnswer);
  }
}
