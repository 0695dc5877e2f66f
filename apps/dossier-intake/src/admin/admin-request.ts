import {
  ApiError,
  isApiKeyRole,
  AdminScopeError,
  KeyAdminError,
  mediaType,
  readRequestBody,
  type ApiKeyRole,
} from '@dossier-ledger/platform';
import { isIsoLocalDate } from '@dossier-ledger/calendar';
import { UnitsError } from '@dossier-ledger/units';
import type { Request } from 'express';

const MAX_JSON_BYTES = 64 * 1024;
export const MAX_CSV_BYTES = 4 * 1024 * 1024;

/** A JSON object body (the intake reads bodies itself: no global body parser). */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  if (mediaType(request.headers['content-type']) !== 'application/json')
    throw new ApiError(415, 'Content-Type must be application/json');
  const text = (await readRequestBody(request, MAX_JSON_BYTES)).toString('utf8');
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `Body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(400, 'Body must be a JSON object');
  return body as Record<string, unknown>;
}

const invalid = (field: string, rule: string, message: string) =>
  new ApiError(400, `${field}: ${message}`, [{ field, rule, message }]);

export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(field, 'required', 'a non-empty string is required');
  return value.trim();
}

export function stringList(body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v.trim() === ''))
    throw invalid(field, 'nonEmptyStringArray', 'a non-empty array of strings is required');
  return value.map((v: string) => v.trim());
}

export function roles(body: Record<string, unknown>): ApiKeyRole[] {
  const list = stringList(body, 'roles');
  const bad = list.filter((r) => !isApiKeyRole(r));
  if (bad.length > 0) throw invalid('roles', 'knownRole', `unknown role ${bad.join(', ')} (write, read, admin)`);
  return list as ApiKeyRole[];
}

export function optionalDate(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (!isIsoLocalDate(value)) throw invalid(field, 'localDate', `${JSON.stringify(value)} is not a date YYYY-MM-DD`);
  return value;
}

export function optionalInstant(body: Record<string, unknown>, field: string): Date | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw invalid(field, 'isoInstant', `${JSON.stringify(value)} is not an ISO 8601 date-time`);
  return date;
}

/**
 * Refusals of the administration use cases become 4xx: 400 naming the field (libs/units validation,
 * key rules), 403 for units outside the admin key's scope.
 */
export async function refusalsAs4xx<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AdminScopeError) throw new ApiError(403, error.message);
    if (error instanceof KeyAdminError || error instanceof UnitsError) throw new ApiError(400, error.message);
    throw error;
  }
}
