// CPU time of processes from /proc (Linux): on a 2-core machine shared by every part of the system,
// who uses the cores says more than any wall-clock figure.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '@dossier-ledger/testing';
import { nowMs } from './measure';

const CLOCK_TICKS_PER_S = 100; // USER_HZ: 100 on every Linux this runs on

/** User + system CPU seconds a process has used so far; undefined when it is gone or there is no /proc. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/**
 * Pids of the local Kafka and FerretDB that `npm run infra:up` started (none when other servers are
 * used), from the pid files tools/infra/local-servers.mjs writes (`<DL_LOCAL_DIR or .local>/run`).
 */
export function localServerPids(): Record<string, number> {
  const run = join(resolve(REPO_ROOT, process.env['DL_LOCAL_DIR'] || '.local'), 'run');
  const pids: Record<string, number> = {};
  for (const [name, file] of [
    ['kafka', 'kafka.pid'],
    ['ferretdb', 'ferretdb.pid'],
  ]) {
    try {
      const pid = Number(readFileSync(join(run, file), 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && processCpuSeconds(pid) !== undefined) pids[name] = pid;
    } catch {
      // not started by our scripts
    }
  }
  return pids;
}

/** CPU seconds each process used between `start()` and `stop()`, and the wall time between them. */
export class CpuAccount {
  private readonly started = new Map<string, number>();
  private startedAt = 0;

  constructor(private readonly pids: Record<string, number | undefined>) {}

  start(): this {
    this.startedAt = nowMs();
    for (const [name, pid] of Object.entries(this.pids)) {
      const cpu = processCpuSeconds(pid);
      if (cpu !== undefined) this.started.set(name, cpu);
    }
    return this;
  }

  stop(): { used: Map<string, number>; wallSeconds: number } {
    const used = new Map<string, number>();
    for (const [name, before] of this.started) {
      const now = processCpuSeconds(this.pids[name]);
      if (now !== undefined) used.set(name, now - before);
    }
    return { used, wallSeconds: (nowMs() - this.startedAt) / 1000 };
  }
}
