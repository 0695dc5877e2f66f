import { HttpException } from '@nestjs/common';
import type { DvcqgWarning } from '@dossier-ledger/intake';

/** The portal's error codes (ours: the portal documents only 0 = success). */
export const DVCQG_ERROR_CODES = {
  ok: 0,
  badSnapshot: 1,
  unknownAgency: 2,
  unauthorized: 3,
  forbidden: 4,
  serverError: 99,
} as const;

export interface DvcqgAnswer {
  error_code: number;
  message: string;
  /** Values read tolerantly (the snapshot was still accepted); present only when there are some. */
  warnings?: DvcqgWarning[];
}

/** An answer in the portal's format `{error_code, message}` with an HTTP status. */
export class DvcqgError extends HttpException {
  constructor(status: number, errorCode: number, message: string) {
    super({ error_code: errorCode, message } satisfies DvcqgAnswer, status);
  }
}
