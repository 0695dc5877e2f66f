// kustomize for the manifest checks and for anyone without kubectl: the real kustomize CLI, built
// from its Go module (sigs.k8s.io/kustomize/kustomize/v5) into .local/bin on first use.
//
//   node tools/deploy/kustomize.cjs install                       # build it if missing (~3 min cold)
//   node tools/deploy/kustomize.cjs build k8s/overlays/production # render an overlay to stdout
//
// KUSTOMIZE_BIN=/path/to/kustomize uses an existing binary instead (it must be v5). The binary lives
// in $DL_LOCAL_DIR/bin or .local/bin (git-ignored); the build log in .local/logs/install-kustomize.log.
// Needs Go 1.24+ (the version below declares `go 1.24.0`) and the Go module proxy.
'use strict';

const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const KUSTOMIZE_MODULE = 'sigs.k8s.io/kustomize/kustomize/v5';
const KUSTOMIZE_VERSION = 'v5.8.1';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

function localDir(env = process.env) {
  return path.resolve(env.DL_LOCAL_DIR || path.join(REPO_ROOT, '.local'));
}

function defaultBinary(env = process.env) {
  return path.join(localDir(env), 'bin', 'kustomize');
}

/** The version a kustomize binary reports (`v5.8.1`), or undefined when it does not run. */
function binaryVersion(bin) {
  try {
    return execFileSync(bin, ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Path of a working kustomize v5: $KUSTOMIZE_BIN, else .local/bin/kustomize at KUSTOMIZE_VERSION,
 * built with `go install` when missing or at another version. Throws with the build log's tail.
 */
function ensureKustomize({ log = console.log, env = process.env } = {}) {
  if (env.KUSTOMIZE_BIN) {
    const version = binaryVersion(env.KUSTOMIZE_BIN);
    if (!version || !version.startsWith('v5.'))
      throw new Error(
        `KUSTOMIZE_BIN=${env.KUSTOMIZE_BIN} is not a kustomize v5 binary (version: ${version ?? 'does not run'})`,
      );
    return env.KUSTOMIZE_BIN;
  }
  const bin = defaultBinary(env);
  if (binaryVersion(bin) === KUSTOMIZE_VERSION) return bin;

  const logFile = path.join(localDir(env), 'logs', 'install-kustomize.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  // Each installer builds into its own GOBIN and renames the result into place, so two concurrent
  // first runs both succeed and never leave a half-written binary.
  const gobin = path.join(localDir(env), 'bin', `.kustomize-build-${process.pid}`);
  fs.mkdirSync(gobin, { recursive: true });
  log(
    `kustomize: building ${KUSTOMIZE_MODULE}@${KUSTOMIZE_VERSION} with Go into ${path.relative(REPO_ROOT, bin)} (first use: ~3 min from a cold Go cache, seconds from a warm one); log: ${path.relative(REPO_ROOT, logFile)}`,
  );
  const started = Date.now();
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} go install -trimpath ${KUSTOMIZE_MODULE}@${KUSTOMIZE_VERSION}\n`);
  const result = spawnSync('go', ['install', '-trimpath', `${KUSTOMIZE_MODULE}@${KUSTOMIZE_VERSION}`], {
    cwd: gobin,
    env: { ...env, GOBIN: gobin, CGO_ENABLED: env.CGO_ENABLED ?? '0' },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  try {
    if (result.error) {
      throw new Error(
        result.error.code === 'ENOENT'
          ? `kustomize: 'go' not found on PATH (needs Go 1.24+), or set KUSTOMIZE_BIN`
          : String(result.error),
      );
    }
    if (result.status !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
      throw new Error(`kustomize: go install failed (exit ${result.status}); last lines of ${logFile}:\n${tail}`);
    }
    fs.renameSync(path.join(gobin, 'kustomize'), bin);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
  const version = binaryVersion(bin);
  if (version !== KUSTOMIZE_VERSION)
    throw new Error(`kustomize: built ${bin} but it reports ${version ?? 'nothing'}, expected ${KUSTOMIZE_VERSION}`);
  log(`kustomize: ${KUSTOMIZE_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

/** `kustomize build dir` as YAML text; throws with kustomize's message when the build fails. */
function kustomizeBuild(dir, { bin = ensureKustomize({ log: () => undefined }) } = {}) {
  const result = spawnSync(bin, ['build', path.resolve(REPO_ROOT, dir)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kustomize build ${dir} failed (exit ${result.status}):\n${result.stderr}`);
  return result.stdout;
}

module.exports = { KUSTOMIZE_MODULE, KUSTOMIZE_VERSION, REPO_ROOT, ensureKustomize, kustomizeBuild, defaultBinary };

if (require.main === module) {
  const [command, dir] = process.argv.slice(2);
  try {
    if (command === 'install') {
      console.log(ensureKustomize());
    } else if (command === 'build' && dir) {
      process.stdout.write(kustomizeBuild(dir, { bin: ensureKustomize({ log: (line) => console.error(line) }) }));
    } else {
      console.error('usage: node tools/deploy/kustomize.cjs install | build <kustomization dir>');
      process.exit(2);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
