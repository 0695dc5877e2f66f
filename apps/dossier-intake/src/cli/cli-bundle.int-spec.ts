// The administration CLI as the images ship it: dist/apps/{dossier-intake,report-aggregator}/cli.js
// (webpack bundles), run from a directory with no source tree, against the real servers.
import { EVENTS_COLLECTION } from '@dossier-ledger/contracts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { receivedEvent, suiteEnvironment, SuiteServers } from '../testing/intake-test-kit';

const ROOT = join(__dirname, '..', '..', '..', '..');
const bundle = (app: string) => join(ROOT, 'dist', 'apps', app, 'cli.js');

describe('node cli.js (the built bundle) against the real servers', () => {
  const variables = suiteEnvironment('intake-cli');
  const servers = new SuiteServers(variables);
  const workDir = mkdtempSync(join(tmpdir(), 'dl-cli-'));

  const cli = (...args: string[]) => cliOf('dossier-intake', ...args);
  const cliOf = (app: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [bundle(app), ...args], {
      cwd: workDir,
      env: { ...process.env, ...variables, DL_LOCAL_DIR: workDir, DL_ADMIN_ACTOR: 'ops-job' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';

  beforeAll(() => {
    const build = spawnSync(
      'npx',
      ['nx', 'run-many', '-t', 'build', '-p', 'dossier-intake', 'report-aggregator', '--outputStyle=static'],
      {
        cwd: ROOT,
        env: { ...process.env, NX_DAEMON: 'false' },
        encoding: 'utf8',
      },
    );
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  }, 300_000);

  afterAll(async () => {
    await servers.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('creates, lists, rotates and revokes keys; the secret is printed once, only by create and rotate', async () => {
    const created = cli('keys', 'create', '--name', 'VNPT-HT', '--scope', '42', '--role', 'write,read');
    expect(created.code).toBe(0);
    const secret = lastLine(created.out);
    expect(secret).toMatch(/^dl_[0-9a-f]{16}_/);
    const keyId = secret.split('_')[1];

    const listed = cli('keys', 'list');
    expect(listed.out).toContain(`${keyId}  VNPT-HT  scope=42  roles=write,read`);
    expect(listed.out).not.toContain(secret);

    const rotated = cli('keys', 'rotate', keyId, '--expires', '2099-01-01T00:00:00Z');
    expect(rotated.code).toBe(0);
    const newSecret = lastLine(rotated.out);
    expect(newSecret).not.toBe(secret);
    const after = cli('keys', 'list').out;
    expect(after).toMatch(new RegExp(`${keyId} .* revoked `));
    expect(after).toContain(`${newSecret.split('_')[1]}  VNPT-HT  scope=42`);
    expect(after).toContain('expires 2099-01-01T00:00:00.000Z');

    const expired = cli('keys', 'create', '--name', 'late', '--scope', '42', '--expires', '2020-01-01T00:00:00Z');
    expect(expired.code).toBe(1);
    expect(expired.err).toContain('not in the future');
    expect(cli('keys', 'revoke', newSecret.split('_')[1]).code).toBe(0);
    expect(cli('keys', 'revoke', newSecret.split('_')[1]).err).toContain('No active key');

    const audit = await (await servers.db()).collection('admin_audit').find({}).toArray();
    expect(audit.map((e) => e['action'])).toEqual(expect.arrayContaining(['key.create', 'key.rotate', 'key.revoke']));
    expect(audit.every((e) => e['actor'] === 'cli:ops-job')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(secret.split('_')[2]);
  });

  it('adds, replaces, lists and imports agency mappings (all or nothing, naming the line)', () => {
    expect(cli('agencies', 'add', '000.41.95.H30', '11095').code).toBe(0);
    const moved = cli('agencies', 'add', '000.41.95.H30', '11131', '--from', '2025-07-01');
    expect(moved.out).toContain('11095 from any date to 2025-06-30; 11131 from 2025-07-01 to open');
    expect(cli('agencies', 'replace', '000.41.95.H30', '11095::2025-06-30', '11131:2025-07-01').code).toBe(0);

    const csv = join(workDir, 'agencies.csv');
    writeFileSync(csv, 'agencyCode,unitCode,validFrom,validTo\n000.00.05.H49,22,,\n000.00.06.H49,nope,,\n');
    const refused = cli('agencies', 'import', csv);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('lines 3:');
    expect(cli('agencies', 'list').out).not.toContain('000.00.05.H49');

    writeFileSync(csv, 'agencyCode,unitCode,validFrom,validTo\n000.00.05.H49,22,,\n000.00.06.H49,22,,\n');
    expect(cli('agencies', 'import', csv).out).toContain('Imported 2 agencies (2 periods)');
    const list = cli('agencies', 'list').out;
    expect(list).toContain('000.00.05.H49  22 from any date to open');
    expect(list).toContain('000.41.95.H30  11095 from any date to 2025-06-30; 11131 from 2025-07-01 to open');
    // The shipped mappings were seeded into the empty store.
    expect(list).toContain('000.00.00.H49  22 from any date to open');
  });

  it('rebuilds the aggregator’s projections with progress and a final report', () => {
    // Nothing published yet under this suite's prefix: the rebuild replays 0 records and switches.
    expect(cli('rebuild').code).toBe(2); // the aggregator's command: not in the intake image
    const rebuilt = cliOf('report-aggregator', 'rebuild');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.out).toMatch(/^replay: 0 in /m);
    expect(rebuilt.out).toContain('records replayed: 0');
    expect(rebuilt.out).toContain('generation 1 is active (was 0)');
  });

  it('bulk-imports events through intake’s use cases and shows the status', async () => {
    expect(cli('keys', 'create', '--name', 'history', '--scope', '22', '--role', 'write').code).toBe(0);
    const file = join(workDir, 'history.ndjson');
    writeFileSync(file, [1, 2, 3].map((n) => JSON.stringify(receivedEvent(n))).join('\n') + '\n');
    const imported = cli('import', file, '--source', 'history');
    expect(imported.code).toBe(0);
    expect(await servers.count(EVENTS_COLLECTION)).toBe(3);
    // Again: duplicates, nothing new.
    expect(cli('import', file, '--source', 'history', '--restart').code).toBe(0);
    expect(await servers.count(EVENTS_COLLECTION)).toBe(3);

    const status = cliOf('report-aggregator', 'status');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/Aggregator generation: 1 \(previous 0\)/);
    expect(status.out).toMatch(/Agency mappings: \d+ agencies, version \d+/);
    expect(status.out).toMatch(/API keys: \d+ active of \d+/);
    expect(cli('status').out).not.toContain('Aggregator generation');
  });

  it('answers usage errors with exit 2 and the command’s usage', () => {
    const unknown = cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command frobnicate');
    expect(cli('agencies', 'add', '000.41.95.H30').err).toContain('add needs AGENCY_CODE and UNIT_CODE');
  });
});
