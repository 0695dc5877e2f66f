import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** The one error body of every endpoint. */
export interface ErrorEnvelope {
  statusCode: number;
  error: string;
  message: string;
  errors?: unknown[];
}

export function errorEnvelope(statusCode: number, message: string, errors?: unknown[]): ErrorEnvelope {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(errors ? { errors } : {}) };
}

/** An HttpException whose body is already the envelope. */
export class ApiError extends HttpException {
  constructor(statusCode: number, message: string, errors?: unknown[]) {
    super(errorEnvelope(statusCode, message, errors), statusCode);
  }
}
