import type { INestApplication } from '@nestjs/common';
import { generateApiKey } from '@dossier-ledger/platform';
import { revokeTestApiKey } from '@dossier-ledger/platform/testing';
import { checkRouteGuards, createAccessKeys, routeTable, type GuardedRouteSample } from '@dossier-ledger/testing';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { createApiKey, dropDatabase, EventWriter, newSuite, suiteEnv } from '../testing/aggregator-test-support';

// Every route of the report API, read from its router (JSON, exports, costs, anomalies, the SSE
// stream): 401 without a valid key, 403 without the role or outside the unit's scope. A new route
// fails until it has a sample here.
const WINDOW = 'from=2024-01-01&to=2024-03-31';
const get = (path: string): GuardedRouteSample => ({ role: 'read', request: { method: 'GET', path } });
/** Province 22 (Quảng Ninh); the out-of-scope key holds province 01 only. */
const SAMPLES: Record<string, GuardedRouteSample> = {
  'GET /v1/reports/dossiers': get(`/v1/reports/dossiers?unit=22&${WINDOW}`),
  'GET /v1/reports/dossiers.xlsx': get(`/v1/reports/dossiers.xlsx?unit=22&${WINDOW}`),
  'GET /v1/reports/dossiers.csv': get(`/v1/reports/dossiers.csv?unit=22&${WINDOW}`),
  'GET /v1/reports/dossiers.pdf': get(`/v1/reports/dossiers.pdf?unit=22&${WINDOW}`),
  'GET /v1/reports/dossiers.form': get(`/v1/reports/dossiers.form?unit=22&${WINDOW}`),
  'GET /v1/reports/units': get('/v1/reports/units?unit=22&on=2024-03-31'),
  'GET /v1/reports/me': { ...get('/v1/reports/me'), unscoped: 'answers about the calling key itself' },
  'GET /v1/reports/dossiers/costs': get(`/v1/reports/dossiers/costs?unit=22&kind=late&${WINDOW}`),
  'GET /v1/reports/anomalies': get(`/v1/reports/anomalies?unit=22&${WINDOW}`),
  'GET /v1/reports/stream': get('/v1/reports/stream?unit=22'),
};

describe('access control of every report API route (real servers)', () => {
  const suite = newSuite('agg-access');
  const writer = new EventWriter(suite.prefix);
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    await writer.start();
    app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await writer.stop();
    await dropDatabase(suite.database);
  });

  it('answers 401 / 403 on every route but the public ones, and a route without a sample fails', async () => {
    const keys = await createAccessKeys(
      ['22'],
      ['01'],
      (scope, roles) => createApiKey(suite.database, scope, roles),
      (key) => revokeTestApiKey(suite.database, key),
      generateApiKey().key,
    );
    const routes = routeTable(app);
    expect(routes).toEqual(expect.arrayContaining(['GET /v1/reports/dossiers', 'GET /health']));
    expect(await checkRouteGuards(baseUrl, routes, SAMPLES, keys)).toEqual([]);
  });
});
