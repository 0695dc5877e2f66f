// Start-up robustness: with Kafka not reachable yet, the service neither exits nor answers; it logs
// why and keeps retrying, and once its deadline passes it exits 1 naming the step and the cause.
import { freeLocalPort } from '@dossier-ledger/testing';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { suiteEnvironment } from '../testing/intake-test-kit';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('intake start-up while Kafka is not reachable', () => {
  beforeAll(() => {
    const build = spawnSync('npx', ['nx', 'build', 'dossier-intake', '--outputStyle=static'], {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false' },
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  }, 300_000);

  it('stays not-ready with a log line per attempt, then exits 1 naming the step once STARTUP_TIMEOUT_MS has passed', async () => {
    const port = await freeLocalPort();
    const nothing = await freeLocalPort(); // no broker listens here
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/dossier-intake/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...suiteEnvironment('intake-startup'),
        KAFKA_BROKERS: `127.0.0.1:${nothing}`,
        STARTUP_TIMEOUT_MS: '15000',
        LOG_LEVEL: 'info',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close': the process has exited and its output is fully read.
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(child.exitCode).toBeNull(); // still trying
      const health = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0,
      );
      expect(health).toBe(0); // the port opens only once it can serve
      expect(output).toMatch(
        new RegExp(`not ready: connect to Kafka at 127\\.0\\.0\\.1:${nothing} failed .*retrying in`),
      );

      expect(await exited).toBe(1);
      expect(output).toMatch(
        /dossier-intake could not start: start-up step \\"connect to Kafka at [\d.:]+\\" failed after \d+ attempt\(s\): .*ECONNREFUSED/,
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
