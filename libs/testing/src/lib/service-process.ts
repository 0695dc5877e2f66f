import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

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

export interface ServiceProcessOptions {
  /** For messages, e.g. `scoring`. */
  readonly name: string;
  /** `main.ts` of the service, from the repository root (run from its sources, no build). */
  readonly main: string;
  /** Variables on top of this process's environment; PORT is chosen here. */
  readonly variables: Record<string, string>;
  readonly timeoutMs?: number;
}

/**
 * A service of this repository as a child process, run from its TypeScript sources, ready once
 * `GET /health` answers 200. For integration tests that need the real services side by side.
 */
export class ServiceProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly baseUrl: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const port = await freeLocalPort();
    const child = spawn(process.execPath, ['-r', join(ROOT, 'tools/cli/register.cjs'), join(ROOT, options.main)], {
      cwd: ROOT,
      env: { ...process.env, ...options.variables, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(options.name, `http://127.0.0.1:${port}`, child);
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    for (;;) {
      const health = await fetch(`${service.baseUrl}/health`).catch(() => undefined);
      if (health?.status === 200) return service;
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${options.name} did not become ready:\n${service.log.slice(-4_000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  /** The last 64 KB of its output. */
  get log(): string {
    return this.output;
  }

  /** SIGTERM (graceful shutdown), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private keep(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-65_536);
  }
}
