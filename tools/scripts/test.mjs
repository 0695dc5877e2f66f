// `npm test`: installs what is missing, then runs both tiers. Unit tests (pure, no I/O) through Nx;
// integration tests against real Kafka + MongoDB-wire servers that globalSetup starts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
ensureDependencies(root);

function run(title, command, args) {
  const started = Date.now();
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_PREFER_TS_NODE: 'true' },
  });
  console.log(
    `=== ${title}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return result.status === 0;
}

/** The tsconfigs of browser apps (lib dom), which the Node-side tsconfig.check.json leaves out. */
function browserTsconfigs() {
  return readdirSync(join(root, 'apps'))
    .map((app) => join('apps', app, 'tsconfig.app.json'))
    .filter((config) => existsSync(join(root, config)) && /"dom"/.test(readFileSync(join(root, config), 'utf8')))
    .flatMap((config) => [config, config.replace('tsconfig.app.json', 'tsconfig.spec.json')])
    .filter((config) => existsSync(join(root, config)));
}

// Static checks first: quick, and a failure there makes the test runs moot.
const only = process.argv[2];
const checks =
  (only !== undefined && only !== 'check') ||
  [
    run('format', 'npx', ['prettier', '--check', '--log-level=warn', '.']),
    run('type-check (apps, libs, specs, int-specs, tools, bench)', 'npx', ['tsc', '-p', 'tsconfig.check.json']),
    ...browserTsconfigs().map((config) => run(`type-check ${config}`, 'npx', ['tsc', '--noEmit', '-p', config])),
    run('lint with module boundaries', 'npx', ['nx', 'run-many', '-t', 'lint', '--parallel=2', '--outputStyle=static']),
  ].every(Boolean);
const unit =
  only === 'integration' ||
  only === 'check' ||
  run('unit tests', 'npx', ['nx', 'run-many', '-t', 'test', '--parallel=2', '--outputStyle=static']);
const integration =
  only === 'unit' || only === 'check' || run('integration tests', 'npx', ['jest', '-c', 'jest.integration.config.cjs']);
process.exit(checks && unit && integration ? 0 : 1);
