import type { INestApplication } from '@nestjs/common';
import { sendRaw, type RawRequest } from './hostile/raw-http';

/** Routes anyone may call: probes, metrics and the OpenAPI pages. */
export const PUBLIC_ROUTE = /^(GET|HEAD) \/(health|metrics|docs)(\b|$)/;

/** Catch-all paths Nest registers for middleware (logging, metrics) on every method: not endpoints. */
const MIDDLEWARE_PATHS = new Set(['/{*splat}', '*', '/*']);

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Every route the app really serves, as `METHOD /path` (from the Express router, after init): a
 * route added tomorrow shows up here whether or not anyone remembered to guard it.
 */
export function routeTable(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack.flatMap((layer) =>
    layer.route && !MIDDLEWARE_PATHS.has(layer.route.path)
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${layer.route?.path}`)
      : [],
  );
}

/** How to call one guarded route: a request valid for a key in scope, and one aimed outside any test key's scope. */
export interface GuardedRouteSample {
  role: 'read' | 'write' | 'admin';
  /** Valid in every respect but the unit, which lies outside `keys.outOfScope`'s subtree. */
  request: RawRequest;
  /** Why the route has no unit to be out of scope of (then only the 401s and the role are checked). */
  unscoped?: string;
}

export interface AccessKeys {
  /** A key with every role, whose scope does not hold the samples' units. */
  outOfScope: string;
  /** A key with the sample's role and scope, revoked. */
  revoked: string;
  /** For each role, a key with the scope but without that role. */
  withoutRole: Record<GuardedRouteSample['role'], string>;
  /** A key of the right shape that was never issued. */
  unknown: string;
}

/**
 * The keys of a guard check, for units under `scope`: `create(scope, roles)` stores a key and
 * returns its token, `revoke(token)` revokes one.
 */
export async function createAccessKeys(
  scope: string[],
  outsideScope: string[],
  create: (scope: string[], roles: GuardedRouteSample['role'][]) => Promise<string>,
  revoke: (key: string) => Promise<void>,
  unknownKey: string,
): Promise<AccessKeys> {
  const revoked = await create(scope, ['read', 'write', 'admin']);
  await revoke(revoked);
  return {
    outOfScope: await create(outsideScope, ['read', 'write', 'admin']),
    revoked,
    unknown: unknownKey,
    withoutRole: {
      read: await create(scope, ['write', 'admin']),
      write: await create(scope, ['read', 'admin']),
      admin: await create(scope, ['read', 'write']),
    },
  };
}

/**
 * For each non-public route: no key, a malformed header, an unknown key and a revoked key → 401; a
 * key without the role and a key outside the unit's scope → 403. Returns what went otherwise,
 * including routes without a sample (a new endpoint must be added here to pass).
 */
export async function checkRouteGuards(
  baseUrl: string,
  routes: readonly string[],
  samples: Readonly<Record<string, GuardedRouteSample>>,
  keys: AccessKeys,
): Promise<string[]> {
  const failures: string[] = [];
  const guarded = routes.filter((route) => !PUBLIC_ROUTE.test(route));
  for (const route of Object.keys(samples))
    if (!guarded.includes(route)) failures.push(`${route}: sample for a route the app does not serve`);
  for (const route of guarded) {
    const sample = samples[route];
    if (!sample) {
      failures.push(`${route}: no access-control sample (add one, with its role and an out-of-scope request)`);
      continue;
    }
    const attempts: [string, string | undefined, number][] = [
      ['no key', undefined, 401],
      ['not a bearer token', 'Basic dXNlcjpwYXNz', 401],
      ['empty bearer', 'Bearer ', 401],
      ['unknown key', `Bearer ${keys.unknown}`, 401],
      ['revoked key', `Bearer ${keys.revoked}`, 401],
      [`key without ${sample.role}`, `Bearer ${keys.withoutRole[sample.role]}`, 403],
      ...(sample.unscoped
        ? []
        : [['key outside the scope', `Bearer ${keys.outOfScope}`, 403] as [string, string, number]]),
    ];
    for (const [what, authorization, status] of attempts) {
      const headers = { ...sample.request.headers };
      if (authorization === undefined) delete headers['authorization'];
      else headers['authorization'] = authorization;
      const response = await sendRaw(baseUrl, { ...sample.request, headers }, 10_000).catch(
        (error: Error) => ({ status: 0, text: error.message }) as const,
      );
      if (response.status !== status)
        failures.push(
          `${route} with ${what}: expected ${status}, got ${response.status} ${response.text.slice(0, 200)}`,
        );
    }
  }
  return failures;
}
