import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository's root (the services' working directory). */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** A TCP port free right now on 127.0.0.1. */
export async function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits until `GET /health` of a freshly spawned service answers 200. Kills it (SIGKILL) and throws
 * with the end of its output when it exits first or the deadline passes.
 */
export async function waitUntilHealthy(
  child: ChildProcess,
  baseUrl: string,
  options: { name: string; timeoutMs: number; output: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const health = await fetch(`${baseUrl}/health`).catch(() => undefined);
    if (health?.status === 200) return;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not become ready:\n${options.output().slice(-4_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface ServiceProcessOptions {
  /** For messages, e.g. `scoring`. */
  readonly name: string;
  /**
   * The entry point, from the repository root: a `main.ts` runs from its sources (no build), a built
   * `main.js` bundle (`buildApp`) runs as it would in production.
   */
  readonly main: string;
  /** Variables on top of this process's environment; PORT is chosen here. */
  readonly variables: Record<string, string>;
  /** The port to listen on (a restart on the same address); default a free one. */
  readonly port?: number;
  readonly timeoutMs?: number;
  /** Also appends its output to this file (benchmarks keep the services' logs). */
  readonly logFile?: string;
}

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Builds an app's bundle with Nx (cached when nothing changed); returns its `main.js` from the root. */
export function buildApp(project: string): string {
  const main = join('dist', 'apps', project, 'main.js');
  execFileSync('npx', ['nx', 'build', project, '--outputStyle=static'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
  if (!existsSync(join(REPO_ROOT, main))) throw new Error(`nx build ${project} produced no ${main}`);
  return main;
}

/**
 * A service of this repository as a child process, ready once `GET /health` answers 200: what
 * kill -9 can really kill, for integration tests and benchmarks that need the real services side by side.
 */
export class ServiceProcess {
  private output = '';
  private readonly exited: Promise<ProcessExit>;

  private constructor(
    readonly name: string,
    readonly baseUrl: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const port = options.port ?? (await freeLocalPort());
    const main = join(REPO_ROOT, options.main);
    const args = main.endsWith('.ts') ? ['-r', join(REPO_ROOT, 'tools/cli/register.cjs'), main] : [main];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.variables, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(options.name, `http://127.0.0.1:${port}`, child);
    if (options.logFile) {
      const file = createWriteStream(options.logFile, { flags: 'a' });
      child.stdout?.pipe(file);
      child.stderr?.pipe(file);
    }
    await waitUntilHealthy(child, service.baseUrl, {
      name: options.name,
      timeoutMs: options.timeoutMs ?? 120_000,
      output: () => service.log,
    });
    return service;
  }

  /** For peak-memory readings (/proc/<pid>/status) in the benchmarks. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Not exited (a chaos trial checks that a service rode out an outage without a restart). */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 64 KB of its output. */
  get log(): string {
    return this.output;
  }

  /** How the process ended, once it has. */
  whenExited(): Promise<ProcessExit> {
    return this.exited;
  }

  /** SIGKILL: no shutdown hook, no final checkpoint, no offset commit. */
  kill(): Promise<ProcessExit> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM (graceful shutdown), SIGKILL after `graceMs`; true when it ended by itself in time. */
  async stop(graceMs = 15_000): Promise<boolean> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return true;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      this.exited.then(({ code, signal }) => code === 0 || signal === 'SIGTERM'),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (!graceful) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    return graceful;
  }

  private keep(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-65_536);
  }
}
