import { ApiError, decodeUtf8Body } from '@dossier-ledger/platform';
import { jsonErrorPosition, lineAndColumn } from './json-error-position';

export const EVENT_BATCH_LIMITS = { maxEvents: 10_000, maxBytes: 16 * 1024 * 1024 } as const;
export const JSON_MEDIA_TYPE = 'application/json';
export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

export interface EventBatchLimits {
  maxEvents: number;
  maxBytes: number;
}

function tooMany(limits: EventBatchLimits, count: number | string): ApiError {
  return new ApiError(413, `A request may carry at most ${limits.maxEvents} events (got ${count}); split the batch`);
}

/** Parses a JSON document, answering 400 with the position of a syntax error. */
export function parseJsonDocument(text: string, what = 'Request body'): unknown {
  if (text.trim() === '') throw new ApiError(400, `${what} is empty`);
  try {
    return JSON.parse(text);
  } catch (error) {
    const reported = /at position (\d+)/.exec((error as Error).message);
    const position = reported ? Number(reported[1]) : Math.max(0, jsonErrorPosition(text));
    const { line, column } = lineAndColumn(text, position);
    throw new ApiError(
      400,
      `${what} is not valid JSON: error at position ${position} (line ${line}, column ${column}): ${(error as Error).message}`,
    );
  }
}

/**
 * The raw items of a POST /v1/events body: a JSON array (application/json) or one JSON value per
 * line (application/x-ndjson). Throws the answer for each way a body can be unusable: 415 another
 * media type, 400 bad JSON with its position (or line), 413 too many events.
 */
export function parseEventBatch(
  body: Buffer,
  mediaType: string,
  limits: EventBatchLimits = EVENT_BATCH_LIMITS,
): unknown[] {
  if (body.length > limits.maxBytes) throw new ApiError(413, `Request body exceeds ${limits.maxBytes} bytes`);
  const text = decodeUtf8Body(body);
  if (mediaType === JSON_MEDIA_TYPE) {
    const parsed = parseJsonDocument(text);
    if (!Array.isArray(parsed)) throw new ApiError(400, 'Request body must be a JSON array of events');
    if (parsed.length > limits.maxEvents) throw tooMany(limits, parsed.length);
    if (parsed.length === 0) throw new ApiError(400, 'Request body is an empty array: send at least one event');
    return parsed;
  }
  if (mediaType === NDJSON_MEDIA_TYPE) {
    const items: unknown[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '') continue;
      if (items.length === limits.maxEvents) throw tooMany(limits, `more than ${limits.maxEvents}`);
      try {
        items.push(JSON.parse(line));
      } catch (error) {
        throw new ApiError(400, `Line ${i + 1} is not valid JSON: ${(error as Error).message}`);
      }
    }
    if (items.length === 0) throw new ApiError(400, 'Request body holds no events');
    return items;
  }
  throw unsupportedMediaType(mediaType);
}

/** 415 before the body is read, for any type but JSON and NDJSON. */
export function assertEventBatchMediaType(mediaType: string): void {
  if (mediaType !== JSON_MEDIA_TYPE && mediaType !== NDJSON_MEDIA_TYPE) throw unsupportedMediaType(mediaType);
}

function unsupportedMediaType(mediaType: string): ApiError {
  return new ApiError(
    415,
    `Content-Type must be ${JSON_MEDIA_TYPE} or ${NDJSON_MEDIA_TYPE}${mediaType ? ` (got ${mediaType})` : ''}`,
  );
}
