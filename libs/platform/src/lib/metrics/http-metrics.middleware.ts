import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsRegistry } from './metrics-registry';

/** Route label of requests no route matched: keeps the label set bounded whatever URLs are probed. */
export const UNMATCHED_ROUTE = 'unmatched';

type RoutedRequest = IncomingMessage & { route?: { path?: string }; baseUrl?: string };

/**
 * Times every HTTP request from the first middleware to the response's `finish`, labelled by the
 * route pattern (express sets `req.route` when a handler matches: `/v1/reports/dossiers`, never the
 * query string or ids), method and status. Guards' 401/403 and filters' errors are included.
 */
export function httpMetricsMiddleware(
  metrics: MetricsRegistry,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const duration = metrics.histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status code',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  return (req, res, next) => {
    const end = duration.startTimer();
    res.once('finish', () => {
      const routed = req as RoutedRequest;
      const route = routed.route?.path ? `${routed.baseUrl ?? ''}${routed.route.path}` : UNMATCHED_ROUTE;
      end({ route, method: req.method ?? 'UNKNOWN', status_code: String(res.statusCode) });
    });
    next();
  };
}
