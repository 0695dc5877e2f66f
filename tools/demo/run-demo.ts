// The demo load: realistic one-stop traffic for one province pushed through the intake API.
// Started by tools/demo/demo.mjs (`npm run demo`, and `npm start` unless --no-demo). The traffic itself
// is the pure generator of libs/demo-traffic; this file only does I/O: key, health, batches, log lines.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatNumberVi, isoInVietnam, localDateOfEpochMs, addDays, parseIsoLocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import {
  provinceUnits,
  trafficFingerprint,
  TrafficSimulator,
  vnInstant,
  type OpeningHours,
  type TrafficConfig,
} from '@dossier-ledger/demo-traffic';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';

const ROOT = join(__dirname, '..', '..');

const USAGE = `Usage: npm run demo -- [options]          (every option also has an environment variable)
  --province CODE      province GSO code, post-07/2025 (DEMO_PROVINCE, default 42 Hà Tĩnh)
  --rate N             at most N events per second sent (DEMO_RATE, default 500)
  --backfill-days N    history to generate before going live (DEMO_BACKFILL_DAYS, default 60; 0 = live only)
  --per-day N          dossiers per working day in the province (DEMO_PER_DAY, default 600)
  --live-per-hour N    extra dossiers an hour, around the clock, from the start of this run, so figures
                       move whenever you watch (DEMO_LIVE_PER_HOUR, default 360; 0 = the realistic flow only)
  --hours office|always  receipts 07:30–17:00 on working days, or around the clock (DEMO_HOURS, default office)
  --seed N             traffic seed (DEMO_SEED, default 1); same options = same dossiers, re-sent as duplicates
  --url URL            intake base URL (INTAKE_URL, default http://localhost:3001)
  --key KEY            API key (DEMO_API_KEY); otherwise a cached one, otherwise \`npm run keys -- create\`
  --batch N            events per request (DEMO_BATCH, default 1000, at most 10000)
  --duration S         stop after S seconds (DEMO_DURATION, default 0 = run until Ctrl-C)
  --no-live            stop once the history is sent
  --resend             send the history again even if a previous run sent it (default: resume after it)
  --dry-run            generate without sending (no intake needed): prints the same lines`;

interface Options {
  province: string;
  rate: number;
  backfillDays: number;
  perDay: number;
  livePerHour: number;
  hours: OpeningHours;
  seed: number;
  url: string;
  key: string | undefined;
  batch: number;
  durationS: number;
  live: boolean;
  resend: boolean;
  dryRun: boolean;
  healthTimeoutS: number;
}

class UsageError extends Error {}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) flags.set(name, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, true);
  }
  const known = new Set([
    'province',
    'rate',
    'backfill-days',
    'per-day',
    'live-per-hour',
    'hours',
    'seed',
    'url',
    'key',
    'batch',
    'duration',
    'no-live',
    'resend',
    'dry-run',
    'health-timeout',
    'help',
  ]);
  for (const name of flags.keys()) if (!known.has(name)) throw new UsageError(`Unknown option --${name}`);
  if (flags.has('help')) throw new UsageError('');
  const text = (flag: string, variable: string, fallback: string): string => {
    const value = flags.get(flag);
    if (value === true) throw new UsageError(`--${flag} needs a value`);
    return value ?? env[variable] ?? fallback;
  };
  const number = (flag: string, variable: string, fallback: number, min: number, max: number): number => {
    const raw = text(flag, variable, String(fallback));
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max)
      throw new UsageError(`--${flag} (${variable}) must be a number ${min}–${max}, got ${raw}`);
    return value;
  };
  const hours = text('hours', 'DEMO_HOURS', 'office');
  if (hours !== 'office' && hours !== 'always') throw new UsageError(`--hours must be office or always, got ${hours}`);
  return {
    province: text('province', 'DEMO_PROVINCE', '42'),
    rate: number('rate', 'DEMO_RATE', 500, 1, 100_000),
    backfillDays: Math.floor(number('backfill-days', 'DEMO_BACKFILL_DAYS', 60, 0, 3650)),
    perDay: number('per-day', 'DEMO_PER_DAY', 600, 0, 1_000_000),
    livePerHour: number('live-per-hour', 'DEMO_LIVE_PER_HOUR', 360, 0, 1_000_000),
    hours,
    seed: Math.floor(number('seed', 'DEMO_SEED', 1, 0, 2 ** 31)),
    url: text('url', 'INTAKE_URL', 'http://localhost:3001').replace(/\/$/, ''),
    key: flags.get('key') === undefined ? env['DEMO_API_KEY'] || undefined : text('key', 'DEMO_API_KEY', ''),
    batch: Math.floor(number('batch', 'DEMO_BATCH', 1000, 1, 10_000)),
    durationS: number('duration', 'DEMO_DURATION', 0, 0, 1e9),
    live: !flags.has('no-live'),
    resend: flags.has('resend'),
    dryRun: flags.has('dry-run'),
    healthTimeoutS: number('health-timeout', 'DEMO_HEALTH_TIMEOUT', 300, 1, 86_400),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clock = () => isoInVietnam(Date.now()).slice(11, 19);
const log = (message: string) => console.log(`[demo ${clock()}] ${message}`);
const n = (value: number) => formatNumberVi(Math.round(value));

// ---------------------------------------------------------------------------------------------- key

/** Files of this province against this intake and database: `.local/demo/<kind>-<province>-<target>`. */
function localFile(options: Options, kind: 'api-key' | 'sent'): string {
  const dir = process.env['DL_LOCAL_DIR'] ?? join(ROOT, '.local');
  const target = createHash('sha256')
    .update(`${options.url}|${process.env['MONGODB_URI'] ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return join(dir, 'demo', `${kind}-${options.province}-${target}${kind === 'sent' ? '.json' : ''}`);
}

const keyFile = (options: Options) => localFile(options, 'api-key');

/**
 * What a previous run sent: every event before `sentThrough` (ms) of the traffic `fingerprint`
 * started at `start`. A restart resumes after it instead of re-sending the history (the intake
 * acknowledges re-sent events as duplicates, but slowly).
 */
interface SentState {
  fingerprint: string;
  start: number;
  sentThrough: number;
  probeDossierId: string;
  /** Start and volume of the extra live dossiers of that run. */
  liveFrom: number;
  livePerHour: number;
}

function readSentState(options: Options): SentState | undefined {
  try {
    return JSON.parse(readFileSync(localFile(options, 'sent'), 'utf8')) as SentState;
  } catch {
    return undefined;
  }
}

function writeSentState(options: Options, state: SentState): void {
  const file = localFile(options, 'sent');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

/** True when the intake still holds a dossier of the earlier run (the database was not reset since). */
async function intakeHolds(options: Options, key: string, dossierId: string): Promise<boolean> {
  try {
    const response = await fetch(`${options.url}/v1/dossiers/${encodeURIComponent(dossierId)}/events`, {
      headers: { authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return false;
    const body = (await response.json()) as { events?: unknown[] };
    return (body.events?.length ?? 0) > 0;
  } catch {
    return false;
  }
}

/** `npm run keys -- create …`: the key is alone on the last line of its output. */
function createKey(options: Options): string {
  const args = [
    'run',
    '--silent',
    'keys',
    '--',
    'create',
    '--name',
    'demo',
    '--scope',
    options.province,
    '--role',
    'write,read',
  ];
  log(`creating an API key: npm ${args.join(' ')}`);
  const result = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', env: process.env });
  const lines = (result.stdout ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const key = lines[lines.length - 1];
  if (result.status !== 0 || !key) {
    throw new Error(
      `npm run keys failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || '').trim().slice(0, 500)}\nPass a key with --key or DEMO_API_KEY.`,
    );
  }
  return key;
}

function cachedOrNewKey(options: Options, fresh: boolean): { key: string; cached: boolean } {
  const file = keyFile(options);
  if (!fresh && existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), cached: true };
  const key = createKey(options);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, cached: false };
}

// ------------------------------------------------------------------------------------------- intake

async function waitForHealth(options: Options): Promise<void> {
  const deadline = Date.now() + options.healthTimeoutS * 1000;
  let lastNote = 0;
  for (;;) {
    let status = 'unreachable';
    try {
      const response = await fetch(`${options.url}/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      status = `HTTP ${response.status}`;
    } catch (error) {
      status = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline)
      throw new Error(`intake ${options.url}/health not ready after ${options.healthTimeoutS} s (${status})`);
    if (Date.now() - lastNote > 10_000) {
      log(`waiting for the intake at ${options.url}/health (${status})`);
      lastNote = Date.now();
    }
    await sleep(1_000);
  }
}

interface Totals {
  accepted: number;
  duplicates: number;
  conflicts: number;
  sent: number;
}

class FatalError extends Error {}
class Unauthorized extends Error {}

async function post(options: Options, key: string, events: DossierEventV1[], totals: Totals): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let retryWhy: string;
    try {
      const response = await fetch(`${options.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(events),
        signal: AbortSignal.timeout(120_000),
      });
      const text = await response.text();
      if (response.status === 202) {
        const body = JSON.parse(text) as { accepted: number; duplicates: number; conflicts: unknown[] };
        totals.accepted += body.accepted;
        totals.duplicates += body.duplicates;
        totals.conflicts += body.conflicts.length;
        totals.sent += events.length;
        return;
      }
      if (response.status === 401) throw new Unauthorized(text.slice(0, 300));
      if (
        response.status === 403 ||
        response.status === 400 ||
        response.status === 413 ||
        response.status === 415 ||
        response.status === 422
      ) {
        throw new FatalError(`intake answered ${response.status}: ${text.slice(0, 1500)}`);
      }
      retryWhy = `HTTP ${response.status} ${text.slice(0, 200)}`;
    } catch (error) {
      if (error instanceof FatalError || error instanceof Unauthorized) throw error;
      retryWhy = error instanceof Error ? error.message : String(error);
    }
    const wait = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
    log(`batch of ${events.length} not accepted (${retryWhy}); retrying in ${wait / 1000} s`);
    await sleep(wait);
  }
}

// --------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const registry = loadDefaultUnitRegistry();
  const now = Date.now();
  const today = localDateOfEpochMs(now);
  const { province, units, datasetId } = provinceUnits(registry, options.province, today);
  // The codes are today's: history starts no earlier than the hierarchy they belong to.
  const eraStart = registry.eraOn(today)?.validFrom ?? null;
  let startDate = addDays(parseIsoLocalDate(today), -options.backfillDays);
  if (eraStart !== null && startDate < eraStart) {
    log(`history clipped to ${eraStart}: before it the province's units had other codes (${datasetId})`);
    startDate = parseIsoLocalDate(eraStart);
  }
  let start = options.backfillDays === 0 ? now : vnInstant(startDate, 0);
  let liveFrom = now;
  const traffic = (from: number): TrafficConfig => ({
    units,
    perWorkingDay: options.perDay,
    start: from,
    seed: options.seed,
    hours: options.hours,
    extra: { from: liveFrom, perHour: options.livePerHour },
  });
  const fingerprint = trafficFingerprint(traffic(start));
  const previous = options.dryRun || options.resend ? undefined : readSentState(options);
  const resumable = previous !== undefined && previous.fingerprint === fingerprint && previous.start <= start;
  if (resumable) {
    start = previous.start;
    // The earlier run's live dossiers keep their later events.
    if (previous.livePerHour === options.livePerHour && previous.liveFrom !== undefined) liveFrom = previous.liveFrom;
  }
  const sim = new TrafficSimulator(traffic(start));
  const communes = units.filter((u) => u.level === 'commune').length;
  log(
    `${province.name} (${province.code}): ${communes} communes + province level (${datasetId}); ${n(options.perDay)} dossiers a working day ` +
      `+ ${n(options.livePerHour)} an hour live, ` +
      `hours ${options.hours}, seed ${options.seed} (ids DM${sim.fingerprint}-…); history from ${isoInVietnam(start).slice(0, 10)}, at most ${n(options.rate)} events/s` +
      (options.dryRun ? '; dry run (nothing sent)' : ` to ${options.url}`),
  );

  let key = '';
  let keyCached = false;
  if (!options.dryRun) {
    await waitForHealth(options);
    if (options.key) {
      key = options.key;
    } else {
      ({ key, cached: keyCached } = cachedOrNewKey(options, false));
    }
  }
  let skipBefore = -Infinity;
  if (resumable && previous) {
    if (await intakeHolds(options, key, previous.probeDossierId)) {
      skipBefore = previous.sentThrough;
      log(`resuming: a previous run sent the events up to ${isoInVietnam(skipBefore)} (--resend sends them again)`);
    } else {
      log('a previous run’s events are not in the intake any more (database reset?): sending the history again');
    }
  }
  let probeDossierId = resumable && skipBefore > -Infinity && previous ? previous.probeDossierId : '';

  const totals: Totals = { accepted: 0, duplicates: 0, conflicts: 0, sent: 0 };
  const startedAt = Date.now();
  const stopAt = options.durationS > 0 ? startedAt + options.durationS * 1000 : Infinity;
  let stopping = false;
  let stoppingAt = 0;
  // The first signal stops after the request in flight and prints the totals; another one a second later exits at once.
  const stop = () => {
    if (stopping && Date.now() - stoppingAt > 1_000) process.exit(130);
    if (!stopping) log('stopping…');
    stopping = true;
    stoppingAt ||= Date.now();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let live = false;
  const queue: DossierEventV1[] = [];
  let nextSendAt = Date.now();
  let lastReport = { at: Date.now(), sent: 0, dossiers: 0 };
  const report = (force = false) => {
    const t = Date.now();
    if (!force && t - lastReport.at < 60_000) return;
    const stats = sim.stats();
    const perSecond = ((totals.sent - lastReport.sent) * 1000) / Math.max(1, t - lastReport.at);
    const simText = isoInVietnam(sim.cursor).slice(0, 16).replace('T', ' ');
    log(
      `${live ? 'live' : 'history'} ${simText} | dossiers ${n(stats.dossiers)} (+${n(stats.dossiers - lastReport.dossiers)}) | ` +
        `events sent ${n(totals.sent)}, ${n(perSecond)}/s | accepted ${n(totals.accepted)}, duplicates ${n(totals.duplicates)}, conflicts ${n(totals.conflicts)}` +
        (queue.length > 0 ? ` | queued ${n(queue.length)}` : ''),
    );
    lastReport = { at: t, sent: totals.sent, dossiers: stats.dossiers };
  };

  const send = async (events: DossierEventV1[]) => {
    const wait = nextSendAt - Date.now();
    if (wait > 0) await sleep(wait);
    nextSendAt = Math.max(nextSendAt, Date.now()) + (events.length * 1000) / options.rate;
    if (options.dryRun) {
      totals.sent += events.length;
      totals.accepted += events.length;
      return;
    }
    try {
      await post(options, key, events, totals);
    } catch (error) {
      if (!(error instanceof Unauthorized) || !keyCached) throw error;
      log('the cached API key was refused (revoked, or another database); creating a new one');
      rmSync(keyFile(options), { force: true });
      ({ key, cached: keyCached } = cachedOrNewKey(options, true));
      await post(options, key, events, totals);
    }
    probeDossierId ||= events[0].dossierId;
    // Events at the last instant may continue in the next batch: a restart re-sends that instant only.
    writeSentState(options, {
      fingerprint,
      start,
      sentThrough: Date.parse(events[events.length - 1].occurredAt),
      probeDossierId,
      liveFrom,
      livePerHour: options.livePerHour,
    });
  };
  const enqueue = (events: DossierEventV1[]) => {
    for (const event of events) if (Date.parse(event.occurredAt) >= skipBefore) queue.push(event);
  };

  const batchSize = Math.max(1, Math.min(options.batch, Math.ceil(options.rate)));
  const STEP_MS = 30 * 60_000;
  while (!stopping && Date.now() < stopAt) {
    const wall = Date.now();
    if (!live) {
      const target = Math.min(sim.cursor + STEP_MS, wall);
      enqueue(sim.advanceTo(target));
      if (target >= wall) {
        while (queue.length > 0 && !stopping) await send(queue.splice(0, batchSize));
        if (stopping) break;
        report(true);
        live = true;
        log(
          `history sent (${n(sim.stats().dossiers)} dossiers); ${options.live ? 'now live: events as they happen' : 'stopping (--no-live)'}`,
        );
        if (!options.live) break;
        continue;
      }
      while (queue.length >= batchSize && !stopping) await send(queue.splice(0, batchSize));
    } else {
      enqueue(sim.advanceTo(wall));
      while (queue.length > 0 && !stopping) await send(queue.splice(0, batchSize));
      await sleep(1_000);
    }
    report();
  }
  report(true);
  const stats = sim.stats();
  log(
    `stopped after ${n((Date.now() - startedAt) / 1000)} s: ${n(stats.dossiers)} dossiers, ${n(totals.sent)} events sent ` +
      `(accepted ${n(totals.accepted)}, duplicates ${n(totals.duplicates)}, conflicts ${n(totals.conflicts)})`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message ? `${error.message}\n\n` : ''}${USAGE}`);
      process.exit(error.message ? 2 : 0);
    }
    console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
