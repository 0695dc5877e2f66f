// The built report aggregator as a child process, for the kill -9 integration tests and the benchmarks.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { freeLocalPort, waitUntilHealthy } from './service-process';

const ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'report-aggregator', 'main.js');

/** Builds the aggregator bundle (Nx cache makes it quick when nothing changed). */
export function buildAggregator(): void {
  execFileSync('npx', ['nx', 'build', 'report-aggregator', '--outputStyle=static'], {
    cwd: ROOT,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
  if (!existsSync(MAIN)) throw new Error(`build produced no ${MAIN}`);
}

/** The built aggregator as a child process: what kill -9 can really kill. */
export class AggregatorProcess {
  private child?: ChildProcess;
  private exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  baseUrl = '';

  constructor(
    private readonly variables: Record<string, string>,
    private readonly logFile?: string,
  ) {}

  async start(): Promise<void> {
    const port = await freeLocalPort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { ...process.env, ...this.variables, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (this.logFile) {
      const out = createWriteStream(this.logFile, { flags: 'a' });
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
    } else {
      child.stdout?.resume();
      child.stderr?.resume();
    }
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    await waitUntilHealthy(child, this.baseUrl, {
      name: 'aggregator',
      timeoutMs: 60_000,
      output: () => (this.logFile ? `(log: ${this.logFile})` : ''),
    });
  }

  /** For peak-memory readings (/proc/<pid>/status) in the benchmarks. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async health(): Promise<{ records: number; partitions: number[] }> {
    const response = await fetch(`${this.baseUrl}/health`);
    const body = (await response.json()) as {
      details: { consumption: { records: number }; assignment: { topics: Record<string, { owned: number[] }> } };
    };
    return {
      records: body.details.consumption.records,
      partitions: body.details.assignment.topics['dossier.events.v1']?.owned ?? [],
    };
  }

  /** How the process ended (exit code, or the signal that killed it), once it has. */
  whenExited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited) throw new Error('the aggregator was never started');
    return this.exited;
  }

  /** SIGKILL: no shutdown hook, no final checkpoint, no offset commit. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: graceful shutdown; true when the process ended by itself within `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<boolean> {
    const child = this.child;
    if (!child || !this.exited || child.exitCode !== null || child.signalCode !== null) return true;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      this.exited.then(({ code, signal }) => code === 0 || signal === 'SIGTERM'),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!graceful) {
      child.kill('SIGKILL');
      await this.exited;
    }
    return graceful;
  }
}
