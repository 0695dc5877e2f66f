// `npm start` on freshly wiped servers, several times in a row: every service comes up (or the
// whole start fails, naming the service). Each run gets its own empty Kafka and FerretDB data
// directory and ports; the installed jars and FerretDB binary are shared through symlinks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLocalPort, REPO_ROOT as ROOT } from '../lib/service-process';

const INSTALLED = process.env['DL_LOCAL_DIR'] ?? join(ROOT, '.local');
const RUNS = Number(process.env['START_UP_RUNS'] ?? 3);

interface StartRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  env: NodeJS.ProcessEnv;
  ports: Record<string, number>;
  dir: string;
}

/** Fresh data directory and ports; the parent's servers (KAFKA_BROKERS / MONGODB_URI) are not inherited. */
async function startSystem(extra: Record<string, string> = {}): Promise<StartRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dl-start-'));
  mkdirSync(join(dir, 'kafka'), { recursive: true });
  symlinkSync(join(INSTALLED, 'kafka', 'libs'), join(dir, 'kafka', 'libs'));
  symlinkSync(join(INSTALLED, 'bin'), join(dir, 'bin'));
  const ports = {
    intake: await freeLocalPort(),
    aggregator: await freeLocalPort(),
    scoring: await freeLocalPort(),
    dashboard: await freeLocalPort(),
  };
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['KAFKA_BROKERS'];
  delete env['MONGODB_URI'];
  delete env['REPORT_API_KEY'];
  delete env['REPORT_API_URL'];
  Object.assign(env, {
    DL_LOCAL_DIR: dir,
    KAFKA_PORT: String(await freeLocalPort()),
    KAFKA_CONTROLLER_PORT: String(await freeLocalPort()),
    MONGO_PORT: String(await freeLocalPort()),
    INTAKE_PORT: String(ports.intake),
    REPORT_AGGREGATOR_PORT: String(ports.aggregator),
    SCORING_PORT: String(ports.scoring),
    DASHBOARD_PORT: String(ports.dashboard),
    LOG_LEVEL: 'info',
    ...extra,
  });
  const child = spawn(process.execPath, [join(ROOT, 'tools/scripts/start.mjs'), '--no-demo', '--no-build'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited, env, ports, dir };
}

async function until(condition: () => boolean, what: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Stops the run (Ctrl-C first, so npm start stops its services), its Kafka and FerretDB, and deletes its directory. */
async function cleanUp(run: StartRun): Promise<void> {
  if (run.child.exitCode === null) {
    run.child.kill('SIGINT');
    await Promise.race([run.exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
  spawnSync(process.execPath, [join(ROOT, 'tools/infra/infra.mjs'), 'down'], { env: run.env, stdio: 'ignore' });
  rmSync(run.dir, { recursive: true, force: true });
}

const status = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health`)
    .then((r) => r.status)
    .catch(() => 0);

describe('npm start on freshly wiped servers', () => {
  beforeAll(() => {
    const build = spawnSync(
      'npx',
      ['nx', 'run-many', '-t', 'build', '--projects=tag:type:app', '--outputStyle=static'],
      {
        cwd: ROOT,
        env: { ...process.env, NX_DAEMON: 'false' },
        encoding: 'utf8',
      },
    );
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  }, 600_000);

  for (let i = 1; i <= RUNS; i++) {
    it(`brings every service up, then stops them all on Ctrl-C (run ${i} of ${RUNS})`, async () => {
      const run = await startSystem();
      try {
        await until(
          () => run.output().includes('services are ready') || run.child.exitCode !== null,
          () => `readiness:\n${run.output()}`,
          300_000,
        );
        expect(run.output()).not.toContain('npm start failed');
        expect(run.output()).toMatch(/All \d services are ready/);
        for (const port of Object.values(run.ports)) expect(await status(port)).toBe(200);

        run.child.kill('SIGINT');
        expect(await run.exited).toBe(0);
        for (const port of Object.values(run.ports)) expect(await status(port)).toBe(0);
      } finally {
        await cleanUp(run);
      }
    }, 420_000);
  }

  it('stops everything and names the service and the cause when one cannot start', async () => {
    // Only scoring reads SCORE_UPDATE_LINGER_MS: the other two start, scoring refuses its environment.
    const run = await startSystem({ SCORE_UPDATE_LINGER_MS: '-5' });
    try {
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/npm start failed: scoring stopped \(exit 1\): .*SCORE_UPDATE_LINGER_MS/s);
      expect(run.output()).not.toContain('services are ready');
      for (const port of Object.values(run.ports)) expect(await status(port)).toBe(0);
    } finally {
      await cleanUp(run);
    }
  }, 420_000);
});
