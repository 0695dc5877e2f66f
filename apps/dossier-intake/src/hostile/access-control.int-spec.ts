import { ApiKeyRepository, generateApiKey, parseApiKey } from '@dossier-ledger/platform';
import {
  checkRouteGuards,
  createAccessKeys,
  expectEventually,
  routeTable,
  type GuardedRouteSample,
} from '@dossier-ledger/testing';
import { DOSSIER_LOG_COLLECTION } from '../dossier-log/dossier-log.repository';
import {
  post,
  receivedEvent,
  startIntakeApp,
  suiteEnvironment,
  SuiteServers,
  type IntakeTestApp,
} from '../testing/intake-test-kit';

// Every route intake serves, read from its router: no key, a malformed or unknown or revoked key →
// 401; a key without the role or outside the unit's scope → 403. A new route fails this test until
// it has a sample below, so an endpoint cannot ship without a guard.
const JSON_TYPE = { 'content-type': 'application/json' };
const ADMIN_UNSCOPED = 'admin endpoints act on the whole installation (keys, agency map, audit), not on a unit';

/** Requests about Hạ Long (unit 06649, province 22); the out-of-scope key holds province 01 only. */
const SAMPLES: Record<string, GuardedRouteSample> = {
  'POST /v1/events': {
    role: 'write',
    request: { method: 'POST', path: '/v1/events', headers: JSON_TYPE, body: JSON.stringify([receivedEvent(901)]) },
  },
  'POST /v1/dvcqg/DongBoHoSoMC': {
    role: 'write',
    request: {
      method: 'POST',
      path: '/v1/dvcqg/DongBoHoSoMC?MaDinhDanhDV=000.00.00.H49',
      headers: JSON_TYPE,
      body: JSON.stringify({
        service: 'DongBoHoSoMC',
        data: [
          {
            MaHoSo: 'AC-1',
            MaTTHC: '1.001193',
            MaLinhVuc: 'HT',
            KenhThucHien: '2',
            NgayTiepNhan: '20230105083000',
            NgayHenTra: '20230110170000',
            TrangThaiHoSo: '4',
          },
        ],
      }),
    },
  },
  'GET /v1/dossiers/:dossierId/events': {
    role: 'read',
    request: { method: 'GET', path: `/v1/dossiers/${receivedEvent(1)['dossierId']}/events` },
  },
  'GET /v1/admin/keys': { role: 'admin', unscoped: ADMIN_UNSCOPED, request: { method: 'GET', path: '/v1/admin/keys' } },
  'POST /v1/admin/keys': {
    role: 'admin',
    unscoped: ADMIN_UNSCOPED,
    request: {
      method: 'POST',
      path: '/v1/admin/keys',
      headers: JSON_TYPE,
      body: '{"name":"x","scope":["22"],"roles":["read"]}',
    },
  },
  'POST /v1/admin/keys/:keyId/revoke': {
    role: 'admin',
    unscoped: ADMIN_UNSCOPED,
    request: { method: 'POST', path: '/v1/admin/keys/0000000000000000/revoke' },
  },
  'POST /v1/admin/keys/:keyId/rotate': {
    role: 'admin',
    unscoped: ADMIN_UNSCOPED,
    request: { method: 'POST', path: '/v1/admin/keys/0000000000000000/rotate' },
  },
  'GET /v1/admin/audit': {
    role: 'admin',
    unscoped: ADMIN_UNSCOPED,
    request: { method: 'GET', path: '/v1/admin/audit' },
  },
  'GET /v1/admin/agency-mappings': {
    role: 'admin',
    unscoped: ADMIN_UNSCOPED,
    request: { method: 'GET', path: '/v1/admin/agency-mappings' },
  },
  'POST /v1/admin/agency-mappings': {
    role: 'admin',
    unscoped: ADMIN_UNSCOPED,
    request: {
      method: 'POST',
      path: '/v1/admin/agency-mappings',
      headers: JSON_TYPE,
      body: '{"agencyCode":"000.00.00.X1","unitCode":"06649"}',
    },
  },
  'PUT /v1/admin/agency-mappings/:agencyCode': {
    role: 'admin',
    unscoped: ADMIN_UNSCOPED,
    request: { method: 'PUT', path: '/v1/admin/agency-mappings/000.00.00.X1', headers: JSON_TYPE, body: '[]' },
  },
  'POST /v1/admin/agency-mappings/import': {
    role: 'admin',
    unscoped: ADMIN_UNSCOPED,
    request: {
      method: 'POST',
      path: '/v1/admin/agency-mappings/import',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b\n',
    },
  },
};

describe('access control of every intake route (real servers)', () => {
  const variables = suiteEnvironment('intake-access');
  const servers = new SuiteServers(variables);
  let intake: IntakeTestApp;

  beforeAll(async () => {
    intake = await startIntakeApp(variables);
  });

  afterAll(async () => {
    await intake?.close();
    await servers.close();
  });

  it('answers 401 / 403 on every route but the public ones, and a route without a sample fails', async () => {
    const writer = await servers.createKey('ac-writer', ['22'], ['write', 'read']);
    const stored = await post(intake.baseUrl, '/v1/events', { key: writer, body: JSON.stringify([receivedEvent(1)]) });
    expect(stored.status).toBe(202);
    await expectEventually(async () => expect(await servers.count(DOSSIER_LOG_COLLECTION)).toBe(1));

    let n = 0;
    const keys = await createAccessKeys(
      ['22'],
      ['01'],
      (scope, roles) => servers.createKey(`ac-${++n}`, scope, roles),
      async (key) => void (await new ApiKeyRepository(await servers.db()).revoke(parseApiKey(key)?.keyId ?? '')),
      generateApiKey().key,
    );

    const routes = routeTable(intake.app);
    expect(routes).toEqual(expect.arrayContaining(['POST /v1/events', 'GET /health']));
    expect(await checkRouteGuards(intake.baseUrl, routes, SAMPLES, keys)).toEqual([]);
    // Nothing any refused request tried was done: still one stored event, no new key.
    expect(await servers.count('events')).toBe(1);
  });
});
