import type { INestApplication } from '@nestjs/common';
import { createTestApiKey } from '@dossier-ledger/platform/testing';
import {
  describeHostileReport,
  hostileQueries,
  hostileSeed,
  runHostileCases,
  sendRaw,
  uniqueName,
  type HostileCase,
  type QueryEndpoint,
} from '@dossier-ledger/testing';
import fc from 'fast-check';
import { dropDatabase, startScoringWithoutReportApi } from '../testing/scoring-test-support';

// Malformed queries and manual-input bodies against every scoring endpoint: each gets 400 naming
// the parameter or field, before the report API is asked anything (it is not running here).
const COUNT = 600 * Number(process.env['HOSTILE_SCALE'] ?? '1');
const WINDOW = { unit: '22', from: '2024-01-01', to: '2024-03-31' };
const ENDPOINTS: QueryEndpoint[] = [
  { path: '/v1/scores', params: WINDOW },
  { path: '/v1/scores/explain', params: WINDOW },
  { path: '/v1/scores/what-if', params: { ...WINDOW, target: '18' } },
  {
    path: '/v1/rankings',
    params: { parent: '22', level: 'district', from: WINDOW.from, to: WINDOW.to },
    optional: ['level'], // defaults to the children of parent
  },
  { path: '/v1/scores/stored', params: { id: '766@1:22:2024-01-01:2024-03-31:0123456789ab' } },
  { path: '/v1/targets', params: { unit: '22', on: '2024-03-31' }, optional: ['on'] },
];

/** PUT /v1/scores/inputs bodies with one broken field. */
function hostileInputs(authorization: string): fc.Arbitrary<HostileCase> {
  const valid = { ruleSet: '766', unit: '22', inputs: { publicity: 4 } };
  return fc
    .constantFrom<[string, unknown]>(
      ['unit', undefined],
      ['unit', 42],
      ['unit', '$where'],
      ['unit', 'z'.repeat(5_000)],
      ['inputs', undefined],
      ['inputs', []],
      ['inputs', 'x'],
      ['inputs', { publicity: 'x' }],
      ['inputs', { publicity: -1 }],
      ['inputs', { publicity: 1e9 }],
      ['inputs', { $where: 1 }],
      ['inputs', { __proto__x: 1 }],
      ['ruleSet', 'no-such'],
      ['ruleSet', 7],
    )
    .map(([field, value]) => {
      const body: Record<string, unknown> = { ...valid };
      if (value === undefined) delete body[field];
      else body[field] = value;
      return {
        label: `PUT /v1/scores/inputs:${field}`,
        request: {
          method: 'PUT' as const,
          path: '/v1/scores/inputs',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
        expect: { status: 400, mentions: field },
      };
    });
}

/** PUT /v1/admin/targets bodies with one broken field. */
function hostileTargets(authorization: string): fc.Arbitrary<HostileCase> {
  return fc
    .constantFrom<[string, unknown]>(
      ['online', 1.5],
      ['online', -0.1],
      ['online', 'x'],
      ['fullProcess', '0.9'],
      ['fullProcess', [0.9]],
      ['onTime', { $gt: 0 }],
      ['onTime', null], // the default cannot be removed
      ['$where', 1],
      ['__proto__x', 1],
    )
    .map(([field, value]) => ({
      label: `PUT /v1/admin/targets:${field}`,
      request: {
        method: 'PUT' as const,
        path: '/v1/admin/targets/default/commune',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ [field]: value }),
      },
      expect: { status: 400, mentions: field },
    }));
}

describe('hostile queries against the scoring API (real servers)', () => {
  const database = uniqueName('scoring-hostile').replace(/[^A-Za-z0-9_-]/g, '_');
  const seed = hostileSeed('scoring API');
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    ({ app, baseUrl } = await startScoringWithoutReportApi(database, { API_RATE_LIMIT_PER_SECOND: '0' }));
  });

  afterAll(async () => {
    await app?.close();
    await dropDatabase(database);
  });

  it(`${COUNT} malformed queries and input bodies → 400 naming the parameter`, async () => {
    const authorization = `Bearer ${await createTestApiKey(database, ['22'], ['read', 'admin'])}`;
    const cases = fc.sample(
      fc.oneof(
        { arbitrary: hostileQueries(ENDPOINTS, authorization), weight: 5 },
        hostileInputs(authorization),
        hostileTargets(authorization),
      ),
      { seed, numRuns: COUNT },
    );
    const report = await runHostileCases(baseUrl, cases);
    console.log(describeHostileReport('scoring API', report));
    expect(report.failures.slice(0, 20)).toEqual([]);
    expect((await sendRaw(baseUrl, { method: 'GET', path: '/health' })).status).toBe(200);
  });
});
