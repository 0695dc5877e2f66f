// Runs the intake service as a child process (the kill -9 tests), from its TypeScript sources.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freeLocalPort, waitUntilHealthy } from '@dossier-ledger/testing';

const ROOT = join(__dirname, '..', '..', '..', '..');

export class IntakeProcess {
  private child?: ChildProcess;
  private output = '';
  readonly exited: Promise<NodeJS.Signals | number | null>;
  private settle!: (value: NodeJS.Signals | number | null) => void;

  private constructor(readonly baseUrl: string) {
    this.exited = new Promise((resolve) => (this.settle = resolve));
  }

  /** Starts `apps/dossier-intake/src/main.ts` and waits until GET /health answers 200. */
  static async start(variables: Record<string, string>, timeoutMs = 90_000): Promise<IntakeProcess> {
    const port = await freeLocalPort();
    const instance = new IntakeProcess(`http://127.0.0.1:${port}`);
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'tools/cli/register.cjs'), join(ROOT, 'apps/dossier-intake/src/main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, ...variables, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    instance.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (instance.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (instance.output += chunk.toString()));
    child.on('exit', (code, signal) => instance.settle(signal ?? code));
    await waitUntilHealthy(child, instance.baseUrl, { name: 'intake', timeoutMs, output: () => instance.output });
    return instance;
  }

  killHard(): Promise<NodeJS.Signals | number | null> {
    this.child?.kill('SIGKILL');
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
      await this.exited;
      clearTimeout(timer);
    }
  }

  get log(): string {
    return this.output;
  }

  /** For peak-memory readings (/proc/<pid>/status) in the benchmarks. */
  get pid(): number | undefined {
    return this.child?.pid;
  }
}
