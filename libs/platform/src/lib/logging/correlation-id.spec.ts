import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CORRELATION_ID_HEADER,
  correlationIdMiddleware,
  currentCorrelationId,
  distinctCorrelationIds,
  requestCorrelationId,
} from './correlation-id';

function exchange(headers: Record<string, string> = {}) {
  const sent: Record<string, string> = {};
  const req = { headers } as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), {
    headersSent: false,
    setHeader: (name: string, value: string) => (sent[name] = value),
  }) as unknown as ServerResponse;
  return { req, res, sent };
}

describe('request correlation id', () => {
  it("takes the caller's x-correlation-id and echoes it", () => {
    const { req, res, sent } = exchange({ [CORRELATION_ID_HEADER]: 'vnpt-ht:batch-42' });
    expect(requestCorrelationId(req, res)).toBe('vnpt-ht:batch-42');
    expect(sent[CORRELATION_ID_HEADER]).toBe('vnpt-ht:batch-42');
  });

  it.each([[undefined], [''], ['has space'], ['x'.repeat(129)], ['line\nbreak']])(
    'generates one when the header is %p',
    (value) => {
      const { req, res, sent } = exchange(value === undefined ? {} : { [CORRELATION_ID_HEADER]: value });
      const id = requestCorrelationId(req, res);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(sent[CORRELATION_ID_HEADER]).toBe(id);
    },
  );

  it('gives the same id every time it is asked for one request', () => {
    const { req, res } = exchange();
    expect(requestCorrelationId(req, res)).toBe(requestCorrelationId(req, res));
  });

  it('is the current id for everything the request runs, and only for it', async () => {
    const { req, res } = exchange({ [CORRELATION_ID_HEADER]: 'abc-1' });
    const seen = await new Promise<string | undefined>((resolve) =>
      correlationIdMiddleware(req, res, () => setImmediate(() => resolve(currentCorrelationId()))),
    );
    expect(seen).toBe('abc-1');
    expect(currentCorrelationId()).toBeUndefined();
  });
});

describe('distinctCorrelationIds', () => {
  it('lists each id once, Buffer or string, skipping records without one, bounded', () => {
    const headers = [
      { 'x-correlation-id': Buffer.from('a') },
      { 'x-correlation-id': 'a' },
      undefined,
      { source: Buffer.from('s') },
      ...['b', 'c', 'd'].map((id) => ({ 'x-correlation-id': Buffer.from(id) })),
    ];
    expect(distinctCorrelationIds(headers, 10)).toEqual({ ids: ['a', 'b', 'c', 'd'], more: 0 });
    expect(distinctCorrelationIds(headers, 2)).toEqual({ ids: ['a', 'b'], more: 2 });
  });
});
