// `npm start`: the whole system on the embedded default. Installs what is missing, starts Kafka and
// FerretDB (or uses KAFKA_BROKERS / MONGODB_URI), builds and runs every service, then the demo
// load unless `--no-demo`. All or nothing: it waits until every service answers GET /health with
// 200; when one exits or is not ready in time, it stops the others and exits 1 naming the service
// and the cause. A service that stops later stops the whole system the same way. Ctrl-C stops the
// services; `npm run infra:down` stops the servers.
//
// Ports: INTAKE_PORT (3001), REPORT_AGGREGATOR_PORT (3002), SCORING_PORT (3003), DASHBOARD_PORT
// (3000); START_TIMEOUT_MS (240 000) bounds the wait for readiness. The dashboard's sign-in key (read,
// the demo province) is printed at the end and kept in .local/dashboard-key.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));
const logDir = join(process.env.DL_LOCAL_DIR ?? join(root, '.local'), 'logs');
const startTimeoutMs = Number(process.env.START_TIMEOUT_MS ?? 240_000);

export const SERVICES = [
  { name: 'dossier-intake', port: Number(process.env.INTAKE_PORT ?? 3001) },
  { name: 'report-aggregator', port: Number(process.env.REPORT_AGGREGATOR_PORT ?? 3002) },
  { name: 'scoring', port: Number(process.env.SCORING_PORT ?? 3003) },
  { name: 'dashboard', port: Number(process.env.DASHBOARD_PORT ?? 3000) },
];

ensureDependencies(root);
const { resolveServers } = await import('../infra/resolve-servers.mjs');
const servers = await resolveServers({ log: (m) => console.log(m) });

if (!args.has('--no-build')) {
  console.log('Building the services (nx build)…');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=tag:type:app', '--outputStyle=static'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_PREFER_TS_NODE: 'true' },
  });
  if (build.status !== 0) fail('the build failed (output above)');
}

mkdirSync(logDir, { recursive: true });
const serviceEnv = {
  ...process.env,
  KAFKA_BROKERS: servers.kafkaBrokers,
  MONGODB_URI: process.env.MONGODB_URI ?? `${servers.mongoUri.replace(/\/$/, '')}/dossier-ledger`,
};
// On the embedded FerretDB the dossier log gets a database (a SQLite file, a writer) of its own
// (EMBEDDED_DOSSIER_LOG_DATABASE in the intake's dossier-log.repository.ts; the retention CLI assumes it too).
if (!process.env.MONGODB_URI) serviceEnv.DOSSIER_LOG_DATABASE ??= 'dossier-ledger-log';
const [intakeUrl, aggregatorUrl, scoringUrl] = SERVICES.map((s) => `http://127.0.0.1:${s.port}`);
// Scoring reads the report API with its own key; a fresh one each start (the old ones revoked).
const scoringEnv = {
  ...serviceEnv,
  REPORT_API_URL: process.env.REPORT_API_URL ?? aggregatorUrl,
  REPORT_API_KEY: process.env.REPORT_API_KEY ?? createKey('scoring', 'all'),
};
// The dashboard proxies the three services; its users sign in with their own read keys.
const dashboardEnv = {
  ...serviceEnv,
  REPORT_API_URL: process.env.REPORT_API_URL ?? aggregatorUrl,
  SCORING_API_URL: process.env.SCORING_API_URL ?? scoringUrl,
  INTAKE_API_URL: process.env.INTAKE_API_URL ?? intakeUrl,
};
const envOf = { scoring: scoringEnv, dashboard: dashboardEnv };
const dashboardKey = createKey('dashboard-demo', process.env.DEMO_PROVINCE ?? '42');

/** name → {child, logFile, exit}: exit is set once the process has ended. */
const running = new Map();
let stopping = false;

for (const service of SERVICES) {
  const main = join(root, 'dist', 'apps', service.name, 'main.js');
  if (!existsSync(main)) fail(`${service.name}: ${main} is missing (the build did not produce it)`);
  const logFile = join(logDir, `${service.name}.log`);
  const env = { ...(envOf[service.name] ?? serviceEnv), PORT: String(service.port) };
  const child = spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const entry = { service, child, logFile, logStart, exit: undefined };
  running.set(service.name, entry);
  child.on('exit', (code, signal) => {
    entry.exit = signal ?? code;
    if (!stopping) {
      const cause = lastError(entry);
      stopAll(1, `${service.name} stopped (exit ${entry.exit})${cause ? `: ${cause}` : ''}; see ${logFile}`);
    }
  });
  console.log(`${service.name}: starting on http://localhost:${service.port} (log ${logFile})`);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

await waitUntilAllReady();
console.log(`All ${SERVICES.length} services are ready: ${SERVICES.map((s) => `${s.name} :${s.port}`).join(', ')}`);
const keyFile = join(logDir, '..', 'dashboard-key');
writeFileSync(keyFile, `${dashboardKey}\n`, { mode: 0o600 });
console.log(
  `\nDashboard: http://localhost:${SERVICES[3].port}/ — sign in with this read key (also in ${keyFile}):\n  ${dashboardKey}\n`,
);

if (!args.has('--no-demo') && existsSync(join(root, 'tools', 'demo', 'demo.mjs'))) {
  spawn(process.execPath, [join(root, 'tools', 'demo', 'demo.mjs')], { cwd: root, stdio: 'inherit', env: serviceEnv });
}

/** Polls every service's /health until all answer 200; the first exit or the deadline stops everything. */
async function waitUntilAllReady() {
  const deadline = Date.now() + startTimeoutMs;
  const ready = new Set();
  const lastAnswer = new Map();
  while (ready.size < SERVICES.length) {
    if (stopping) await new Promise(() => undefined); // stopAll exits the process
    for (const service of SERVICES) {
      if (ready.has(service.name)) continue;
      const answer = await health(service.port);
      if (answer.ok) {
        ready.add(service.name);
        console.log(`${service.name}: ready`);
      } else lastAnswer.set(service.name, answer.reason);
    }
    if (ready.size === SERVICES.length) return;
    if (Date.now() > deadline) {
      const late = SERVICES.filter((s) => !ready.has(s.name)).map((s) => s.name);
      const name = late[0];
      const cause = lastError(running.get(name)) ?? lastAnswer.get(name);
      stopAll(
        1,
        `${late.join(', ')} not ready after ${startTimeoutMs / 1000} s (${name}: ${cause}); see ${running.get(name).logFile}`,
      );
      await new Promise(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function health(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) });
    if (response.status === 200) return { ok: true };
    const body = await response.text().catch(() => '');
    return { ok: false, reason: `GET /health answered ${response.status} ${body.slice(0, 300)}` };
  } catch (error) {
    return { ok: false, reason: `GET /health: ${error.cause?.code ?? error.message}` };
  }
}

/** The last error-level line this run wrote to the service's log (JSON logs: level ≥ 50 or "ERROR"). */
function lastError(entry) {
  if (!entry || !existsSync(entry.logFile)) return undefined;
  const lines = readFileSync(entry.logFile).subarray(entry.logStart).toString().trim().split('\n').filter(Boolean);
  const errorLine = [...lines]
    .reverse()
    .find((line) => /"level":\s*(50|60|"ERROR"|"FATAL"|"error"|"fatal")/.test(line) || !line.startsWith('{'));
  const line = errorLine ?? lines.at(-1);
  if (!line) return undefined;
  try {
    const parsed = JSON.parse(line);
    return String(parsed.msg ?? parsed.message ?? line).slice(0, 600);
  } catch {
    return line.slice(0, 600);
  }
}

/** Stops every service (SIGTERM; each finishes its work within its grace period), then exits. */
function stopAll(code, message) {
  if (stopping) return;
  stopping = true;
  if (message) console.error(`\nnpm start failed: ${message}\nStopping the other services…`);
  else console.log('Stopping services (servers keep running: npm run infra:down stops them)…');
  const alive = [...running.values()].filter((e) => e.exit === undefined);
  for (const entry of alive) entry.child.kill('SIGTERM');
  const kill = setTimeout(() => {
    for (const entry of alive) if (entry.exit === undefined) entry.child.kill('SIGKILL');
    process.exit(code);
  }, 45_000);
  kill.unref();
  Promise.all(
    alive.map((e) => new Promise((resolve) => (e.exit !== undefined ? resolve() : e.child.once('exit', resolve)))),
  ).then(() => process.exit(code));
}

function fail(message) {
  console.error(`npm start failed: ${message}`);
  process.exit(1);
}

/** A read key named `name` (earlier keys of that name revoked), made by the built CLI (`node cli.js keys create …`, as in the image): the key is alone on the last line of its output. */
function createKey(name, scope) {
  const cli = join(root, 'dist', 'apps', 'dossier-intake', 'cli.js');
  const keyArgs = ['keys', 'create', '--name', name, '--scope', scope, '--role', 'read', '--replace'];
  const result = spawnSync(process.execPath, [cli, ...keyArgs], { cwd: root, encoding: 'utf8', env: serviceEnv });
  const key = (result.stdout ?? '').trim().split(/\r?\n/).pop();
  if (result.status !== 0 || !key?.startsWith('dl_'))
    fail(
      `could not create the ${name} key (node cli.js ${keyArgs.join(' ')}): ${(result.stderr || result.stdout || '').trim().slice(0, 500)}`,
    );
  console.log(`${name}: API key created (earlier ${name} keys revoked)`);
  return key;
}
