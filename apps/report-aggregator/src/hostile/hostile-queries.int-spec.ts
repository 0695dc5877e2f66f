import type { INestApplication } from '@nestjs/common';
import {
  describeHostileReport,
  hostileQueries,
  hostileSeed,
  runHostileCases,
  sendRaw,
  type QueryEndpoint,
} from '@dossier-ledger/testing';
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { createApiKey, dropDatabase, EventWriter, newSuite, suiteEnv } from '../testing/aggregator-test-support';

// Malformed queries against every report endpoint (JSON, exports, costs, anomalies, stream): each
// gets 400 naming the parameter, never a 5xx. HOSTILE_SEED reproduces a run, HOSTILE_SCALE scales it.
const COUNT = 600 * Number(process.env['HOSTILE_SCALE'] ?? '1');
const WINDOW = { unit: '22', from: '2024-01-01', to: '2024-03-31' };
const ENDPOINTS: QueryEndpoint[] = [
  { path: '/v1/reports/dossiers', params: WINDOW },
  { path: '/v1/reports/dossiers.xlsx', params: WINDOW },
  { path: '/v1/reports/dossiers.csv', params: WINDOW },
  { path: '/v1/reports/dossiers.pdf', params: WINDOW },
  { path: '/v1/reports/dossiers.form', params: WINDOW },
  { path: '/v1/reports/units', params: { unit: '22', on: '2024-03-31' }, optional: ['on'] },
  { path: '/v1/reports/dossiers/costs', params: { ...WINDOW, kind: 'late' } },
  { path: '/v1/reports/anomalies', params: WINDOW },
  { path: '/v1/reports/stream', params: { unit: '22' } },
];

describe('hostile queries against the report API (real servers)', () => {
  const suite = newSuite('agg-hostile');
  const writer = new EventWriter(suite.prefix);
  const seed = hostileSeed('report API');
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    await writer.start();
    app = await createAggregatorApp(suiteEnv(suite, { API_RATE_LIMIT_PER_SECOND: '0' }), { shutdownHooks: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await writer.stop();
    await dropDatabase(suite.database);
  });

  it(`${COUNT} malformed queries → 400 naming the parameter`, async () => {
    const authorization = `Bearer ${await createApiKey(suite.database, ['22'])}`;
    const cases = fc.sample(hostileQueries(ENDPOINTS, authorization), { seed, numRuns: COUNT });
    const report = await runHostileCases(baseUrl, cases);
    console.log(describeHostileReport('report API queries', report));
    expect(report.failures.slice(0, 20)).toEqual([]);
    expect((await sendRaw(baseUrl, { method: 'GET', path: '/health' })).status).toBe(200);
  });
});
