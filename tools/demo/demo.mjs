#!/usr/bin/env node
// `npm run demo -- [options]` (and `npm start` unless --no-demo): realistic one-stop traffic for one
// province pushed through the intake API. Runs tools/demo/run-demo.ts with the repository's TypeScript
// loader (tools/cli/register.cjs); `--help` lists the options. See docs/demo.md.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

const child = spawn(
  process.execPath,
  ['-r', join(root, 'tools', 'cli', 'register.cjs'), join(here, 'run-demo.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  },
);

// The runner stops cleanly on the first signal (prints its totals) and exits on the second.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
