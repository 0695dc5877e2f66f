// Local servers without Docker: a real Kafka broker (KRaft, jars from Maven Central) and
// FerretDB v1 (MongoDB wire protocol, SQLite backend, built from the Go module proxy).
//
// Everything installed, built or written lives in `.local/` at the repo root (git-ignored),
// or in $DL_LOCAL_DIR. Ports: $KAFKA_PORT (9092), $KAFKA_CONTROLLER_PORT (9093), $MONGO_PORT (27017);
// Kafka also listens on $KAFKA_PORT + 2 for clients that come through a test proxy on $KAFKA_PORT + 3.
//
// Used by tools/infra/infra.mjs (the CLI behind `npm run infra:*`), by jest globalSetup and by
// `npm start`. Only Node built-ins at load time; `kafkajs` and `mongodb` are loaded lazily for the
// readiness checks (TCP port check when they are not installed).
//
// NOTE: no top-level await in this file: Node >= 20.19 can then `require()` it, which is what a
// TypeScript `await import()` compiled to CommonJS turns into.

import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');

export const KAFKA_VERSION = '3.9.1';
export const FERRETDB_VERSION = 'v1.24.2';

const STOP_TIMEOUT_MS = 15_000;
const LOCK_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_READY_TIMEOUT_MS = 90_000;

/* ------------------------------------------------------------------ configuration */

function intEnv(env, name, def) {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name}=${raw} is not a valid port`);
  return n;
}

/** Resolved paths and ports (reads the environment each call). */
export function localServersConfig(env = process.env) {
  const root = path.resolve(env.DL_LOCAL_DIR || path.join(REPO_ROOT, '.local'));
  const logs = path.join(root, 'logs');
  const run = path.join(root, 'run');
  const kafkaHome = path.join(root, 'kafka');
  const kafkaPort = intEnv(env, 'KAFKA_PORT', 9092);
  const controllerPort = intEnv(env, 'KAFKA_CONTROLLER_PORT', 9093);
  const mongoPort = intEnv(env, 'MONGO_PORT', 27017);
  if ([kafkaPort, kafkaPort + 2, kafkaPort + 3].includes(controllerPort))
    throw new Error('KAFKA_CONTROLLER_PORT must differ from KAFKA_PORT, KAFKA_PORT + 2 and KAFKA_PORT + 3');
  return {
    repoRoot: REPO_ROOT,
    root,
    logs,
    run,
    lockFile: path.join(run, 'infra.lock'),
    kafka: {
      name: 'kafka',
      port: kafkaPort,
      controllerPort,
      /** The listener a test's TCP proxy forwards to: KAFKA_PORT + 2 (the proxy itself listens on + 3). */
      proxiedPort: kafkaPort + 2,
      pom: path.join(HERE, 'kafka', 'pom.xml'),
      home: kafkaHome,
      libs: path.join(kafkaHome, 'libs'),
      marker: path.join(kafkaHome, 'libs', '.installed'),
      data: path.join(kafkaHome, 'data'),
      properties: path.join(kafkaHome, 'server.properties'),
      log4j: path.join(kafkaHome, 'log4j.properties'),
      clusterIdFile: path.join(kafkaHome, 'cluster-id'),
      logFile: path.join(logs, 'kafka.log'),
      installLog: path.join(logs, 'install-kafka.log'),
      pidFile: path.join(run, 'kafka.pid'),
      brokers: `127.0.0.1:${kafkaPort}`,
    },
    mongo: {
      name: 'ferretdb',
      port: mongoPort,
      src: path.join(HERE, 'ferretdb'),
      bin: path.join(root, 'bin', 'ferretdb'),
      hashFile: path.join(root, 'bin', 'ferretdb.src-sha256'),
      data: path.join(root, 'ferretdb', 'data'),
      logFile: path.join(logs, 'ferretdb.log'),
      installLog: path.join(logs, 'install-ferretdb.log'),
      pidFile: path.join(run, 'ferretdb.pid'),
      uri: `mongodb://127.0.0.1:${mongoPort}/`,
    },
  };
}

/* ------------------------------------------------------------------ small helpers */

const noop = () => undefined;
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const rel = (cfg, p) => (p.startsWith(cfg.repoRoot + path.sep) ? path.relative(cfg.repoRoot, p) : p);

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function tail(file, lines = 40) {
  const text = readText(file);
  if (text === undefined) return `(no log file ${file})`;
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

function haveCommand(cmd) {
  try {
    execFileSync(cmd, cmd === 'java' ? ['-version'] : ['version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return e.code !== 'ENOENT';
  }
}

/** Runs a command to completion with stdout/stderr appended to logFile. */
function runLogged(cmd, args, { cwd, env, logFile }) {
  return new Promise((resolve, reject) => {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = fs.openSync(logFile, 'a');
    fs.writeSync(fd, `\n=== ${new Date().toISOString()} ${cmd} ${args.join(' ')} (cwd ${cwd})\n`);
    let child;
    try {
      child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', fd, fd] });
    } finally {
      fs.closeSync(fd);
    }
    child.on('error', (err) => reject(err.code === 'ENOENT' ? new Error(`'${cmd}' not found on PATH`) : err));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${cmd} ${args[0]} failed (${signal ?? `exit ${code}`}); last lines of ${logFile}:\n${tail(logFile)}`,
          ),
        );
    });
  });
}

/** Runs a command and returns its stdout (small outputs only). */
function runCapture(cmd, args, { cwd, logFile }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true });
      if (logFile) fs.appendFileSync(logFile, `\n=== ${cmd} ${args.join(' ')}\n${out}${err}`);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${out}${err}`));
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/* ------------------------------------------------------------------ processes */

/** Command line of a live (non-zombie) process, or undefined when it is gone. */
function processCommandLine(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (fs.existsSync('/proc/self/stat')) {
    const stat = readText(`/proc/${pid}/stat`);
    if (stat === undefined) return undefined;
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return undefined; // exited, not reaped yet
    return (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ');
  }
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code === 'ESRCH') return undefined;
  }
  try {
    const out = execFileSync('ps', ['-p', String(pid), '-o', 'stat=,command='], { encoding: 'utf8' }).trim();
    if (!out || out.startsWith('Z')) return undefined;
    return out.replace(/^\S+\s+/, '');
  } catch {
    return undefined;
  }
}

/** A process is "ours" when its command line mentions the server's unique absolute path. */
function markerOf(cfg, svc) {
  return svc === cfg.kafka ? cfg.kafka.properties : cfg.mongo.bin;
}

function isOurs(cfg, svc, pid) {
  const cmd = processCommandLine(pid);
  return cmd !== undefined && cmd.includes(markerOf(cfg, svc));
}

/** Live processes whose command line contains the marker (PID files lost, crashed callers). */
function findOrphans(cfg, svc) {
  const marker = markerOf(cfg, svc);
  const pids = [];
  if (fs.existsSync('/proc/self/stat')) {
    for (const entry of fs.readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid === process.pid) continue;
      const cmd = processCommandLine(pid);
      if (cmd && cmd.includes(marker)) pids.push(pid);
    }
  } else {
    try {
      const out = execFileSync('ps', ['-axo', 'pid=,stat=,command='], { encoding: 'utf8' });
      for (const line of out.split('\n')) {
        const m = line.trim().match(/^(\d+)\s+(\S+)\s+(.*)$/);
        if (m && !m[2].startsWith('Z') && m[3].includes(marker) && Number(m[1]) !== process.pid)
          pids.push(Number(m[1]));
      }
    } catch {
      /* no ps: nothing to find */
    }
  }
  return pids;
}

function readPid(file) {
  const text = readText(file);
  if (text === undefined) return undefined;
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : NaN;
}

/**
 * State of one server from its PID file: 'running' | 'stopped' | 'stale' (PID file, process gone).
 * A stale PID file is removed.
 */
function inspect(cfg, svc, log) {
  const pid = readPid(svc.pidFile);
  if (pid === undefined) {
    const orphans = findOrphans(cfg, svc);
    if (orphans.length > 0) {
      fs.mkdirSync(cfg.run, { recursive: true });
      fs.writeFileSync(svc.pidFile, `${orphans[0]}\n`);
      log(`${svc.name}: found running process ${orphans[0]} without a PID file; adopted it`);
      return { state: 'running', pid: orphans[0] };
    }
    return { state: 'stopped' };
  }
  if (isOurs(cfg, svc, pid)) return { state: 'running', pid };
  fs.rmSync(svc.pidFile, { force: true });
  log(
    `${svc.name}: stale PID file ${rel(cfg, svc.pidFile)} (pid ${Number.isNaN(pid) ? '?' : pid} is not running); removed`,
  );
  return { state: 'stale', pid };
}

async function waitGone(pid, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (processCommandLine(pid) === undefined) return true;
    await sleep(100);
  }
  return processCommandLine(pid) === undefined;
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch (e) {
    if (e.code !== 'ESRCH') throw e;
  }
}

/** SIGTERM, wait up to 15 s, then SIGKILL. Only signals processes that are ours. */
async function stopPid(cfg, svc, pid, log) {
  if (!isOurs(cfg, svc, pid)) return;
  const t0 = Date.now();
  signal(pid, 'SIGTERM');
  if (await waitGone(pid, STOP_TIMEOUT_MS)) {
    log(`${svc.name}: stopped (pid ${pid}) in ${secs(Date.now() - t0)}`);
    return;
  }
  log(`${svc.name}: pid ${pid} still running after ${STOP_TIMEOUT_MS / 1000} s; sending SIGKILL`);
  signal(pid, 'SIGKILL');
  if (!(await waitGone(pid, 5_000))) throw new Error(`${svc.name}: pid ${pid} survived SIGKILL`);
  log(`${svc.name}: killed (pid ${pid})`);
}

async function stopService(cfg, svc, log) {
  const st = inspect(cfg, svc, noop);
  const pids = new Set(findOrphans(cfg, svc));
  if (st.state === 'running') pids.add(st.pid);
  if (pids.size === 0) {
    if (st.state === 'stale') log(`${svc.name}: stale PID file (pid ${st.pid} was not running); removed`);
    else log(`${svc.name}: not running`);
  }
  for (const pid of pids) await stopPid(cfg, svc, pid, log);
  fs.rmSync(svc.pidFile, { force: true });
}

/** Starts a detached server, output appended to its log file (previous log kept as .1). */
function startDetached(cfg, svc, cmd, args, cwd) {
  fs.mkdirSync(cfg.logs, { recursive: true });
  fs.mkdirSync(cfg.run, { recursive: true });
  if (fs.existsSync(svc.logFile)) fs.renameSync(svc.logFile, `${svc.logFile}.1`);
  const fd = fs.openSync(svc.logFile, 'a');
  fs.writeSync(fd, `=== ${new Date().toISOString()} starting: ${cmd} ${args.join(' ')}\n`);
  let child;
  try {
    child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  return new Promise((resolve, reject) => {
    child.once('error', (err) =>
      reject(err.code === 'ENOENT' ? new Error(`${svc.name}: '${cmd}' not found on PATH`) : err),
    );
    child.once('spawn', () => {
      child.unref();
      fs.writeFileSync(svc.pidFile, `${child.pid}\n`);
      resolve(child.pid);
    });
  });
}

/* ------------------------------------------------------------------ lock */

let inProcessChain = Promise.resolve();

/** Serialises install/start/stop across processes (parallel jest runs) and within this one. */
function withLock(cfg, log, fn) {
  const run = async () => {
    fs.mkdirSync(cfg.run, { recursive: true });
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    let announced = false;
    for (;;) {
      try {
        fs.writeFileSync(cfg.lockFile, `${process.pid}\n`, { flag: 'wx' });
        break;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
      }
      const holder = readPid(cfg.lockFile);
      let age = 0;
      try {
        age = Date.now() - fs.statSync(cfg.lockFile).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      const holderAlive = Number.isInteger(holder) && processCommandLine(holder) !== undefined;
      if (!holderAlive && age > 2_000) {
        fs.rmSync(cfg.lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${cfg.lockFile} (held by pid ${holder})`);
      if (!announced) {
        log(`waiting for another infra process (pid ${holder}) to finish installing/starting…`);
        announced = true;
      }
      await sleep(250);
    }
    try {
      return await fn();
    } finally {
      if (readPid(cfg.lockFile) === process.pid) fs.rmSync(cfg.lockFile, { force: true });
    }
  };
  const result = inProcessChain.then(run, run);
  inProcessChain = result.catch(noop);
  return result;
}

/* ------------------------------------------------------------------ install */

async function installKafka(cfg, log) {
  const k = cfg.kafka;
  const pomHash = sha256(fs.readFileSync(k.pom));
  const marker = readText(k.marker);
  if (marker !== undefined) {
    let installedHash;
    try {
      installedHash = JSON.parse(marker).pomSha256;
    } catch {
      /* old/garbled marker: reinstall */
    }
    if (installedHash === pomHash) return false;
    if (inspect(cfg, k, noop).state === 'running') {
      log(`kafka: ${rel(cfg, k.pom)} changed, but the broker is running; run down + up to reinstall`);
      return false;
    }
    log(`kafka: ${rel(cfg, k.pom)} changed since the last install; reinstalling`);
  }
  for (const cmd of ['java', 'mvn']) {
    if (!haveCommand(cmd)) throw new Error(`kafka: '${cmd}' not found on PATH (needs a JDK 11+ and Maven 3)`);
  }
  log(`kafka: downloading Kafka ${KAFKA_VERSION} jars from Maven Central (~20 s); log: ${rel(cfg, k.installLog)}`);
  const t0 = Date.now();
  const tmp = `${k.libs}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  await runLogged(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      k.pom,
      'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${tmp}`,
    ],
    { cwd: path.dirname(k.pom), logFile: k.installLog },
  );
  const jars = fs.readdirSync(tmp).filter((f) => f.endsWith('.jar'));
  if (!jars.some((f) => f.startsWith('kafka_2.13-')))
    throw new Error(`kafka: no kafka_2.13 jar in ${tmp}; see ${k.installLog}`);
  const bytes = jars.reduce((n, f) => n + fs.statSync(path.join(tmp, f)).size, 0);
  fs.writeFileSync(
    path.join(tmp, '.installed'),
    JSON.stringify(
      { kafka: KAFKA_VERSION, pomSha256: pomHash, jars: jars.length, bytes, at: new Date().toISOString() },
      null,
      2,
    ) + '\n',
  );
  fs.rmSync(k.libs, { recursive: true, force: true });
  fs.renameSync(tmp, k.libs);
  log(
    `kafka: ${jars.length} jars (${Math.round(bytes / 1e6)} MB) in ${rel(cfg, k.libs)}, took ${secs(Date.now() - t0)}`,
  );
  return true;
}

function ferretdbSourceHash(cfg) {
  const files = ['go.mod', 'go.sum', 'main.go'];
  return sha256(...files.flatMap((f) => [f, '\0', fs.readFileSync(path.join(cfg.mongo.src, f)), '\0']));
}

async function installFerretdb(cfg, log) {
  const m = cfg.mongo;
  const hash = ferretdbSourceHash(cfg);
  if (fs.existsSync(m.bin)) {
    if (readText(m.hashFile)?.trim() === hash) return false;
    if (inspect(cfg, m, noop).state === 'running') {
      log(`ferretdb: ${rel(cfg, m.src)} changed, but the server is running; run down + up to rebuild`);
      return false;
    }
    log(`ferretdb: ${rel(cfg, m.src)} changed since the last build; rebuilding`);
  }
  if (!haveCommand('go')) throw new Error(`ferretdb: 'go' not found on PATH (needs Go 1.24+)`);
  log(`ferretdb: building FerretDB ${FERRETDB_VERSION} (~2 min first time); log: ${rel(cfg, m.installLog)}`);
  const t0 = Date.now();
  fs.mkdirSync(path.dirname(m.bin), { recursive: true });
  const tmp = `${m.bin}.tmp-${process.pid}`;
  await runLogged('go', ['build', '-v', '-trimpath', '-buildvcs=false', '-o', tmp, '.'], {
    cwd: m.src,
    env: { ...process.env, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
    logFile: m.installLog,
  });
  fs.renameSync(tmp, m.bin);
  fs.writeFileSync(m.hashFile, `${hash}\n`);
  log(
    `ferretdb: built ${rel(cfg, m.bin)} (${Math.round(fs.statSync(m.bin).size / 1e6)} MB), took ${secs(Date.now() - t0)}`,
  );
  return true;
}

/** Installs what is missing (Kafka jars, FerretDB binary); both in parallel. */
export async function installLocalServers({ log = console.log, kafka = true, mongo = true } = {}) {
  const cfg = localServersConfig();
  return withLock(cfg, log, () => installAll(cfg, log, { kafka, mongo }));
}

async function installAll(cfg, log, { kafka, mongo }) {
  const results = await Promise.allSettled([
    kafka ? installKafka(cfg, log) : false,
    mongo ? installFerretdb(cfg, log) : false,
  ]);
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) throw new Error(failed.map((r) => r.reason?.message ?? String(r.reason)).join('\n\n'));
  return { kafka: results[0].value, mongo: results[1].value };
}

/* ------------------------------------------------------------------ start */

function writeKafkaConfig(cfg) {
  const k = cfg.kafka;
  fs.mkdirSync(k.data, { recursive: true });
  const props = [
    '# Written by tools/infra/local-servers.mjs on every start; edit that file, not this one.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${k.controllerPort}`,
    // PROXIED: clients that bootstrap through a test's TCP proxy (on port + 3, forwarding to this
    // listener on port + 2) are told to reach the broker at the proxy, so all their traffic
    // crosses it (libs/testing faulty-tcp-proxy.ts).
    `listeners=PLAINTEXT://127.0.0.1:${k.port},CONTROLLER://127.0.0.1:${k.controllerPort},PROXIED://127.0.0.1:${k.proxiedPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${k.port},PROXIED://127.0.0.1:${k.proxiedPort + 1}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT',
    `log.dirs=${k.data}`,
    'num.partitions=4',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'num.io.threads=2',
    '',
  ].join('\n');
  fs.writeFileSync(k.properties, props);
  fs.writeFileSync(
    k.log4j,
    [
      '# Console only: stdout goes to .local/logs/kafka.log.',
      'log4j.rootLogger=INFO, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.org.apache.kafka.clients=WARN',
      'log4j.logger.kafka.request.logger=WARN',
      'log4j.logger.state.change.logger=WARN',
      '',
    ].join('\n'),
  );
}

function java(cfg, mainClass, ...args) {
  const k = cfg.kafka;
  return [`-Dlog4j.configuration=file:${k.log4j}`, '-cp', path.join(k.libs, '*'), mainClass, ...args];
}

async function formatKafkaStorage(cfg, log) {
  const k = cfg.kafka;
  if (fs.existsSync(path.join(k.data, 'meta.properties'))) return;
  let clusterId = readText(k.clusterIdFile)?.trim();
  if (!clusterId) {
    clusterId = (
      await runCapture('java', java(cfg, 'kafka.tools.StorageTool', 'random-uuid'), {
        cwd: k.home,
        logFile: k.installLog,
      })
    )
      .trim()
      .split('\n')
      .pop()
      .trim();
    fs.writeFileSync(k.clusterIdFile, `${clusterId}\n`);
  }
  log(`kafka: formatting storage ${rel(cfg, k.data)} (cluster id ${clusterId})`);
  await runCapture(
    'java',
    java(cfg, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', k.properties, '--ignore-formatted'),
    {
      cwd: k.home,
      logFile: k.installLog,
    },
  );
}

/**
 * Makes sure one server runs. Returns {pid, startedAt} when started now, {pid} when it already
 * ran, or {external:true} when the port is taken by a process this script did not start.
 */
async function startService(cfg, svc, log) {
  const st = inspect(cfg, svc, log);
  if (st.state === 'running') {
    log(`${svc.name}: already running (pid ${st.pid}, port ${svc.port})`);
    return { pid: st.pid };
  }
  if (await isPortOpen(svc.port)) {
    log(
      `${svc.name}: port ${svc.port} is already in use by a process not started from ${rel(cfg, cfg.root)}; using it as is`,
    );
    return { external: true };
  }
  if (svc === cfg.kafka) {
    if (await isPortOpen(svc.controllerPort)) {
      throw new Error(`kafka: controller port ${svc.controllerPort} is already in use (set KAFKA_CONTROLLER_PORT)`);
    }
    if (await isPortOpen(svc.proxiedPort)) {
      throw new Error(`kafka: port ${svc.proxiedPort} (KAFKA_PORT + 2, the proxied listener) is already in use`);
    }
    writeKafkaConfig(cfg);
    await formatKafkaStorage(cfg, log);
    const heap = (process.env.KAFKA_HEAP_OPTS || '-Xmx512m -Xms512m').split(/\s+/).filter(Boolean);
    const startedAt = Date.now();
    const pid = await startDetached(
      cfg,
      svc,
      'java',
      [...heap, '-XX:+UseG1GC', ...java(cfg, 'kafka.Kafka', svc.properties)],
      svc.home,
    );
    log(`kafka: started (pid ${pid}) on ${svc.brokers}; log: ${rel(cfg, svc.logFile)}`);
    return { pid, startedAt };
  }
  fs.mkdirSync(svc.data, { recursive: true });
  const startedAt = Date.now();
  const pid = await startDetached(
    cfg,
    svc,
    svc.bin,
    ['-listen-addr', `127.0.0.1:${svc.port}`, '-data-dir', svc.data],
    path.dirname(svc.data),
  );
  log(`ferretdb: started (pid ${pid}) on 127.0.0.1:${svc.port}; log: ${rel(cfg, svc.logFile)}`);
  return { pid, startedAt };
}

/* ------------------------------------------------------------------ readiness */

/** Loads a CommonJS package from the repo's node_modules (or NODE_PATH); undefined if absent. */
function loadOptional(name) {
  const requireHere = createRequire(import.meta.url);
  const attempts = [
    () => requireHere(name),
    () => createRequire(path.join(process.cwd(), 'noop.js'))(name),
    // mongodb comes with mongoose; it may be nested under it rather than hoisted.
    ...(name === 'mongodb' ? [() => createRequire(requireHere.resolve('mongoose'))(name)] : []),
  ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  return undefined;
}

async function probeKafka(kafkajs, brokers) {
  const kafka = new kafkajs.Kafka({
    clientId: 'infra-readiness',
    brokers: [brokers],
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(noop);
  }
}

async function probeMongo(mongodb, uri) {
  const client = new mongodb.MongoClient(uri, {
    directConnection: true,
    serverSelectionTimeoutMS: 1_000,
    connectTimeoutMS: 1_000,
  });
  try {
    await client.connect();
    const res = await client.db('admin').command({ ping: 1 });
    return res.ok === 1;
  } finally {
    await client.close().catch(noop);
  }
}

async function waitReady(cfg, svc, started, log, timeoutMs) {
  const isKafka = svc === cfg.kafka;
  const pkg = isKafka ? 'kafkajs' : 'mongodb';
  const lib = loadOptional(pkg);
  const what = lib ? (isKafka ? 'kafkajs describeCluster()' : 'mongodb ping') : `TCP port ${svc.port}`;
  if (!lib) log(`${svc.name}: '${pkg}' is not installed (run npm ci); readiness = TCP port check only`);
  const probe = lib
    ? () => (isKafka ? probeKafka(lib, svc.brokers) : probeMongo(lib, svc.uri))
    : () => isPortOpen(svc.port);
  const t0 = started.startedAt ?? Date.now();
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    if (started.pid !== undefined && processCommandLine(started.pid) === undefined) {
      fs.rmSync(svc.pidFile, { force: true });
      throw new Error(
        `${svc.name}: process ${started.pid} exited during startup; last lines of ${svc.logFile}:\n${tail(svc.logFile)}`,
      );
    }
    try {
      if (await probe()) break;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      if (started.startedAt !== undefined) await stopPid(cfg, svc, started.pid, log).catch(noop);
      fs.rmSync(svc.pidFile, { force: true });
      throw new Error(
        `${svc.name}: not ready after ${secs(timeoutMs)} (${what}${lastError ? `: ${lastError.message}` : ''}); ` +
          `last lines of ${svc.logFile}:\n${tail(svc.logFile)}`,
      );
    }
    await sleep(250);
  }
  const label = started.startedAt !== undefined ? 'ready' : 'ready (was running)';
  log(`${svc.name}: ${label} in ${secs(Date.now() - t0)} (${what})`);
}

/* ------------------------------------------------------------------ public API */

/**
 * Installs (first time), starts (when not running) and waits for a local Kafka broker and a
 * local FerretDB. Idempotent; safe to call from several processes at once.
 *
 * @param {{log?: (msg: string) => void, kafka?: boolean, mongo?: boolean, timeoutMs?: number}} [options]
 * @returns {Promise<{kafkaBrokers: string, mongoUri: string, started: {kafka: boolean, mongo: boolean}}>}
 */
export async function ensureLocalServers({
  log = console.log,
  kafka = true,
  mongo = true,
  timeoutMs = DEFAULT_READY_TIMEOUT_MS,
} = {}) {
  const cfg = localServersConfig();
  const services = [kafka && cfg.kafka, mongo && cfg.mongo].filter(Boolean);
  const started = await withLock(cfg, log, async () => {
    await installAll(cfg, log, { kafka, mongo });
    const out = new Map();
    for (const svc of services) out.set(svc, await startService(cfg, svc, log));
    return out;
  });
  const results = await Promise.allSettled(
    services.map((svc) => waitReady(cfg, svc, started.get(svc), log, timeoutMs)),
  );
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) throw new Error(failed.map((r) => r.reason?.message ?? String(r.reason)).join('\n\n'));
  return {
    kafkaBrokers: cfg.kafka.brokers,
    mongoUri: cfg.mongo.uri,
    started: {
      kafka: started.get(cfg.kafka)?.startedAt !== undefined,
      mongo: started.get(cfg.mongo)?.startedAt !== undefined,
    },
  };
}

/** Stops the servers (by PID: SIGTERM, up to 15 s, then SIGKILL). Leaves no process behind. */
export async function stopLocalServers({ log = console.log, kafka = true, mongo = true } = {}) {
  const cfg = localServersConfig();
  const services = [kafka && cfg.kafka, mongo && cfg.mongo].filter(Boolean);
  await withLock(cfg, log, async () => {
    await Promise.all(services.map((svc) => stopService(cfg, svc, log)));
  });
}

/** Stops both servers and deletes their data (installed jars and binary are kept). */
export async function resetLocalServers({ log = console.log } = {}) {
  const cfg = localServersConfig();
  await withLock(cfg, log, async () => {
    await Promise.all([stopService(cfg, cfg.kafka, log), stopService(cfg, cfg.mongo, log)]);
    for (const p of [cfg.kafka.data, cfg.kafka.clusterIdFile, cfg.mongo.data]) {
      if (fs.existsSync(p)) log(`removing ${rel(cfg, p)}`);
      fs.rmSync(p, { recursive: true, force: true });
    }
  });
}

/**
 * State of each server. A stale PID file is reported (state 'stale') and removed.
 *
 * @returns {Promise<Array<{name: 'kafka'|'ferretdb', state: 'running'|'stopped'|'stale'|'external',
 *   pid?: number, port: number, portOpen: boolean, installed: boolean, logFile: string, url: string}>>}
 */
export async function statusLocalServers({ log = noop } = {}) {
  const cfg = localServersConfig();
  const out = [];
  for (const svc of [cfg.kafka, cfg.mongo]) {
    const st = inspect(cfg, svc, log);
    const portOpen = await isPortOpen(svc.port);
    const state = st.state !== 'running' && portOpen ? 'external' : st.state;
    out.push({
      name: svc.name,
      state,
      pid: st.pid,
      port: svc.port,
      portOpen,
      installed: svc === cfg.kafka ? fs.existsSync(svc.marker) : fs.existsSync(svc.bin),
      logFile: svc.logFile,
      url: svc === cfg.kafka ? svc.brokers : svc.uri,
    });
  }
  return out;
}
