import { KAFKA_HEADERS } from '@dossier-ledger/contracts';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** HTTP header carrying a request's correlation id in and out. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** A caller's id is taken as is when it is short and plain; anything else is replaced (log and header injection). */
const ACCEPTABLE = /^[\w.:-]{1,128}$/;
const ASSIGNED = Symbol('correlationId');

const storage = new AsyncLocalStorage<string>();

/** The correlation id of the request (or consumed record) being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

export function runWithCorrelationId<T>(correlationId: string, work: () => T): T {
  return storage.run(correlationId, work);
}

/**
 * The request's correlation id: the caller's `x-correlation-id` when acceptable, a new UUID
 * otherwise; echoed in the response header. Idempotent (the logger asks first, the middleware next).
 */
export function requestCorrelationId(request: IncomingMessage, response: ServerResponse): string {
  const memo = request as IncomingMessage & { [ASSIGNED]?: string };
  if (memo[ASSIGNED] !== undefined) return memo[ASSIGNED];
  const sent = request.headers[CORRELATION_ID_HEADER];
  const id = typeof sent === 'string' && ACCEPTABLE.test(sent) ? sent : randomUUID();
  memo[ASSIGNED] = id;
  if (!response.headersSent) response.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}

/** Runs the rest of the request inside the correlation context, so code far from the controller (publishers) can read it. */
export function correlationIdMiddleware(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  runWithCorrelationId(requestCorrelationId(request, response), next);
}

/** The distinct correlation ids of a batch of Kafka records (their KAFKA_HEADERS.correlationId), at most `max` of them, and how many more there were. */
export function distinctCorrelationIds(
  headers: readonly (Record<string, unknown> | undefined)[],
  max = 10,
): { ids: string[]; more: number } {
  const distinct = new Set<string>();
  for (const h of headers) {
    const value = h?.[KAFKA_HEADERS.correlationId];
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : undefined;
    if (text) distinct.add(text);
  }
  const all = [...distinct];
  return { ids: all.slice(0, max), more: Math.max(0, all.length - max) };
}
