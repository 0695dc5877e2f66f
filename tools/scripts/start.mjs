// `npm start`: the whole system on the embedded default. Installs what is missing, starts Kafka and
// FerretDB (or uses KAFKA_BROKERS / MONGODB_URI), builds and runs every service, then the demo
// load unless `--no-demo`. Ctrl-C stops the services; `npm run infra:down` stops the servers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));
const logDir = join(process.env.DL_LOCAL_DIR ?? join(root, '.local'), 'logs');

export const SERVICES = [
  { name: 'dossier-intake', port: 3001 },
  { name: 'report-aggregator', port: 3002 },
  { name: 'scoring', port: 3003 },
];

ensureDependencies(root);
const { resolveServers } = await import('../infra/resolve-servers.mjs');
const servers = await resolveServers({ log: (m) => console.log(m) });

console.log('Building the services (nx build)…');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=tag:type:app', '--outputStyle=static'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NX_DAEMON: 'false' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

mkdirSync(logDir, { recursive: true });
const children = [];
const serviceEnv = {
  ...process.env,
  KAFKA_BROKERS: servers.kafkaBrokers,
  MONGODB_URI: process.env.MONGODB_URI ?? `${servers.mongoUri.replace(/\/$/, '')}/dossier-ledger`,
};
// Scoring reads the report API with its own key; a fresh one each start (the old ones revoked).
const scoringEnv = { ...serviceEnv, REPORT_API_KEY: process.env.REPORT_API_KEY ?? createScoringKey() };
for (const service of SERVICES) {
  const main = join(root, 'dist', 'apps', service.name, 'main.js');
  if (!existsSync(main)) continue;
  const logFile = join(logDir, `${service.name}.log`);
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: service.name === 'scoring' ? scoringEnv : serviceEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  child.on('exit', (code) => console.log(`${service.name} exited (${code}); see ${logFile}`));
  children.push(child);
  console.log(`${service.name}: http://localhost:${service.port} (log ${logFile})`);
}

if (!args.has('--no-demo') && existsSync(join(root, 'tools', 'demo', 'demo.mjs'))) {
  children.push(
    spawn(process.execPath, [join(root, 'tools', 'demo', 'demo.mjs')], {
      cwd: root,
      stdio: 'inherit',
      env: serviceEnv,
    }),
  );
}

const stop = () => {
  console.log('Stopping services (servers keep running: npm run infra:down stops them)…');
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/** `npm run keys -- create …`: the key is alone on the last line of its output. */
function createScoringKey() {
  const args = [
    'run',
    '--silent',
    'keys',
    '--',
    'create',
    '--name',
    'scoring',
    '--scope',
    'all',
    '--role',
    'read',
    '--replace',
  ];
  const result = spawnSync('npm', args, { cwd: root, encoding: 'utf8', env: serviceEnv });
  const key = (result.stdout ?? '').trim().split(/\r?\n/).pop();
  if (result.status !== 0 || !key?.startsWith('dl_')) {
    console.error(
      `Could not create the scoring service's key (npm ${args.join(' ')}): ${(result.stderr || result.stdout || '').trim().slice(0, 500)}`,
    );
    process.exit(1);
  }
  console.log('scoring: API key created (earlier scoring keys revoked)');
  return key;
}
