import {
  AgencyMappingAdmin,
  AgencyMappingRepository,
  AuditLog,
  todayInVietnam,
  unrestrictedActor,
} from '@dossier-ledger/platform';
import { createDefaultUnitRegistry, loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { expectEventually } from '@dossier-ledger/testing';
import { post, startIntakeApp, suiteEnvironment, SuiteServers, type IntakeTestApp } from '../testing/intake-test-kit';

// Xã Chí Minh: commune 11095 (district 298) until 30/06/2025, commune 11131 from 01/07/2025.
const AGENCY = '000.41.95.H30';
const OTHER_AGENCY = '000.41.96.H30';
/** Today's provinces: an admin key scoped with all of them administers the installation. */
const EVERY_PROVINCE = loadDefaultUnitRegistry()
  .units(todayInVietnam(), 'province')
  .map((unit) => unit.code);

/** A 2024 DVCQG snapshot of a dossier received by the agency. */
const snapshot2024 = (id: string) => ({
  MaHoSo: id,
  MaTTHC: '1.001193',
  MaLinhVuc: 'HT',
  KenhThucHien: '1',
  NgayNopHoSo: '20240506080000',
  NgayTiepNhan: '20240506083000',
  NgayHenTra: '20240510170000',
  TrangThaiHoSo: '4',
  HinhThuc: '0',
  DanhSachHoSoBoSung: [],
});

describe('admin API against the real servers', () => {
  const variables = { ...suiteEnvironment('intake-admin'), AGENCY_MAPPINGS_REFRESH_MS: '300' };
  const servers = new SuiteServers(variables);
  let intake: IntakeTestApp;
  let adminKey: string;
  let communeKey: string;

  const call = async (method: string, path: string, key: string, body?: unknown, contentType = 'application/json') => {
    const response = await fetch(intake.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const syncAs = (key: string, agency: string, id: string) =>
    post(intake.baseUrl, `/v1/dvcqg/DongBoHoSoMC?MaDinhDanhDV=${agency}`, {
      key,
      body: JSON.stringify({ service: 'DongBoHoSoMC', isUpdating: true, data: [snapshot2024(id)] }),
    });

  beforeAll(async () => {
    intake = await startIntakeApp(variables);
    adminKey = await servers.createKey('ops', EVERY_PROVINCE, ['admin']);
    communeKey = await servers.createKey('vendor-chi-minh', ['11095'], ['write', 'read']);
  });

  afterAll(async () => {
    await intake?.close();
    await servers.close();
  });

  it('maps an agency through the API; the running intake accepts a 2024 snapshot of a key scoped to its pre-reform commune', async () => {
    const before = await syncAs(communeKey, AGENCY, 'CM-2024-0001');
    expect(before.body).toMatchObject({
      error_code: 2,
      message: expect.stringContaining(`unknown agency code ${AGENCY}`),
    });

    const added = await call('POST', '/v1/admin/agency-mappings', adminKey, { agencyCode: AGENCY, unitCode: '11095' });
    expect(added.status).toBe(201);
    const moved = await call('POST', '/v1/admin/agency-mappings', adminKey, {
      agencyCode: AGENCY,
      unitCode: '11131',
      validFrom: '2025-07-01',
    });
    expect(moved.body.mapping.periods).toEqual([
      { unitCode: '11095', validFrom: null, validTo: '2025-06-30' },
      { unitCode: '11131', validFrom: '2025-07-01', validTo: null },
    ]);

    // Judged on the dossier's own date (2024: commune 11095), not on today's hierarchy.
    const accepted = await syncAs(communeKey, AGENCY, 'CM-2024-0001');
    expect(accepted).toMatchObject({ status: 200, body: { error_code: 0 } });
    expect(accepted.body.message).toContain('1 new');
  });

  it('takes a mapping written by another process (the CLI, another replica) within seconds, without a restart', async () => {
    expect((await syncAs(communeKey, OTHER_AGENCY, 'CM-2024-0002')).body.error_code).toBe(2);
    const db = await servers.db();
    const started = Date.now();
    await new AgencyMappingAdmin(new AgencyMappingRepository(db), new AuditLog(db), createDefaultUnitRegistry()).add(
      unrestrictedActor('cli:test'),
      OTHER_AGENCY,
      '11095',
      null,
    );
    await expectEventually(
      async () => expect((await syncAs(communeKey, OTHER_AGENCY, 'CM-2024-0002')).body.error_code).toBe(0),
      {
        timeoutMs: 10_000,
      },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses bad mappings with a 400 naming the field, and non-admin keys with 403', async () => {
    const unknownUnit = await call('POST', '/v1/admin/agency-mappings', adminKey, {
      agencyCode: '000.00.03.H49',
      unitCode: '99999',
    });
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.message).toMatch(/unitCode: "99999" is not a unit/);
    const badDate = await call('POST', '/v1/admin/agency-mappings', adminKey, {
      agencyCode: AGENCY,
      unitCode: '11131',
      validFrom: '01/07/2025',
    });
    expect(badDate).toMatchObject({ status: 400, body: { errors: [{ field: 'validFrom', rule: 'localDate' }] } });
    expect((await call('GET', '/v1/admin/agency-mappings', communeKey)).status).toBe(403);
  });

  it('imports a CSV all or nothing', async () => {
    const bad = await call(
      'POST',
      '/v1/admin/agency-mappings/import',
      adminKey,
      'agencyCode,unitCode,validFrom,validTo\n000.00.01.H49,22,,\n000.00.02.H49,nope,,\n',
      'text/csv',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/lines 3: .*"nope" is not a unit/);
    const list = async () =>
      (await call('GET', '/v1/admin/agency-mappings', adminKey)).body as { agencyCode: string }[];
    expect((await list()).map((m) => m.agencyCode)).not.toContain('000.00.01.H49');

    const good = await call(
      'POST',
      '/v1/admin/agency-mappings/import',
      adminKey,
      'agencyCode,unitCode,validFrom,validTo\n000.00.01.H49,22,,\n000.00.02.H49,22,,\n',
      'text/csv',
    );
    expect(good).toMatchObject({ status: 200, body: { agencies: 2, periods: 2 } });
    expect((await list()).map((m) => m.agencyCode)).toEqual(expect.arrayContaining(['000.00.01.H49', '000.00.02.H49']));
  });

  it('creates, rotates and revokes keys; the secret is shown once and never logged', async () => {
    const created = await call('POST', '/v1/admin/keys', adminKey, {
      name: 'VNPT-HT',
      scope: ['42'],
      roles: ['write'],
    });
    expect(created.status).toBe(201);
    const secret: string = created.body.key;
    expect(secret).toMatch(/^dl_/);
    const keyId: string = created.body.record._id;

    const listed = await call('GET', '/v1/admin/keys', adminKey);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.find((k: { _id: string }) => k._id === keyId)).toMatchObject({
      name: 'VNPT-HT',
      revokedAt: null,
    });

    const rotated = await call('POST', `/v1/admin/keys/${keyId}/rotate`, adminKey);
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.body.key;
    expect(newSecret).not.toBe(secret);
    // The old secret is refused at once (the suite's key cache is 0 ms); the new one works.
    expect((await call('GET', '/v1/admin/keys', secret)).status).toBe(401);
    expect((await call('GET', '/v1/admin/keys', newSecret)).status).toBe(403); // authenticated, not admin

    const revoked = await call('POST', `/v1/admin/keys/${rotated.body.record._id}/revoke`, adminKey);
    expect(revoked.status).toBe(200);
    expect((await call('GET', '/v1/admin/keys', newSecret)).status).toBe(401);

    const expired = await call('POST', '/v1/admin/keys', adminKey, {
      name: 'late',
      scope: ['42'],
      roles: ['read'],
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(expired).toMatchObject({ status: 400, body: { message: expect.stringContaining('not in the future') } });

    const audit = await call('GET', '/v1/admin/audit?limit=50', adminKey);
    const actions = (audit.body as { action: string; actor: string }[]).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['key.create', 'key.rotate', 'key.revoke', 'agency-mapping.add', 'agency-mapping.import']),
    );
    expect(audit.body.every((e: { actor: string }) => /^(key:\S+ \(ops\)|cli:test)$/.test(e.actor))).toBe(true);
    for (const s of [secret, newSecret, adminKey]) expect(JSON.stringify(audit.body)).not.toContain(s.slice(-20));
  });

  it('lets an admin key of one province administer that province only', async () => {
    const haTinhAdmin = await servers.createKey('ops-ha-tinh', ['42'], ['admin']);
    const quangNinhKey = (
      await call('POST', '/v1/admin/keys', adminKey, { name: 'qn', scope: ['22'], roles: ['read'] })
    ).body as { key: string; record: { _id: string } };

    const own = await call('POST', '/v1/admin/keys', haTinhAdmin, {
      name: 'VNPT-HT-2',
      scope: ['42'],
      roles: ['write'],
    });
    expect(own.status).toBe(201);
    for (const scope of [['01'], ['42', '22']]) {
      const refused = await call('POST', '/v1/admin/keys', haTinhAdmin, { name: 'elsewhere', scope, roles: ['read'] });
      expect(refused).toMatchObject({
        status: 403,
        body: { message: expect.stringContaining(`unit ${scope.at(-1)}`) },
      });
    }
    expect((await call('POST', `/v1/admin/keys/${quangNinhKey.record._id}/revoke`, haTinhAdmin)).status).toBe(403);
    expect((await call('POST', `/v1/admin/keys/${quangNinhKey.record._id}/rotate`, haTinhAdmin)).status).toBe(403);
    expect((await call('GET', '/v1/admin/keys', quangNinhKey.key)).status).toBe(403); // still valid: authenticated, not admin
    const listed = (await call('GET', '/v1/admin/keys', haTinhAdmin)).body as { _id: string; scope: string[] }[];
    expect(listed.map((k) => k._id)).toContain(own.body.record._id);
    expect(listed.filter((k) => k.scope.join() !== '42')).toEqual([]); // the suite's other keys reach beyond 42
    expect((await call('GET', '/v1/admin/keys', adminKey)).body.map((k: { _id: string }) => k._id)).toContain(
      quangNinhKey.record._id,
    );

    // Agencies: a commune of Hà Tĩnh yes; Quảng Ninh's no; nor moving Hải Phòng's agency into Hà Tĩnh.
    expect(
      (await call('POST', '/v1/admin/agency-mappings', haTinhAdmin, { agencyCode: '000.42.01.H42', unitCode: '18073' }))
        .status,
    ).toBe(201);
    expect(
      (await call('POST', '/v1/admin/agency-mappings', haTinhAdmin, { agencyCode: '000.22.01.H22', unitCode: '06652' }))
        .status,
    ).toBe(403);
    const takeover = await call('POST', '/v1/admin/agency-mappings', haTinhAdmin, {
      agencyCode: AGENCY,
      unitCode: '18073',
      validFrom: '2026-01-01',
    });
    expect(takeover).toMatchObject({ status: 403, body: { message: expect.stringContaining(`agency ${AGENCY}`) } });
    const agencies = (await call('GET', '/v1/admin/agency-mappings', haTinhAdmin)).body as { agencyCode: string }[];
    expect(agencies.map((m) => m.agencyCode)).toContain('000.42.01.H42');
    expect(agencies.map((m) => m.agencyCode)).not.toContain(AGENCY);

    // The audit log: its own actions, not the installation's.
    const audit = (await call('GET', '/v1/admin/audit?limit=1000', haTinhAdmin)).body as {
      action: string;
      target: string;
    }[];
    expect(audit.map((e) => e.target)).toEqual(expect.arrayContaining([own.body.record._id, '000.42.01.H42']));
    expect(audit.map((e) => e.target)).not.toContain(quangNinhKey.record._id);
    expect(audit.map((e) => e.target)).not.toContain(AGENCY);
    const everything = (await call('GET', '/v1/admin/audit?limit=1000', adminKey)).body as { target: string }[];
    expect(everything.map((e) => e.target)).toEqual(expect.arrayContaining([quangNinhKey.record._id, AGENCY]));
  });
});
