// Targets as runtime data (docs/scoring-service.md "Targets"), on the real FerretDB: a scoring
// service started as a process (from its sources) before any change, a second one in this process
// taking the admin API calls, the CLI as the image ships it (the webpack bundle), and a stub report API
// serving the fixture's figures (district 001: 60 % online, 35 % full-process).
import {
  buildApp,
  expectEventually,
  REPO_ROOT,
  ServiceProcess,
  testDatabaseUri,
  uniqueName,
} from '@dossier-ledger/testing';
import type { INestApplication } from '@nestjs/common';
import mongoose from 'mongoose';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { reportFixture } from '../testing/report-fixture';
import { createKey, dropDatabase, startScoringWithoutReportApi } from '../testing/scoring-test-support';

const WINDOW = 'from=2024-01-01&to=2024-03-31';

/** The fields of the answers this test reads. */
interface Answer {
  readonly score: { readonly onlineTargets: unknown };
  readonly scoreId: string;
  readonly errors: unknown;
  readonly childTargets: { readonly onTime: unknown };
}

describe('targets changed at run time, used by a running scoring service without a restart', () => {
  const database = uniqueName('scoring-targets').replace(/[^A-Za-z0-9_-]/g, '_');
  let reportApi: Server;
  let running: ServiceProcess | undefined;
  let admin: { app: INestApplication; baseUrl: string } | undefined;
  let adminKey: string;
  let readKey: string;
  let cliMain: string;

  const call = async (baseUrl: string, key: string, path: string, init: RequestInit = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, cliMain), 'targets', ...args], {
      env: { ...process.env, MONGODB_URI: testDatabaseUri(database), DL_ADMIN_ACTOR: 'ops-job' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(async () => {
    cliMain = join(buildApp('scoring').replace(/main\.js$/, ''), 'cli.js');
    reportApi = createServer((_, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(reportFixture()));
    });
    await new Promise<void>((resolve) => reportApi.listen(0, '127.0.0.1', resolve));
    const reportUrl = `http://127.0.0.1:${(reportApi.address() as AddressInfo).port}`;
    adminKey = await createKey(database, ['01'], ['read', 'admin']);
    readKey = await createKey(database, ['01'], ['read']);
    running = await ServiceProcess.start({
      name: 'scoring',
      main: 'apps/scoring/src/main.ts',
      variables: {
        MONGODB_URI: testDatabaseUri(database),
        REPORT_API_URL: reportUrl,
        TARGETS_CACHE_TTL_MS: '1000',
        API_KEY_CACHE_TTL_MS: '0',
        LOG_LEVEL: 'warn',
      },
    });
    admin = await startScoringWithoutReportApi(database, { API_KEY_CACHE_TTL_MS: '0' });
  }, 300_000);

  afterAll(async () => {
    await running?.stop();
    await admin?.app.close();
    await new Promise((resolve) => reportApi?.close(resolve));
    await dropDatabase(database);
  });

  it('judges scores with the seeded defaults, then with a target set through the admin API on another replica', async () => {
    const runningUrl = running?.baseUrl as string;
    const adminUrl = admin?.baseUrl as string;
    const before = await call(runningUrl, readKey, `/v1/scores?unit=001&${WINDOW}`);
    expect(before.status).toBe(200);
    expect(before.body.score.onlineTargets).toMatchObject({
      level: 'district',
      online: { target: 0.9, value: 0.6, met: false },
      fullProcess: { target: 0.85, value: 0.35, met: false },
      assumed: true,
    });

    const body = JSON.stringify({ online: 0.5, fullProcess: 0.3, onTime: 0.95 });
    const refused = await call(adminUrl, readKey, '/v1/admin/targets/01/district', { method: 'PUT', body });
    expect(refused.status).toBe(403);
    // An admin of one province sets its own province's targets, not the defaults of every province.
    const notDefault = await call(adminUrl, adminKey, '/v1/admin/targets/default/district', { method: 'PUT', body });
    expect(notDefault.status).toBe(403);
    const invalid = await call(adminUrl, adminKey, '/v1/admin/targets/01/district', {
      method: 'PUT',
      body: JSON.stringify({ online: 1.5 }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      { field: 'online', rule: 'max', message: 'online must be a share from 0 to 1' },
    ]);
    const set = await call(adminUrl, adminKey, '/v1/admin/targets/01/district', { method: 'PUT', body });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ _id: '01:district', values: { online: { share: 0.5, assumed: false } } });

    // The replica started before the change follows within its cache lifetime, without a restart.
    const after = await expectEventually(async () => {
      const scored = await call(runningUrl, readKey, `/v1/scores?unit=001&${WINDOW}`);
      expect(scored.body.score.onlineTargets).toMatchObject({ online: { target: 0.5 }, met: true, assumed: false });
      return scored;
    });
    expect(after.body.scoreId).not.toBe(before.body.scoreId);
    const targets = await call(runningUrl, readKey, '/v1/targets?unit=01&on=2024-03-31');
    expect(targets.body).toMatchObject({
      province: '01',
      targets: { level: 'province', online: { share: 0.9, scope: 'default' } },
      childTargets: { level: 'district', onTime: { share: 0.95, assumed: false, scope: '01' } },
    });

    // The score published before the change is still reproduced with the target it was judged against.
    const stored = await call(runningUrl, readKey, `/v1/scores/stored?id=${before.body.scoreId}`);
    expect(stored.body).toMatchObject({ reproducible: true, reproduced: { onlineTargets: { met: false } } });
  });

  it('changes a target with the CLI of the image; the running service follows; both doors are audit-logged', async () => {
    const bad = cli('set', 'default', 'commune', '--on-time', '1.2');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('onTime must be a share from 0 to 1');
    const done = cli('set', 'default', 'commune', '--on-time', '0.92');
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain('Set default:commune');
    expect(cli('list').stdout).toMatch(/default:commune {2}onTime 92,0 % {2}cli:ops-job/);
    await expectEventually(async () => {
      const targets = await call(running?.baseUrl as string, readKey, '/v1/targets?unit=001&on=2024-03-31');
      expect(targets.body.childTargets.onTime).toEqual({ share: 0.92, assumed: false, scope: 'default' });
    });

    const connection = await mongoose.createConnection(testDatabaseUri(database)).asPromise();
    try {
      const audit = await (connection.db as mongoose.mongo.Db).collection('admin_audit').find({}).toArray();
      const actions = audit.map(({ actor, action, target, details }) => ({ actor, action, target, details }));
      expect(actions).toEqual(
        expect.arrayContaining([
          {
            actor: expect.stringMatching(/^key:[0-9a-f]+ \(test-read-admin\)$/),
            action: 'targets.set',
            target: '01:district',
            details: { changes: { online: 0.5, fullProcess: 0.3, onTime: 0.95 } },
          },
          {
            actor: 'cli:ops-job',
            action: 'targets.set',
            target: 'default:commune',
            details: { changes: { onTime: 0.92 } },
          },
        ]),
      );
      expect(audit).toHaveLength(2); // refused changes write nothing
      expect(JSON.stringify(audit)).not.toContain(adminKey.split('_')[2]);
    } finally {
      await connection.close();
    }
  });
});
