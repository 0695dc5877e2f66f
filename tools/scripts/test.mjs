// `npm test`: installs what is missing, then runs both tiers. Unit tests (pure, no I/O) through Nx;
// integration tests against real Kafka + MongoDB-wire servers that globalSetup starts.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
ensureDependencies(root);

function run(title, command, args) {
  const started = Date.now();
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  console.log(
    `=== ${title}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return result.status === 0;
}

const only = process.argv[2];
const unit =
  only === 'integration' ||
  run('unit tests', 'npx', ['nx', 'run-many', '-t', 'test', '--parallel=2', '--outputStyle=static']);
const integration = only === 'unit' || run('integration tests', 'npx', ['jest', '-c', 'jest.integration.config.cjs']);
process.exit(unit && integration ? 0 : 1);
