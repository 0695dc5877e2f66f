import type { INestApplication } from '@nestjs/common';
import { generateApiKey } from '@dossier-ledger/platform';
import { createTestApiKey, revokeTestApiKey } from '@dossier-ledger/platform/testing';
import {
  checkRouteGuards,
  createAccessKeys,
  routeTable,
  uniqueName,
  type GuardedRouteSample,
} from '@dossier-ledger/testing';
import { dropDatabase, startScoringWithoutReportApi } from '../testing/scoring-test-support';

// Every route of the scoring API, read from its router (scores, explanations, stored scores,
// what-if, rankings, manual inputs, targets): 401 without a valid key, 403 without the role or outside the
// unit's scope, all before the report API is asked anything (it is not even running here).
const WINDOW = 'from=2024-01-01&to=2024-03-31';
const read = (path: string): GuardedRouteSample => ({ role: 'read', request: { method: 'GET', path } });
/** Province 22 (Quảng Ninh); the out-of-scope key holds province 01 only. */
const SAMPLES: Record<string, GuardedRouteSample> = {
  'GET /v1/scores': read(`/v1/scores?unit=22&${WINDOW}`),
  'GET /v1/scores/explain': read(`/v1/scores/explain?unit=22&${WINDOW}`),
  'GET /v1/scores/stored': read('/v1/scores/stored?id=766@1:22:2024-01-01:2024-03-31:0123456789ab'),
  'GET /v1/scores/what-if': read(`/v1/scores/what-if?unit=22&${WINDOW}&target=18`),
  'GET /v1/rankings': read(`/v1/rankings?parent=22&level=district&${WINDOW}`),
  'GET /v1/targets': read('/v1/targets?unit=22'),
  'GET /v1/admin/targets': {
    role: 'admin',
    request: { method: 'GET', path: '/v1/admin/targets' },
    unscoped: 'the whole table: configuration, not a unit’s data',
  },
  'PUT /v1/admin/targets/:scope/:level': {
    role: 'admin',
    request: {
      method: 'PUT',
      path: '/v1/admin/targets/22/commune',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ onTime: 0.95 }),
    },
  },
  'PUT /v1/scores/inputs': {
    role: 'admin',
    request: {
      method: 'PUT',
      path: '/v1/scores/inputs',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ruleSet: '766', unit: '22', inputs: { publicity: 4 } }),
    },
  },
};

describe('access control of every scoring route (real servers)', () => {
  const database = uniqueName('scoring-access').replace(/[^A-Za-z0-9_-]/g, '_');
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    ({ app, baseUrl } = await startScoringWithoutReportApi(database, { MANUAL_INPUT_CACHE_TTL_MS: '0' }));
  });

  afterAll(async () => {
    await app?.close();
    await dropDatabase(database);
  });

  it('answers 401 / 403 on every route but the public ones, and a route without a sample fails', async () => {
    const keys = await createAccessKeys(
      ['22'],
      ['01'],
      (scope, roles) => createTestApiKey(database, scope, roles),
      (key) => revokeTestApiKey(database, key),
      generateApiKey().key,
    );
    const routes = routeTable(app);
    expect(routes).toEqual(expect.arrayContaining(['GET /v1/scores', 'GET /health']));
    expect(await checkRouteGuards(baseUrl, routes, SAMPLES, keys)).toEqual([]);
  });
});
