import type { DashboardEnv } from '../config/dashboard.env';

/** The services the page reaches through `/api/<service>/…` (one origin: no CORS, the key stays in a cookie). */
export const API_SERVICES = ['reports', 'scores', 'intake'] as const;
export type ApiService = (typeof API_SERVICES)[number];

export type ApiBaseUrls = Readonly<Record<ApiService, string>>;

export function apiBaseUrls(
  env: Pick<DashboardEnv, 'REPORT_API_URL' | 'SCORING_API_URL' | 'INTAKE_API_URL'>,
): ApiBaseUrls {
  return { reports: env.REPORT_API_URL, scores: env.SCORING_API_URL, intake: env.INTAKE_API_URL };
}

/** Where each prefix lands: `/api/reports/x` → `/v1/reports/x`, `/api/scores/x` → `/v1/x`, `/api/intake/x` → `/v1/x`. */
const UPSTREAM_PREFIX: Readonly<Record<ApiService, string>> = {
  reports: '/v1/reports/',
  scores: '/v1/',
  intake: '/v1/',
};

/**
 * The upstream URL of a page request (path and query as received), or undefined when the path is not
 * under a known `/api/<service>/` or tries to climb out of it.
 */
export function upstreamUrl(originalUrl: string, bases: ApiBaseUrls): URL | undefined {
  const match = /^\/api\/([a-z]+)\/([^?#]*)(\?[^#]*)?$/.exec(originalUrl);
  if (!match) return undefined;
  const service = API_SERVICES.find((s) => s === match[1]);
  const rest = match[2];
  if (!service || rest === '' || rest.split('/').some((part) => part === '..' || part === '.' || /%2e|%2f/i.test(part)))
    return undefined;
  const base = bases[service].replace(/\/$/, '');
  return new URL(`${base}${UPSTREAM_PREFIX[service]}${rest}${match[3] ?? ''}`);
}
