import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpMetricsMiddleware, UNMATCHED_ROUTE } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';

/** A request/response pair as express leaves them: `route` set once a handler matched. */
function exchange(method: string, route: string | undefined, statusCode: number) {
  const req = {
    method,
    route: route === undefined ? undefined : { path: route },
    baseUrl: '',
  } as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), { statusCode }) as unknown as ServerResponse;
  return { req, res };
}

describe('MetricsRegistry', () => {
  it('exposes the process metrics (memory) with the service label', async () => {
    const text = await new MetricsRegistry('report-aggregator').render();
    expect(text).toMatch(/^process_resident_memory_bytes\{service="report-aggregator"\} \d+/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{service="report-aggregator"\} \d+/m);
  });

  it('returns the metric already registered under a name instead of throwing', () => {
    const metrics = new MetricsRegistry('intake');
    const first = metrics.counter({ name: 'things_total', help: 'things', labelNames: ['kind'] as const });
    const second = metrics.counter({ name: 'things_total', help: 'things', labelNames: ['kind'] as const });
    expect(second).toBe(first);
  });

  it('keeps apps apart: a metric of one registry is not in another', async () => {
    const a = new MetricsRegistry('a');
    const b = new MetricsRegistry('b');
    a.counter({ name: 'only_in_a_total', help: 'a' }).inc();
    expect(await a.render()).toContain('only_in_a_total{service="a"} 1');
    expect(await b.render()).not.toContain('only_in_a_total');
  });

  it('is what GET /metrics answers', async () => {
    const metrics = new MetricsRegistry('scoring');
    metrics.counter({ name: 'scrape_check_total', help: 'x' }).inc(3);
    expect(await new MetricsController(metrics).scrape()).toContain('scrape_check_total{service="scoring"} 3');
  });
});

describe('httpMetricsMiddleware', () => {
  it('observes each finished request by route pattern, method and status', async () => {
    const metrics = new MetricsRegistry('report-aggregator');
    const middleware = httpMetricsMiddleware(metrics);
    for (const [method, route, status] of [
      ['GET', '/v1/reports/dossiers', 200],
      ['GET', '/v1/reports/dossiers', 200],
      ['GET', '/v1/reports/dossiers', 401],
      ['GET', undefined, 404],
    ] as const) {
      const { req, res } = exchange(method, route, status);
      const next = jest.fn();
      middleware(req, res, next);
      expect(next).toHaveBeenCalledTimes(1);
      res.emit('finish');
    }
    const text = await metrics.render();
    const count = (labels: string) => `http_request_duration_seconds_count{service="report-aggregator",${labels}}`;
    expect(text).toContain(`${count('route="/v1/reports/dossiers",method="GET",status_code="200"')} 2`);
    expect(text).toContain(`${count('route="/v1/reports/dossiers",method="GET",status_code="401"')} 1`);
    expect(text).toContain(`${count(`route="${UNMATCHED_ROUTE}",method="GET",status_code="404"`)} 1`);
  });

  it('observes nothing for a request that has not finished', async () => {
    const metrics = new MetricsRegistry('intake');
    const { req, res } = exchange('POST', '/v1/events', 202);
    httpMetricsMiddleware(metrics)(req, res, () => undefined);
    expect(await metrics.render()).not.toContain('http_request_duration_seconds_count{');
  });
});
